import { certificateFindings, consumerFinding, isIamCertificateArn, type GateOptions } from './certificate-findings';
import type { IacFinding } from './findings';
import type { Node } from 'yaml';
import { at, child, isTrue, items, literalString, type IacDocument } from './iac-document';

/**
 * Whether a document is `terraform show -json` output of a plan: it has
 * `resource_changes` (Terraform docs, "JSON Output Format": plan representation).
 */
export function isTerraformPlan(document: IacDocument): boolean {
  return child(document.root, 'resource_changes') !== undefined;
}

/**
 * Findings of a Terraform plan. Each `resource_changes[]` entry has `type`,
 * `address`, `change.actions` (`["create"]`, `["update"]`, `["no-op"]`,
 * `["delete"]`, or `["delete","create"]` / `["create","delete"]` for a
 * replacement), `change.after` (values after apply) and `change.after_unknown`
 * (which of them are known only after apply). A resource only deleted is
 * skipped: it will not exist.
 */
export function terraformPlanFindings(document: IacDocument, options: GateOptions): IacFinding[] {
  const findings: IacFinding[] = [];
  const referencesIamCertificate = iamCertificateReferences(document);
  // A value in `after`, or, when it is known only after apply, the configuration's reference to an IAM certificate.
  const pointsAtIam = (address: string, after: Node | undefined, key: string): boolean =>
    isIamCertificateArn(literalString(child(after, key)) ?? '') || referencesIamCertificate(address, key);
  for (const change of items(child(document.root, 'resource_changes'))) {
    const type = literalString(child(change, 'type'));
    const address = literalString(child(change, 'address')) ?? type ?? '(unnamed)';
    const actions = items(at(change, 'change', 'actions')).map((action) => literalString(action));
    if (actions.length === 1 && actions[0] === 'delete') continue;
    const after = at(change, 'change', 'after');
    const unknown = at(change, 'change', 'after_unknown');
    switch (type) {
      case 'aws_iam_server_certificate': {
        const pem = literalString(child(after, 'certificate_body'));
        const body =
          pem !== undefined && !isTrue(child(unknown, 'certificate_body'))
            ? { pem }
            : { unknown: isTrue(child(unknown, 'certificate_body')) ? 'known after apply' : 'no certificate_body in the plan' };
        findings.push(...certificateFindings({ file: document.file, resource: address, position: document.position(child(after, 'certificate_body') ?? change), body }, options));
        break;
      }
      case 'aws_lb_listener':
      case 'aws_alb_listener':
      case 'aws_lb_listener_certificate':
      case 'aws_alb_listener_certificate':
        if (pointsAtIam(address, after, 'certificate_arn')) {
          findings.push(consumerFinding(document.file, address, document.position(child(after, 'certificate_arn') ?? change), 'certificate_arn'));
        }
        break;
      case 'aws_elb':
        for (const listener of items(child(after, 'listener'))) {
          if (isIamCertificateArn(literalString(child(listener, 'ssl_certificate_id')) ?? '')) {
            findings.push(consumerFinding(document.file, address, document.position(child(listener, 'ssl_certificate_id')), 'listener.ssl_certificate_id'));
          }
        }
        break;
      case 'aws_cloudfront_distribution':
        for (const viewer of items(child(after, 'viewer_certificate'))) {
          if ((literalString(child(viewer, 'iam_certificate_id')) ?? '') !== '') {
            findings.push(consumerFinding(document.file, address, document.position(child(viewer, 'iam_certificate_id')), 'viewer_certificate.iam_certificate_id'));
          }
        }
        break;
      default:
        break;
    }
  }
  return findings;
}

/**
 * Whether the plan's configuration (`configuration.root_module.resources[]`,
 * each with `address` and `expressions.<argument>.references`) makes a root
 * module resource's argument reference an `aws_iam_server_certificate`: the
 * case of a listener and a certificate created in the same plan, whose ARN is
 * known only after apply.
 */
function iamCertificateReferences(document: IacDocument): (address: string, argument: string) => boolean {
  const byAddress = new Map<string, Node | undefined>();
  for (const resource of items(at(document.root, 'configuration', 'root_module', 'resources'))) {
    const address = literalString(child(resource, 'address'));
    if (address !== undefined) byAddress.set(address, child(resource, 'expressions'));
  }
  return (address, argument) =>
    items(at(byAddress.get(address), argument, 'references')).some((reference) => (literalString(reference) ?? '').startsWith('aws_iam_server_certificate.'));
}
