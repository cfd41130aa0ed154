import { describeAgo, describeLeft } from '../../core/evaluate-certificate';
import { isoSeconds } from '../../core/annotation';
import { judgeCertificateBody } from './certificate-body';
import { IacRule, type IacFinding, type SourcePlace, type SourcePosition } from './findings';

/** What the gate is asked to enforce. */
export interface GateOptions {
  readonly now: Date;
  /** The warning window, in days. */
  readonly days: number;
  /** Any IAM server certificate is an error. */
  readonly denyIamCertificates: boolean;
  /** A body unknown before deployment is a warning instead of an error. */
  readonly allowUnknown: boolean;
  /** A template the gate could not check (remote, or known only at deployment) is an error instead of a warning. */
  readonly strict: boolean;
}

/** An IAM server certificate the change creates, replaces or keeps. */
export interface CertificateInChange {
  readonly file: string;
  readonly resource: string;
  readonly position: SourcePosition;
  /** The inline PEM body, or why it is not known before deployment. */
  readonly body: { readonly pem: string } | { readonly unknown: string };
}

/** The findings for one IAM server certificate in a change. */
export function certificateFindings(certificate: CertificateInChange, options: GateOptions): IacFinding[] {
  const { file, resource, position } = certificate;
  const finding = (rule: IacRule, level: IacFinding['level'], message: string): IacFinding => ({ rule, level, file, position, resource, message });
  const found: IacFinding[] = [];
  if (options.denyIamCertificates) {
    found.push(finding(IacRule.Denied, 'error', `${resource} stores a server certificate in IAM; IAM server certificates are not allowed here: use AWS Certificate Manager`));
  }
  if ('unknown' in certificate.body) {
    const level = options.allowUnknown ? 'warning' : 'error';
    found.push(finding(IacRule.Unknown, level, `${resource}: the certificate body is not known before deployment (${certificate.body.unknown}), so its expiry cannot be checked`));
    return found;
  }
  const verdict = judgeCertificateBody(certificate.body.pem, options.now, options.days);
  switch (verdict.kind) {
    case 'invalid':
      found.push(finding(IacRule.InvalidBody, 'error', `${resource}: the certificate body is not a PEM X.509 certificate (${verdict.reason})`));
      break;
    case 'expired':
      found.push(finding(IacRule.Expired, 'error', `${resource}: the certificate expired ${isoSeconds(verdict.expiration)} (${describeAgo(-verdict.daysLeft)}); upload a current one, or use AWS Certificate Manager`));
      break;
    case 'expiring':
      found.push(
        finding(IacRule.Expiring, 'error', `${resource}: the certificate expires ${isoSeconds(verdict.expiration)} (${describeLeft(verdict.daysLeft)}), within ${options.days} days; renew it before deploying, or use AWS Certificate Manager`),
      );
      break;
    case 'valid':
      break;
  }
  return found;
}

/** The finding for a listener or distribution that points at an IAM server certificate. */
export function consumerFinding(file: string, resource: string, position: SourcePosition, what: string): IacFinding {
  return {
    rule: IacRule.Consumer,
    level: 'warning',
    file,
    position,
    resource,
    message: `${resource}: ${what} points at an IAM server certificate; AWS Certificate Manager certificates are accepted here`,
  };
}

/** The finding for a template the change deploys that the gate could not check: `what` names it, `why` says why not. */
export function uncheckedTemplateFinding(place: SourcePlace, resource: string, what: string, why: string, options: GateOptions): IacFinding {
  return {
    rule: IacRule.UncheckedTemplate,
    level: options.strict ? 'error' : 'warning',
    file: place.file,
    position: place.position,
    resource,
    message: `${resource}: the template ${what} was not checked (${why}); check it with the gate where it is built${options.strict ? '' : ', or run with --strict to fail on templates the gate cannot see'}`,
  };
}

/** IAM server certificate ARNs: `arn:<partition>:iam::<account>:server-certificate/<path><name>` (IAM User Guide, IAM ARNs). */
export function isIamCertificateArn(value: string): boolean {
  return value.includes(':server-certificate/');
}
