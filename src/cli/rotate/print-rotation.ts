import { isoSeconds } from '../../core/annotation';
import { GLOBAL_REGION, type Usage } from '../../usage/certificate-usage';
import { acmAdvice, acmNotChecked } from '../acm-advice';
import { printable } from '../terminal-text';
import { repointCalls } from './repoint-consumer';
import { UploadState, type RotationPlan } from './plan-rotation';

/** `elbv2 shop-alb:443 additional in us-east-1`, `cloudfront E1…:cdn.example.com`. */
export function consumerLabel(usage: Usage): string {
  return `${usage.service} ${usage.resource}:${usage.detail}${usage.region === GLOBAL_REGION ? '' : ` in ${usage.region}`}`;
}

/** The plan as `rotate` prints it: checks, upload, each consumer with its calls, verification, the old certificate's fate. */
export function formatPlan(plan: RotationPlan, dryRun: boolean, retireOld: boolean): string {
  const lines = [`rotate ${plan.old.name} -> ${plan.newName}${dryRun ? ' (plan: nothing changes without --yes)' : ''}`];
  for (const check of plan.check.checks) lines.push(`check ${check.passed ? 'ok    ' : 'FAILED'} ${check.name}: ${check.detail}`);
  const tags = `${plan.tags.length} tag${plan.tags.length === 1 ? '' : 's'}`;
  switch (plan.upload) {
    case UploadState.ToUpload:
      lines.push(`upload ${plan.newName} at path ${plan.old.path} with ${plan.old.name}'s ${tags} (UploadServerCertificate)`);
      break;
    case UploadState.Uploaded:
      lines.push(`upload ${plan.newName}: already in IAM (${plan.uploaded?.id ?? '?'}), same certificate`);
      break;
    case UploadState.NameTaken:
      lines.push(`upload ${plan.newName}: BLOCKED, another certificate has this name`);
      break;
  }
  if (plan.consumers.length === 0) lines.push(`repoint: no consumer found of ${plan.old.name}`);
  for (const consumer of plan.consumers) {
    lines.push(consumer.done ? `repoint ${consumerLabel(consumer.usage)}: already on ${plan.newName}` : `repoint ${consumerLabel(consumer.usage)} (${repointCalls(consumer.usage)})`);
  }
  if (plan.consumers.length > 0) lines.push('verify each endpoint over TLS serves the new certificate');
  lines.push(
    retireOld
      ? `retire ${plan.old.name} once every consumer is verified (expires ${isoSeconds(plan.old.expiration)})`
      : `keep ${plan.old.name} (expires ${isoSeconds(plan.old.expiration)}): retire it later, or rerun with --retire-old`,
  );
  if (plan.acm.kind === 'repoint') {
    lines.push(`advice: ACM already has issued certificates covering every name of ${plan.old.name}: ${acmAdvice(plan.acm.candidates)} instead of a new IAM certificate`);
  } else if (plan.acm.kind === 'not-checked') {
    lines.push(`advice: ${acmNotChecked(plan.acm.reason)}`);
  }
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  for (const blocker of plan.blockers) lines.push(`blocked: ${blocker}`);
  // Each line escaped: certificate names, paths, consumers' names and aliases are not ours to trust.
  return `${lines.map(printable).join('\n')}\n`;
}
