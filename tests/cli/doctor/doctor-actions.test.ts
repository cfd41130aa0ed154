import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCTOR_AGGREGATOR_IAM_ACTIONS, DOCTOR_IAM_ACTIONS } from '../../../src/cli/doctor/doctor-actions';
import { actionsCalledBy } from '../../deploy/support/sdk-actions';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Reachable from doctor's AWS wiring but never called: GetCallerIdentity
 * needs no permission, and the aggregator reader's per-account results call
 * (`evaluations`) is left out of the reader doctor is given (DoctorReader's
 * `aggregates` picks the other four), so its code cannot call it.
 */
const NOT_NEEDED = ['sts:GetCallerIdentity', 'config:GetAggregateComplianceDetailsByConfigRule'];

describe('doctor IAM actions', () => {
  it('are exactly the SDK commands doctor’s AWS wiring can call, less those that need no permission', () => {
    const called = [...actionsCalledBy(join(ROOT, 'src/cli/doctor/aws-doctor-reader.ts'))].filter((action) => !NOT_NEEDED.includes(action));
    expect([...DOCTOR_IAM_ACTIONS, ...DOCTOR_AGGREGATOR_IAM_ACTIONS].sort()).toEqual(called.sort());
  });

  it('keeps the aggregator reader’s results call out of doctor’s reach', () => {
    const port = readFileSync(join(ROOT, 'src/cli/doctor/doctor-reader.ts'), 'utf8');
    expect(port).toMatch(/Pick<AggregateReader, 'sources' \| 'sourceStatuses' \| 'ruleInstances' \| 'certificates'>/);
  });

  it('are read-only: no action that changes anything', () => {
    for (const action of [...DOCTOR_IAM_ACTIONS, ...DOCTOR_AGGREGATOR_IAM_ACTIONS]) expect(action).toMatch(/^(config:(Describe|Get|List)|logs:FilterLogEvents$|lambda:GetFunctionConfiguration$|organizations:ListAccounts$|securityhub:DescribeHub$|sts:AssumeRole$)/);
  });

  it('are the two lists docs/cli.md gives for doctor', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const listed = (marker: string) => {
      const start = docs.indexOf(marker);
      const block = docs.slice(docs.indexOf('```json', start), docs.indexOf('```', docs.indexOf('```json', start) + 7));
      return [...block.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((match) => match[1]).sort();
    };
    expect(listed('`doctor` needs')).toEqual([...DOCTOR_IAM_ACTIONS].sort());
    expect(listed('`doctor --aggregator` needs')).toEqual([...DOCTOR_AGGREGATOR_IAM_ACTIONS].sort());
  });
});
