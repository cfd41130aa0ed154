import { isoSeconds } from '../../../core/annotation';

const HOUR_MS = 3_600_000;

/** How long before `now` an instant was, roughly: "40 min ago", "5 h ago", "3 days ago"; "in the future" for a clock ahead of ours. */
export function ago(date: Date, now: Date): string {
  const ms = now.getTime() - date.getTime();
  if (ms < 0) return 'in the future';
  if (ms < HOUR_MS) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 48 * HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h ago`;
  return `${Math.floor(ms / (24 * HOUR_MS))} days ago`;
}

/** `instant (age)`, or `never` for no instant. */
export function when(date: Date | undefined, now: Date): string {
  return date === undefined ? 'never' : `${isoSeconds(date)} (${ago(date, now)})`;
}
