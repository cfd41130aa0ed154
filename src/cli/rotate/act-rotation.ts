import { UsageService, UsageState, type RegionCoverage } from '../../usage/certificate-usage';
import { formatUsage } from '../../usage/format-usage';
import { usageOf } from '../../usage/usage-of';
import { describeError } from '../../errors';
import { auditCertificate, type AuditTrail } from '../audit-log';
import type { CliIo } from '../cli-io';
import type { CliServices } from '../cli-dependencies';
import { deleteIfUnchanged } from '../retire/delete-if-unchanged';
import { describeDecision, REASON_USAGE_LENGTH, RetireDecision } from '../retire/retire-decision';
import { scanUsage } from '../scan-usage';
import { printable } from '../terminal-text';
import { conflictingResources, missedConsumers } from './missed-consumers';
import { serverNameFor } from './server-name';
import { UploadState, type RotationPlan } from './plan-rotation';
import { consumerLabel } from './print-rotation';
import type { RetryNotice } from './propagation-retry';
import { RepointOutcome, VerifyOutcome, type CertificateRef, type CertificateWithBody, type Endpoint, type RotationServices } from './rotation-services';

/** How a rotation ended. */
export const RotationResult = {
  /** Uploaded, every consumer repointed and verified. */
  Done: 'done',
  /**
   * Rotated and verified, but `--retire-old` found the old certificate still
   * referenced for IAM (DeleteConflict, often IAM not having seen the repoint
   * yet): kept, to be retired later. The rotation itself is done.
   */
  DoneOldKept: 'done-old-kept',
  /** Every step made, but some endpoint could not be verified: not done. */
  Unverified: 'unverified',
  /**
   * Rotated and verified, but `--retire-old` found the old certificate still
   * used by a resource IAM names (DeleteConflict) that this rotation never
   * moved: a consumer the scan missed, which still serves the old certificate.
   */
  MissedConsumer: 'missed-consumer',
  /**
   * Rotated and verified, but `--retire-old` got a DeleteConflict that names
   * no resource: what still uses the old certificate cannot be told (IAM lag,
   * or a consumer never moved), so it is kept and the run fails closed.
   */
  OldUsageUnknown: 'old-usage-unknown',
  /** Some step failed; a rerun carries on from there. */
  Failed: 'failed',
} as const;

export type RotationResult = (typeof RotationResult)[keyof typeof RotationResult];

interface ActContext {
  readonly rotation: RotationServices;
  readonly services: CliServices;
  readonly audit: AuditTrail;
  readonly io: CliIo;
  /** The regions the plan's scan covered; `--retire-old`'s fresh scan covers the same. */
  readonly scope: RegionCoverage;
  readonly retireOld: boolean;
}

/**
 * Carries out a plan that has no blockers: upload (unless a rerun finds it
 * uploaded), repoint each consumer, verify each endpoint over TLS, and with
 * `--retire-old` delete the old certificate once every consumer is verified
 * and a fresh scan finds it unreferenced. Each change has a synced `intent`
 * record before it and an `outcome` record after (and a `retry` record before
 * each retry of a "not found yet" answer); a failed consumer does not stop
 * the others, and a rerun skips what is done.
 */
export async function actOnRotation(plan: RotationPlan, context: ActContext): Promise<RotationResult> {
  const { io, audit } = context;
  const say = sayer(io);
  const fingerprint = plan.check.parsed?.fingerprint256 ?? '';
  const newNames = plan.check.parsed?.names ?? [];

  const uploaded = plan.upload === UploadState.ToUpload ? await uploadNew(plan, context, say) : plan.uploaded;
  if (uploaded === undefined) return RotationResult.Failed;
  const from: CertificateRef = { arn: plan.old.arn, id: plan.old.id };
  const to: CertificateRef = { arn: uploaded.arn, id: uploaded.id, uploadedAt: uploaded.uploadedAt };

  let failed = false;
  const toVerify: { label: string; endpoint: Endpoint; cloudFront: boolean }[] = [];
  for (const consumer of plan.consumers) {
    const label = consumerLabel(consumer.usage);
    const step = { step: 'repoint', consumer: consumer.usage, from: plan.old.name, to: uploaded.name };
    await audit.write('intent', step);
    // Each retry of a "not found yet" answer is recorded (synced) and shown before its wait.
    const onRetry = async (notice: RetryNotice): Promise<void> => {
      await audit.write('retry', { ...step, call: notice.call, attempt: notice.attempt, delayMs: notice.delayMs, reason: notice.reason });
      say(`retrying ${label}: ${notice.call} answered ${notice.reason} (IAM may not have made ${uploaded.name} visible there yet); try ${notice.attempt + 1} in ${Math.round(notice.delayMs / 1000)} s`);
    };
    try {
      const result = await context.rotation.repointer.repoint(consumer.usage, from, to, onRetry);
      await audit.write('outcome', { ...step, result: result.outcome, calls: result.calls });
      if (result.outcome === RepointOutcome.ChangedElsewhere) {
        failed = true;
        say(`skipped ${label}: it serves neither ${plan.old.name} nor ${uploaded.name} now (changed by someone else); left alone`);
        continue;
      }
      say(result.outcome === RepointOutcome.Repointed ? `repointed ${label} (${result.calls.join(', ')})` : `already ${label} serves ${uploaded.name}`);
      toVerify.push({ label, endpoint: result.endpoint, cloudFront: consumer.usage.service === UsageService.CloudFront });
    } catch (error) {
      failed = true;
      await audit.write('outcome', { ...step, result: 'failed', reason: describeError(error) });
      say(`failed ${label}: ${describeError(error)}; rerun to carry on`);
    }
  }

  let unverified = 0;
  for (const { label, endpoint, cloudFront } of toVerify) {
    const serverName = serverNameFor(newNames, endpoint) ?? endpoint.host;
    const verification = await context.rotation.verifier.verify(endpoint, serverName, fingerprint);
    await audit.write('verify', { consumer: label, host: endpoint.host, port: endpoint.port, serverName, result: verification.outcome, detail: verification.detail });
    if (verification.outcome === VerifyOutcome.Verified) {
      say(`verified ${label}: ${verification.detail}`);
    } else {
      unverified += 1;
      // Only a distribution takes minutes to deploy a change; a load balancer serves it at once.
      say(`unverified ${label}: ${verification.detail}; not done (${cloudFront ? 'CloudFront takes minutes to deploy: rerun to check again' : 'rerun to check again'})`);
    }
  }

  if (failed) return RotationResult.Failed;
  if (unverified > 0) {
    if (context.retireOld) say(`kept ${plan.old.name}: not retired, ${unverified} consumer${unverified === 1 ? '' : 's'} not verified`);
    return RotationResult.Unverified;
  }
  if (context.retireOld) return retireOld(plan, context);
  return RotationResult.Done;
}

/** Prints one line of the run on stdout, escaped: names, IAM's and the endpoints' messages are not ours to trust. */
function sayer(io: CliIo): (line: string) => void {
  return (line) => io.stdout(`${printable(line)}\n`);
}

/** The upload, between its `intent` and `outcome` records; `undefined` when it failed (said and recorded). */
async function uploadNew(plan: RotationPlan, context: ActContext, say: (line: string) => void): Promise<CertificateWithBody | undefined> {
  const step = { step: 'upload', name: plan.newName, path: plan.old.path, tags: plan.tags.map((tag) => tag.key) };
  await context.audit.write('intent', step);
  try {
    const certificate = await context.rotation.iam.upload({ name: plan.newName, path: plan.old.path, body: plan.files.body, chain: plan.files.chain, key: plan.files.key, tags: plan.tags });
    await context.audit.write('outcome', { ...step, result: 'uploaded', certificate: auditCertificate(certificate) });
    say(`uploaded ${certificate.name} (${certificate.id}) at path ${certificate.path} with ${plan.tags.length} tags`);
    return { ...certificate, body: plan.files.body };
  } catch (error) {
    // An SDK error names the call, never the request body; the key is not in it.
    await context.audit.write('outcome', { ...step, result: 'failed', reason: describeError(error) });
    say(`failed upload ${plan.newName}: ${describeError(error)}`);
    return undefined;
  }
}

/**
 * Deletes the old certificate if a fresh scan finds nothing on it, through
 * the same guarded delete as `retire`. IAM's DeleteConflict right after the
 * repoint (IAM is eventually consistent, and still sees a listener that was
 * just moved) keeps it: the rotation is done, the old certificate is retired
 * later. A fresh scan that still finds a consumer, or a failed delete, fails.
 */
async function retireOld(plan: RotationPlan, context: ActContext): Promise<RotationResult> {
  const inventory = await scanUsage(context.services, context.io, context.scope);
  const usage = usageOf(plan.old, inventory);
  const say = sayer(context.io);
  const print = (decision: RetireDecision, reason: string): void => context.io.stdout(`${describeDecision(plan.old.name, decision, reason)}\n`);
  if (usage.state !== UsageState.NotReferenced) {
    const reason = `not retired: a fresh scan says ${formatUsage(usage, { expired: false, maxLength: REASON_USAGE_LENGTH })}`;
    await context.audit.write('decision', { certificate: auditCertificate(plan.old), decision: RetireDecision.Kept, reason });
    print(RetireDecision.Kept, reason);
    return RotationResult.Failed;
  }
  const attempt = await deleteIfUnchanged(plan.old, 'replaced, every consumer verified on the new certificate, and not referenced', context.services.certificates, context.services.retirer, context.audit, print);
  if (attempt.decision === RetireDecision.Deleted) return RotationResult.Done;
  if (attempt.conflict) {
    if (conflictingResources(attempt.conflictMessage ?? '').length === 0) {
      // Nothing named: it may be IAM lagging behind a consumer just moved, or one never moved. Fail closed.
      await context.audit.write('decision', { certificate: auditCertificate(plan.old), decision: RetireDecision.Kept, reason: 'usage unknown: DeleteConflict names no resource' });
      say(
        `old certificate not deleted: usage unknown: IAM's DeleteConflict names no resource, so whether a consumer this rotation never moved still serves ${plan.old.name} cannot be told. ` +
          `Check its users (iam-cert-expiry report), then rerun with --retire-old`,
      );
      return RotationResult.OldUsageUnknown;
    }
    // IAM names what still uses it: one of the consumers just moved is IAM lagging behind; anything else was missed.
    const missed = missedConsumers(attempt.conflictMessage ?? '', plan.consumers.map((consumer) => consumer.usage));
    if (missed.length > 0) {
      await context.audit.write('missed-consumer', { certificate: auditCertificate(plan.old), resources: missed });
      for (const arn of missed) {
        say(
          `missed consumer: ${arn} still serves ${plan.old.name} (IAM's DeleteConflict names it) and this rotation did not move it: ` +
            `the scan did not find it (a region or kind of consumer not scanned, or one added since). Repoint it to ${plan.newName}, then rerun with --retire-old`,
        );
      }
      return RotationResult.MissedConsumer;
    }
    say(`old certificate kept: still referenced (DeleteConflict); retire it later: rerun this command with --retire-old in a few minutes, or delete ${plan.old.name} once IAM no longer names a load balancer for it`);
    return RotationResult.DoneOldKept;
  }
  return RotationResult.Failed;
}
