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
  /**
   * A template the gate could not check (remote, known only at deployment, a
   * macro's or module's output, a later round of an incomplete plan) is a
   * warning instead of an error. Off by default: the gate passes only what it
   * has read (`--allow-unchecked` turns it on; `--strict` is the default).
   */
  readonly allowUnchecked: boolean;
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

/** Where a template the gate did not see may be checked before it ships, when nothing better is known. */
export const CHECK_WHERE_BUILT = 'check it with the gate where it is built';

/**
 * Where the template CloudFormation deploys after it processed a macro or
 * expanded a module can be read: CloudFormation keeps the processed template
 * of every stack and change set (`GetTemplate` with `TemplateStage`
 * `Processed`; AWS CloudFormation User Guide, "Troubleshoot the processed
 * template", and "Use modules from the CloudFormation private registry": a
 * stack operation "generates a processed template that resolves any included
 * modules").
 */
export const CHECK_PROCESSED_TEMPLATE =
  'check the processed template (of a change set, or of the stack: aws cloudformation get-template --stack-name STACK [--change-set-name SET] --template-stage Processed --query TemplateBody --output json > processed.json) with the gate';

/** The level of a template the gate did not check: an error unless `--allow-unchecked` (a false "passed" is the worst defect). */
export function uncheckedLevel(options: GateOptions): IacFinding['level'] {
  return options.allowUnchecked ? 'warning' : 'error';
}

/** What an unchecked-template message ends with: how to pass a template the gate cannot see on purpose. */
export function uncheckedHint(options: GateOptions): string {
  return options.allowUnchecked ? '' : ' (--allow-unchecked reports it as a warning)';
}

/**
 * The finding for a template the change deploys that the gate could not
 * check (IAMCERT007): `what` names it, `why` says why not, `advice` where it
 * can be checked. An error unless `--allow-unchecked`.
 */
export function uncheckedTemplateFinding(place: SourcePlace, resource: string, what: string, why: string, options: GateOptions, advice: string = CHECK_WHERE_BUILT): IacFinding {
  return {
    rule: IacRule.UncheckedTemplate,
    level: uncheckedLevel(options),
    file: place.file,
    position: place.position,
    resource,
    message: `${resource}: the template ${what} was not checked (${why}); ${advice}${uncheckedHint(options)}`,
  };
}

/** IAM server certificate ARNs: `arn:<partition>:iam::<account>:server-certificate/<path><name>` (IAM User Guide, IAM ARNs). */
export function isIamCertificateArn(value: string): boolean {
  return value.includes(':server-certificate/');
}
