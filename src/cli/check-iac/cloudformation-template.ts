import { certificateFindings, consumerFinding, isIamCertificateArn, type GateOptions } from './certificate-findings';
import type { IacFinding } from './findings';
import { at, child, entries, items, literalString, stringsUnder, type IacDocument } from './iac-document';
import type { Node } from 'yaml';

/**
 * Whether a document is a CloudFormation template (hand-written, or `cdk
 * synth` output): a `Resources` mapping whose entries have a string `Type`.
 */
export function isCloudFormationTemplate(document: IacDocument): boolean {
  const resources = entries(child(document.root, 'Resources'));
  return resources.length > 0 && resources.some(([, resource]) => literalString(child(resource, 'Type')) !== undefined);
}

/**
 * Findings of a CloudFormation template: `AWS::IAM::ServerCertificate`
 * resources (an inline `CertificateBody` literal is checked; a `!Ref`, `!Sub`
 * or other intrinsic is not known before deployment), and the properties
 * that point a listener or distribution at an IAM certificate (CloudFormation
 * resource reference for each type).
 */
export function cloudFormationFindings(document: IacDocument, options: GateOptions): IacFinding[] {
  const findings: IacFinding[] = [];
  const file = document.file;
  const resources = entries(child(document.root, 'Resources'));
  // A listener may name a certificate of the same template: !Ref Cert, !GetAtt Cert.Arn, { "Fn::GetAtt": ["Cert", "Arn"] }.
  const certificateIds = new Set(resources.filter(([, resource]) => literalString(child(resource, 'Type')) === 'AWS::IAM::ServerCertificate').map(([id]) => id));
  const namesIamCertificate = (value: string): boolean => isIamCertificateArn(value) || certificateIds.has(value) || certificateIds.has(value.split('.')[0] ?? '');
  for (const [logicalId, resource] of resources) {
    const type = literalString(child(resource, 'Type'));
    const properties = child(resource, 'Properties');
    const consumer = (node: Node | undefined, what: string): void => {
      if (node !== undefined && stringsUnder(node).some(namesIamCertificate)) findings.push(consumerFinding(file, logicalId, document.position(node), what));
    };
    switch (type) {
      case 'AWS::IAM::ServerCertificate': {
        const bodyNode = child(properties, 'CertificateBody');
        const pem = literalString(bodyNode);
        const body = pem !== undefined ? { pem } : { unknown: bodyNode === undefined ? 'no CertificateBody' : 'set by an intrinsic function or parameter' };
        findings.push(...certificateFindings({ file, resource: logicalId, position: document.position(bodyNode ?? resource), body }, options));
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::Listener':
      case 'AWS::ElasticLoadBalancingV2::ListenerCertificate':
        for (const certificate of items(child(properties, 'Certificates'))) consumer(child(certificate, 'CertificateArn'), 'Certificates[].CertificateArn');
        break;
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        for (const listener of items(child(properties, 'Listeners'))) consumer(child(listener, 'SSLCertificateId'), 'Listeners[].SSLCertificateId');
        break;
      case 'AWS::CloudFront::Distribution': {
        // IamCertificateId is the IAM certificate's id (ASCA…): any value at all points at IAM.
        const iamId = at(properties, 'DistributionConfig', 'ViewerCertificate', 'IamCertificateId');
        if (iamId !== undefined) findings.push(consumerFinding(file, logicalId, document.position(iamId), 'DistributionConfig.ViewerCertificate.IamCertificateId'));
        break;
      }
      default:
        break;
    }
  }
  return findings;
}
