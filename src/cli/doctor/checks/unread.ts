import { check, CheckStatus, type Check } from '../check';
import type { Read } from '../read-outcome';

/** A read that gave nothing. */
export type Unread = Exclude<Read<unknown>, { kind: 'read' }>;

/**
 * The line for a check whose facts could not be read. Never "ok": a refused
 * read is "skipped: not readable (needs X)" for a check the deployment can do
 * without knowing (the function's log, Security Hub, the member role), and a
 * failure for one it cannot (the rules, their status, the recorder), so a
 * run that could not see them never exits as if all held. Any other failure
 * (throttling after the SDK's retries, a network error) fails the check.
 */
export function unreadCheck(id: string, title: string, read: Unread, essential: boolean): Check {
  if (read.kind === 'denied') {
    const detail = [`not readable (needs ${read.action}): ${read.message}`];
    const remedy = `Grant ${read.action} to the credentials doctor runs with (read-only; docs/cli.md#doctor lists every permission doctor uses).`;
    return check(id, essential ? CheckStatus.Fail : CheckStatus.Skipped, title, detail, remedy);
  }
  return check(id, CheckStatus.Fail, title, [`could not be read: ${read.action} failed: ${read.message}`], 'Run doctor again; if the call keeps failing, the message above names the cause.');
}
