import { certificateFindings, consumerFinding, type GateOptions } from './certificate-findings';
import { iamCertificateReference } from './cloudformation-references';
import type { IacFinding } from './findings';
import type { IacDocument } from './iac-document';
import { at, entriesOf, field, isRecord, list, text, type IacPath } from './iac-values';

/**
 * Whether a document is a CloudFormation template (hand-written, or `cdk
 * synth` output): a `Resources` mapping whose entries have a string `Type`.
 */
export function isCloudFormationTemplate(document: IacDocument): boolean {
  return entriesOf(field(document.root, 'Resources')).some(([, resource]) => text(field(resource, 'Type')) !== undefined);
}

/**
 * Findings of a CloudFormation template: `AWS::IAM::ServerCertificate`
 * resources (an inline `CertificateBody` string is checked; a `Ref`, `Fn::Sub`
 * or other intrinsic is not known before deployment), and the properties
 * that point a listener or distribution at an IAM certificate (CloudFormation
 * resource reference for each type).
 */
export function cloudFormationFindings(document: IacDocument, options: GateOptions): IacFinding[] {
  const findings: IacFinding[] = [];
  const file = document.file;
  const resources = entriesOf(field(document.root, 'Resources'));
  const certificateIds = new Set(resources.filter(([, resource]) => text(field(resource, 'Type')) === 'AWS::IAM::ServerCertificate').map(([id]) => id));
  for (const [logicalId, resource] of resources) {
    const properties = field(resource, 'Properties');
    const where = (...path: IacPath) => document.position(['Resources', logicalId, ...path]);
    const consumer = (value: unknown, path: IacPath, what: string): void => {
      const reference = iamCertificateReference(value, certificateIds);
      if (reference !== undefined) findings.push(consumerFinding(file, logicalId, where('Properties', ...path), `${what} (${reference})`));
    };
    switch (text(field(resource, 'Type'))) {
      case 'AWS::IAM::ServerCertificate': {
        const body = field(properties, 'CertificateBody');
        const pem = text(body);
        const verdict = pem !== undefined ? { pem } : { unknown: body === undefined ? 'no CertificateBody' : `set by ${describeIntrinsic(body)}` };
        findings.push(...certificateFindings({ file, resource: logicalId, position: where('Properties', 'CertificateBody'), body: verdict }, options));
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::Listener':
      case 'AWS::ElasticLoadBalancingV2::ListenerCertificate':
        list(field(properties, 'Certificates')).forEach((certificate, index) =>
          consumer(field(certificate, 'CertificateArn'), ['Certificates', index, 'CertificateArn'], 'Certificates[].CertificateArn'),
        );
        break;
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        list(field(properties, 'Listeners')).forEach((listener, index) => consumer(field(listener, 'SSLCertificateId'), ['Listeners', index, 'SSLCertificateId'], 'Listeners[].SSLCertificateId'));
        break;
      case 'AWS::CloudFront::Distribution': {
        // IamCertificateId is the IAM certificate's id (ASCA…): any value at all points at IAM.
        const path = ['DistributionConfig', 'ViewerCertificate', 'IamCertificateId'];
        const iamId = at(properties, ...path);
        if (iamId !== undefined && iamId !== null) findings.push(consumerFinding(file, logicalId, where('Properties', ...path), 'DistributionConfig.ViewerCertificate.IamCertificateId'));
        break;
      }
      default:
        break;
    }
  }
  return findings;
}

/** `Ref BodyParam`, `Fn::Sub`, `Fn::If`…: what sets a value that is not a literal string. */
function describeIntrinsic(value: unknown): string {
  const [name, argument] = entriesOf(value)[0] ?? [];
  if (name === undefined || !isRecord(value) || Object.keys(value).length !== 1) return 'a value that is not a string';
  return name === 'Ref' && typeof argument === 'string' ? `Ref ${argument} (a parameter or resource, known at deployment)` : `${name} (an intrinsic function, evaluated at deployment)`;
}
