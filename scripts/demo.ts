/**
 * `npm run demo`: the rule end to end on a laptop, no AWS account needed.
 *
 * Builds the deployable bundle, starts the local IAM/Config stand-in, uploads
 * a handful of real certificates through the AWS SDK, runs the bundled
 * handler for the strict rule (daysToExpiration 0) and the early-warning rule
 * (30), and prints what Config received. Then a change event for one
 * certificate, and a deletion. Every verdict is checked against what it must
 * be; any difference or error exits non-zero.
 */
import { DeleteServerCertificateCommand, IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { buildBundle, kib } from '../tests/support/bundle/build-bundle';
import { startHandlerProcess, type HandlerProcess } from '../tests/support/bundle/handler-process';
import { asLambdaStartsIt } from '../tests/support/bundle/lambda-runtime';
import { certificateEnding } from '../tests/support/certificates';
import { changeEvent, daysParameter, periodicEvent } from '../tests/support/events';
import { StandIn } from '../tests/support/stand-in/stand-in';
import { renderTable } from '../tests/support/table';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { awsServices } from '../src/cli/cli-dependencies';
import { runCli } from '../src/cli/run-cli';

/** Where `npm run demo` writes the demo account's HTML report. */
const HTML_REPORT = resolve(__dirname, '..', 'dist', 'demo', 'report.html');

const STRICT = { name: 'iam-server-certificate-expired', days: 0 };
const WARNING = { name: 'iam-server-certificate-expiring', days: 30 };
const MS_PER_DAY = 86_400_000;

/** Certificate → days left, and the verdict each rule must give it. */
const CERTIFICATES = [
  { name: 'shop-2025', daysLeft: -10, strict: 'NON_COMPLIANT', warning: 'NON_COMPLIANT' },
  { name: 'api-gateway-legacy', daysLeft: 5, strict: 'COMPLIANT', warning: 'NON_COMPLIANT' },
  { name: 'intranet', daysLeft: 20, strict: 'COMPLIANT', warning: 'NON_COMPLIANT' },
  { name: 'www-2027', daysLeft: 365, strict: 'COMPLIANT', warning: 'COMPLIANT' },
] as const;

const failures: string[] = [];

function expectVerdict(rule: string, certificate: string, actual: string | undefined, expected: string): void {
  if (actual !== expected) failures.push(`${rule} / ${certificate}: expected ${expected}, Config received ${actual ?? 'nothing'}`);
}

/** Prints, per rule and certificate, the result the stand-in's Config stored. */
function printResults(standIn: StandIn, rules: readonly string[], names: readonly string[], now: Date, title: string): void {
  const rows: string[][] = [];
  for (const rule of rules) {
    for (const name of names) {
      const evaluation = standIn.evaluations(rule).find((e) => e.resourceId === idsByName.get(name));
      const certificate = standIn.certificate(name);
      const expiry = certificate === undefined ? '(deleted)' : certificate.expiration.toISOString().slice(0, 10);
      // Whole days, towards zero: the same count the annotations give.
      const days = certificate === undefined ? '' : String(Math.trunc((certificate.expiration.getTime() - now.getTime()) / MS_PER_DAY));
      rows.push([rule, name, expiry, days, evaluation?.complianceType ?? '(nothing)', evaluation?.annotation ?? '']);
    }
  }
  console.log(`\n${title}\n`);
  console.log(renderTable(['rule', 'certificate', 'expiry', 'days', 'compliance', 'annotation'], rows));
}

/** Certificate name → the resource id Config's recorder gave it (the name, as in Config's schema). */
const idsByName = new Map<string, string>();

function verdictOf(standIn: StandIn, rule: string, name: string): string | undefined {
  return standIn.evaluations(rule).find((evaluation) => evaluation.resourceId === idsByName.get(name))?.complianceType;
}

async function main(): Promise<void> {
  const size = await buildBundle();
  console.log(`Built dist/handler.js (${kib(size.rawBytes)}, ${kib(size.gzipBytes)} gzipped) with scripts/esbuild-options.cjs`);
  const standIn = await StandIn.start();
  Object.assign(process.env, standIn.environment());
  console.log(`Stand-in for IAM and AWS Config listening on ${standIn.url}`);
  let handler: HandlerProcess | undefined;
  const iam = new IAMClient({});
  try {
    const lambda = asLambdaStartsIt();
    handler = await startHandlerProcess({ ...lambda.environment, ...standIn.environment() }, lambda.options);
    const now = new Date();
    for (const spec of CERTIFICATES) {
      const certificate = await certificateEnding(spec.name, now, spec.daysLeft);
      await iam.send(
        new UploadServerCertificateCommand({ ServerCertificateName: spec.name, CertificateBody: certificate.certificatePem, PrivateKey: certificate.privateKeyPem }),
      );
      idsByName.set(spec.name, standIn.configIdOf(spec.name) ?? '');
    }
    console.log(`Uploaded ${CERTIFICATES.length} certificates with UploadServerCertificate`);

    for (const rule of [STRICT, WARNING]) {
      await handler.invoke(periodicEvent(rule.name, standIn.resultTokenFor(rule.name), daysParameter(rule.days), now));
    }
    const names = CERTIFICATES.map((c) => c.name);
    printResults(standIn, [STRICT.name, WARNING.name], names, now, '1. Periodic run of both rules: what AWS Config received');
    for (const spec of CERTIFICATES) {
      expectVerdict(STRICT.name, spec.name, verdictOf(standIn, STRICT.name, spec.name), spec.strict);
      expectVerdict(WARNING.name, spec.name, verdictOf(standIn, WARNING.name, spec.name), spec.warning);
    }

    // 2. A change event: the configuration item of one certificate changed.
    const changed = 'api-gateway-legacy';
    await handler.invoke(
      changeEvent(WARNING.name, standIn.resultTokenFor(WARNING.name), daysParameter(WARNING.days), {
        resourceId: idsByName.get(changed) ?? '',
        name: changed,
        status: 'OK',
        captureTime: new Date(),
      }),
    );
    printResults(standIn, [WARNING.name], [changed], now, `2. Change event for ${changed} (${WARNING.name})`);
    expectVerdict(WARNING.name, changed, verdictOf(standIn, WARNING.name, changed), 'NON_COMPLIANT');

    // The HTML report while the expired certificate is still stored, so it shows every state.
    await writeHtmlReport(now);

    // 3. A deletion: the certificate is removed from IAM, Config sends ResourceDeleted.
    const deleted = 'shop-2025';
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: deleted }));
    for (const rule of [STRICT, WARNING]) {
      await handler.invoke(
        changeEvent(rule.name, standIn.resultTokenFor(rule.name), daysParameter(rule.days), {
          resourceId: idsByName.get(deleted) ?? '',
          name: deleted,
          status: 'ResourceDeleted',
          captureTime: new Date(),
        }),
      );
      expectVerdict(rule.name, deleted, verdictOf(standIn, rule.name, deleted), 'NOT_APPLICABLE');
    }
    printResults(standIn, [STRICT.name, WARNING.name], [deleted], now, `3. ${deleted} deleted with DeleteServerCertificate, ResourceDeleted change event`);
    console.log(`\nAPI calls the stand-in answered: ${JSON.stringify(standIn.callCounts())}`);
  } finally {
    iam.destroy();
    await handler?.stop();
    await standIn.stop();
  }
  if (failures.length > 0) {
    console.error(`\nDEMO FAILED: ${failures.length} verdict(s) differ from what the rule must report:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nEvery verdict is what the rule must report.');
}

/**
 * The CLI's `report --html` for the demo account, run in-process against the
 * stand-in before the expired certificate is deleted: the report must exit 2
 * (an expired certificate is stored) and show each demo certificate in the
 * state its days left give it.
 */
async function writeHtmlReport(now: Date): Promise<void> {
  mkdirSync(join(HTML_REPORT, '..'), { recursive: true });
  const errors: string[] = [];
  // The rule's own window, so the report judges each certificate as the rule does.
  const code = await runCli(['report', '--days', String(WARNING.days), '--html', HTML_REPORT], {
    services: awsServices,
    io: { stdout: () => undefined, stderr: (text) => void errors.push(text) },
    now,
    clock: () => new Date(),
    appendLine: async () => undefined,
    writeFile: async (path, text) => writeFileSync(path, text, 'utf8'),
  });
  if (code !== 2) failures.push(`report --html exited ${code}, not 2 (an expired certificate is stored): ${errors.join('').trim()}`);
  const html = readFileSync(HTML_REPORT, 'utf8');
  for (const spec of CERTIFICATES) {
    const state = spec.daysLeft <= 0 ? 'expired' : spec.daysLeft <= WARNING.days ? 'expiring' : 'valid';
    if (!new RegExp(`<tr class="state-${state}" data-state="${state}"><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td class="name" data-value="${spec.name}">`).test(html)) {
      failures.push(`the HTML report does not show ${spec.name} as ${state}`);
    }
  }
  console.log(`\nHTML report of the demo account, written before ${CERTIFICATES[0].name} is deleted (iam-cert-expiry report --html): ${HTML_REPORT}`);
}

main().catch((error: unknown) => {
  console.error('\nDEMO FAILED:', error);
  process.exit(1);
});
