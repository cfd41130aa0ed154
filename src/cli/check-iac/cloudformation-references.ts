import { isIamCertificateArn } from './certificate-findings';
import { entriesOf, field, isRecord, list, text } from './iac-values';

/**
 * `${Name}` and `${Resource.Attribute}` placeholders of an `Fn::Sub` string;
 * `${!Literal}` is written out as `${Literal}`, not substituted (AWS
 * CloudFormation User Guide, "Fn::Sub").
 */
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * What in a property value points at an IAM server certificate, for the
 * message, or `undefined`: a literal IAM certificate ARN (also inside
 * `Fn::Join` parts or an `Fn::Sub` string), or a reference to one of the
 * template's `AWS::IAM::ServerCertificate` resources by `Ref`, `Fn::GetAtt`
 * or an `Fn::Sub` placeholder, in its one-string form or the two-element
 * form `[string, { Var: value }]` (whose variables shadow resource names).
 * Walks the value with an explicit stack: nesting comes from the file.
 */
export function iamCertificateReference(value: unknown, certificateIds: ReadonlySet<string>): string | undefined {
  const pending: unknown[] = [value];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const literal = text(item);
    if (literal !== undefined) {
      if (isIamCertificateArn(literal)) return literal;
      continue;
    }
    if (Array.isArray(item)) {
      pending.push(...(item as unknown[]));
      continue;
    }
    if (!isRecord(item)) continue;
    const ref = text(field(item, 'Ref'));
    if (ref !== undefined && certificateIds.has(ref)) return `Ref ${ref}`;
    const getAtt = list(field(item, 'Fn::GetAtt'));
    const getAttId = text(getAtt[0]);
    if (getAttId !== undefined && certificateIds.has(getAttId)) return `Fn::GetAtt ${getAtt.map(text).join('.')}`;
    const sub = field(item, 'Fn::Sub');
    if (sub !== undefined) {
      const [template, variables] = Array.isArray(sub) ? [text(sub[0]), sub[1]] : [text(sub), undefined];
      if (template !== undefined) {
        const shadowed = new Set(entriesOf(variables).map(([name]) => name));
        for (const [, inside] of template.matchAll(PLACEHOLDER)) {
          const name = (inside ?? '').trim();
          if (name.startsWith('!') || shadowed.has(name)) continue;
          const logicalId = name.split('.')[0] ?? '';
          if (certificateIds.has(logicalId)) return `Fn::Sub \${${name}}`;
        }
      }
    }
    // Any other intrinsic (Fn::If, Fn::Join, Fn::Select, …) or mapping: look inside.
    pending.push(...Object.values(item));
  }
  return undefined;
}
