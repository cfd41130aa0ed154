/**
 * Every template's console metadata (AWS::CloudFormation::Interface) has the
 * shape CloudFormation documents (CloudFormation User Guide,
 * "AWS::CloudFormation::Interface" ParameterGroup and Label): a group is
 * `{ Label: { default: String }, Parameters: [String] }`, a label
 * `{ default: String }`, each parameter "must already be defined in the
 * Parameters section" and "can be included in only one parameter group".
 * A YAML flow mapping with an unquoted comma in a label splits it into two
 * keys (cfn-lint E0001/E3xxx fail); this test catches it without cfn-lint.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, mapping, parseTemplate, type TemplateValue } from '../../scripts/cloudformation-yaml';

const TEMPLATES = join(__dirname, '..', '..', 'templates');

/** What is wrong with a Label (`{ default: String }` and nothing else), or nothing. */
export function labelProblem(label: TemplateValue | undefined): string | undefined {
  if (label === null || label === undefined || typeof label !== 'object' || Array.isArray(label)) return 'is not a mapping';
  const keys = Object.keys(label);
  if (keys.length !== 1 || keys[0] !== 'default') return `has keys ${JSON.stringify(keys)}, not just "default" (an unquoted comma in a flow mapping?)`;
  return typeof label['default'] === 'string' && label['default'] !== '' ? undefined : 'has a default that is not a non-empty string';
}

/** Every problem with a template's AWS::CloudFormation::Interface metadata. */
export function interfaceProblems(template: Record<string, TemplateValue>): string[] {
  const metadata = template['Metadata'];
  const face = metadata === undefined ? undefined : mapping(metadata, 'Metadata')['AWS::CloudFormation::Interface'];
  if (face === undefined) return [];
  const declared = new Set(Object.keys(mapping(template['Parameters'] ?? {}, 'Parameters')));
  const problems: string[] = [];
  const grouped = new Set<string>();
  const groups = mapping(face, 'Interface')['ParameterGroups'] ?? [];
  (Array.isArray(groups) ? groups : [groups]).forEach((group, index) => {
    const entry = mapping(group, `ParameterGroups[${index}]`);
    const problem = labelProblem(entry['Label']);
    if (problem !== undefined) problems.push(`ParameterGroups[${index}].Label ${problem}`);
    const names = entry['Parameters'];
    if (!Array.isArray(names)) problems.push(`ParameterGroups[${index}].Parameters is not a list`);
    for (const name of Array.isArray(names) ? names : []) {
      if (typeof name !== 'string' || !declared.has(name)) problems.push(`ParameterGroups[${index}] names ${JSON.stringify(name)}, not a declared parameter`);
      else if (grouped.has(name)) problems.push(`${name} is in more than one parameter group`);
      else grouped.add(name);
    }
  });
  const labels = mapping(face, 'Interface')['ParameterLabels'] ?? {};
  for (const [name, label] of Object.entries(mapping(labels, 'ParameterLabels'))) {
    if (!declared.has(name)) problems.push(`ParameterLabels names ${name}, not a declared parameter`);
    const problem = labelProblem(label);
    if (problem !== undefined) problems.push(`ParameterLabels.${name} ${problem}`);
  }
  return problems;
}

describe('templates: AWS::CloudFormation::Interface metadata', () => {
  it('finds a label split by an unquoted comma, a label that is no string and a parameter not declared', () => {
    const template = parseTemplate(
      [
        'Parameters:',
        '  A: { Type: String }',
        'Metadata:',
        '  AWS::CloudFormation::Interface:',
        '    ParameterGroups:',
        '      - Label: { default: Verdicts at the expiry, not up to a day later }',
        '        Parameters: [A, B]',
        '      - Label: { default: 3 }',
        '        Parameters: [A]',
        '    ParameterLabels:',
        '      C: { default: C }',
      ].join('\n'),
    );
    expect(interfaceProblems(template)).toEqual([
      'ParameterGroups[0].Label has keys ["default","not up to a day later"], not just "default" (an unquoted comma in a flow mapping?)',
      'ParameterGroups[0] names "B", not a declared parameter',
      'ParameterGroups[1].Label has a default that is not a non-empty string',
      'A is in more than one parameter group',
      'ParameterLabels names C, not a declared parameter',
    ]);
  });

  it.each(readdirSync(TEMPLATES).filter((file) => /\.ya?ml$/.test(file)))('%s: every group and parameter label is a string, every parameter named is declared', (file) => {
    expect(interfaceProblems(loadTemplate(join(TEMPLATES, file)))).toEqual([]);
  });
});
