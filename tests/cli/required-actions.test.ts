import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROTATE_IAM_ACTIONS } from '../../src/cli/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';

const ROOT = join(__dirname, '..', '..');

/**
 * Where rotate's AWS calls are: its own services (IAM reads and upload,
 * repoints, TLS check: everything aws-rotation.ts builds), and the shared
 * CLI services it uses (the usage scan, the ACM advice, the guarded delete
 * of `--retire-old`). The shared services reach rotate through an interface,
 * so the files that implement them are named here.
 */
const ROTATE_CALLS_IN = ['src/cli/rotate/aws-rotation.ts', 'src/usage/reference-finder.ts', 'src/adapters/acm-certificates.ts', 'src/cli/retire/iam-certificate-retirer.ts'];

/** Actions IAM checks without a command of their own: tags sent with UploadServerCertificate are authorized as TagServerCertificate. */
const IMPLIED = ['iam:TagServerCertificate'];

describe('ROTATE_IAM_ACTIONS', () => {
  it('is exactly what the rotate code calls, plus the tag permission its upload needs', () => {
    const called = new Set(ROTATE_CALLS_IN.flatMap((file) => [...actionsCalledBy(join(ROOT, file))]));
    expect([...new Set(ROTATE_IAM_ACTIONS)].sort()).toEqual([...called, ...IMPLIED].sort());
    expect(ROTATE_IAM_ACTIONS).toHaveLength(new Set(ROTATE_IAM_ACTIONS).size);
  });

  it('covers every shared CLI service the rotate code uses, so a new one cannot slip past the list', () => {
    const used = new Set(
      ['src/cli/rotate/plan-rotation.ts', 'src/cli/rotate/act-rotation.ts', 'src/cli/rotate/rotate-command.ts', 'src/cli/scan-usage.ts']
        .flatMap((file) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/services\.(\w+)/g)].map((match) => match[1] ?? '')),
    );
    // acm, usage, retirer: the files above; certificates.get is GetServerCertificate (also rotation-iam.ts);
    // defaultRegion reads the SDK's configuration only.
    expect([...used].filter((service) => !['acm', 'usage', 'retirer', 'certificates', 'defaultRegion'].includes(service))).toEqual([]);
    expect(used.has('acm') && used.has('retirer') && used.has('usage')).toBe(true);
  });

  it('is the list docs/cli.md gives for rotate', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const section = docs.slice(docs.indexOf('`rotate` needs'), docs.indexOf('```', docs.indexOf('```json', docs.indexOf('`rotate` needs')) + 7));
    const listed = [...section.matchAll(/"([a-z0-9]+:[A-Za-z]+)"/g)].map((match) => match[1]);
    expect([...new Set(listed)].sort()).toEqual([...new Set(ROTATE_IAM_ACTIONS)].sort());
  });
});
