import { pemNames } from '../../core/certificate-names';
import { acmReplacement, type AcmAdvice } from '../acm-advice';
import { DEFAULT_REPORT_DAYS } from '../report/report-defaults';
import { RegionGapReason, UsageService, type RegionCoverage, type Usage, type UsageFailure } from '../../usage/certificate-usage';
import { usageOf } from '../../usage/usage-of';
import { RotationError } from '../../errors';
import type { CliIo } from '../cli-io';
import type { CliServices } from '../cli-dependencies';
import { scanUsage } from '../scan-usage';
import { checkNewCertificate, type NewCertificate } from './check-new-certificate';
import type { PrivateKey } from './private-key';
import type { CertificateWithBody, RotationIam, Tag } from './rotation-services';

/** The replacement as read from its files; the key is read once and kept wrapped. */
export interface NewCertificateFiles {
  readonly body: string;
  readonly chain: string | undefined;
  readonly key: PrivateKey;
}

/** Whether the new certificate is in IAM yet. */
export const UploadState = {
  ToUpload: 'to-upload',
  /** A rerun: the same body is in IAM under the new name already. */
  Uploaded: 'already-uploaded',
  /** Another certificate has the new name: nothing can go on. */
  NameTaken: 'name-taken',
} as const;

export type UploadState = (typeof UploadState)[keyof typeof UploadState];

/** One consumer and whether it still serves the old certificate. */
export interface PlannedConsumer {
  readonly usage: Usage;
  /** `true` when the scan found it on the new certificate already (a rerun). */
  readonly done: boolean;
}

/** Everything `rotate` would do, and what stops it. */
export interface RotationPlan {
  readonly old: CertificateWithBody;
  readonly newName: string;
  readonly files: NewCertificateFiles;
  readonly check: NewCertificate;
  readonly upload: UploadState;
  /** Present once uploaded (a rerun): the IAM certificate under the new name. */
  readonly uploaded: CertificateWithBody | undefined;
  readonly tags: readonly Tag[];
  readonly consumers: readonly PlannedConsumer[];
  readonly usageFailures: readonly UsageFailure[];
  /** Why `--yes` must not act; empty when it may. */
  readonly blockers: readonly string[];
  /** What `--yes` may act on but cannot vouch for (consumers in enabled regions `--regions` left out). */
  readonly warnings: readonly string[];
  /** Issued ACM certificates that already cover every name of the old one, in each region its consumers need; or why ACM was not checked. */
  readonly acm: AcmAdvice;
}

/**
 * The path prefix CloudFront needs of an IAM certificate: "If you are
 * uploading a server certificate specifically for use with Amazon CloudFront
 * distributions ... The path must begin with /cloudfront and must include a
 * trailing slash (for example, /cloudfront/test/)" (IAM API reference,
 * UploadServerCertificate `Path`).
 */
export const CLOUDFRONT_PATH_PREFIX = '/cloudfront/';

/**
 * Reads the old certificate (body, tags), looks for the new name in IAM (a
 * rerun finds it uploaded), checks the new certificate, and scans usage once
 * for consumers of the old one (to repoint) and of the new one (repointed by
 * an earlier run). Reads only.
 */
export async function planRotation(
  request: { readonly from: string; readonly name: string | undefined; readonly scope: RegionCoverage; readonly retireOld: boolean },
  files: NewCertificateFiles,
  iam: RotationIam,
  services: CliServices,
  io: CliIo,
  now: Date,
): Promise<RotationPlan> {
  const old = await iam.read(request.from);
  if (old === undefined) throw new RotationError(`no IAM server certificate named ${request.from} (IAM answered NoSuchEntity)`);
  const check = checkNewCertificate(files.body, files.key, files.chain, { name: old.name, expiration: old.expiration, body: old.body }, now);
  const newName = request.name ?? defaultName(old.name, check.parsed?.notBefore ?? now);
  const [tags, existing] = await Promise.all([iam.tags(old.name), iam.read(newName)]);
  const upload = existing === undefined ? UploadState.ToUpload : samePem(existing.body, files.body) ? UploadState.Uploaded : UploadState.NameTaken;
  const inventory = await scanUsage(services, io, request.scope);
  const oldUsage = usageOf(old, inventory);
  const consumers: PlannedConsumer[] = oldUsage.usages.map((usage) => ({ usage, done: false }));
  if (existing !== undefined && upload === UploadState.Uploaded) {
    for (const usage of usageOf(existing, inventory).usages) {
      // An ALB listener mid-way (new extra added, old not yet removed) is listed once, as not done.
      if (!consumers.some((known) => sameConsumer(known.usage, usage))) consumers.push({ usage, done: true });
    }
  }
  // What the scan could not see blocks the plan (a consumer could be missed); regions left out by --regions are the user's choice, said as a warning.
  const coverage = inventory.coverage;
  const leftOut = coverage.gaps.filter((gap) => gap.reason === RegionGapReason.NotRequested).map((gap) => gap.region);
  const unsure = [
    ...inventory.failures.map((failure) => `${failure.action} in ${failure.region}`),
    ...(coverage.listFailure === undefined ? [] : [`account:ListRegions failed, so the enabled regions are unknown`]),
    ...coverage.gaps.filter((gap) => gap.reason === RegionGapReason.Changing).map((gap) => `${gap.region} is ${gap.status ?? 'changing'}`),
  ];
  // The new certificate goes under the old one's path (or is already in IAM under its own): CloudFront takes it only under /cloudfront/.
  const newPath = upload === UploadState.Uploaded && existing !== undefined ? existing.path : old.path;
  const distributions = consumers.filter((consumer) => consumer.usage.service === UsageService.CloudFront);
  const blockers = [
    ...check.checks.filter((one) => !one.passed).map((one) => `check "${one.name}" failed: ${one.detail}`),
    ...(upload === UploadState.NameTaken ? [`another certificate is already named ${newName} in IAM; give --name`] : []),
    ...(distributions.length > 0 && !newPath.startsWith(CLOUDFRONT_PATH_PREFIX)
      ? [
          `CloudFront (${distributions.map((consumer) => consumer.usage.resource).join(', ')}) takes IAM certificates only under a path beginning with ${CLOUDFRONT_PATH_PREFIX}, ` +
            `and ${newName} would be at ${newPath}: move ${old.name} first (aws iam update-server-certificate --new-path ${CLOUDFRONT_PATH_PREFIX}) or rotate those distributions by hand`,
        ]
      : []),
    ...(unsure.length > 0 ? [`usage unknown (${unsure.join(', ')}): a consumer could be missed`] : []),
    ...(request.retireOld && leftOut.length > 0
      ? [`--retire-old needs every region enabled for the account scanned, and --regions leaves out ${leftOut.join(', ')}: drop --regions, or retire the old certificate later`]
      : []),
  ];
  const warnings =
    leftOut.length > 0
      ? [`${leftOut.length} enabled region${leftOut.length === 1 ? ' is' : 's are'} not scanned (not in --regions: ${leftOut.join(', ')}): a consumer there would stay on ${old.name}`]
      : [];
  // ACM first: every consumer type here accepts ACM certificates. Best-effort: a failed look-up is "not checked", never a failed plan.
  const acm = await acmReplacement({ name: old.name, names: async () => pemNames(old.body) }, oldUsage.usages, services.acm, { now, windowDays: DEFAULT_REPORT_DAYS });
  return { old, newName, files, check, upload, uploaded: upload === UploadState.Uploaded ? existing : undefined, tags, consumers, usageFailures: inventory.failures, blockers, warnings, acm };
}

/** `old-name-20270115`: the old name and the new certificate's start date, within IAM's 128 characters. */
function defaultName(oldName: string, notBefore: Date): string {
  const suffix = `-${notBefore.toISOString().slice(0, 10).replace(/-/g, '')}`;
  return `${oldName.slice(0, 128 - suffix.length)}${suffix}`;
}

function samePem(a: string, b: string): boolean {
  const normal = (pem: string): string => pem.replace(/\r\n/g, '\n').trim();
  return normal(a) === normal(b);
}

function sameConsumer(a: Usage, b: Usage): boolean {
  return a.service === b.service && a.region === b.region && a.resource === b.resource && a.detail === b.detail;
}
