// How a feed's health reads to a person: the reason labels, durations and times shared by
// /sources and /feedstatus (telegram/commands/feeds.ts) and the admins' feed-health alerts
// (notify/feed-health.ts). Pure.

/** What an operator reads for each stored reason code (src/feeds/errors.ts). */
const REASON_LABELS: Record<string, string> = {
  blocked: 'blocked (challenge page)',
  timeout: 'timed out',
  http: 'HTTP error',
  too_large: 'too large',
  not_feed: 'not a feed',
  redirects: 'redirect loop',
  network: 'network error',
  refused: 'refused',
  proxy: 'proxy error',
  internal: 'internal error',
};

export function reasonLabel(reason: string | null): string {
  return reason ? (REASON_LABELS[reason] ?? reason) : 'unknown';
}

/** last_error is stored as "reason: detail"; the label already says the reason. */
export function errorDetail(f: { last_error: string | null; last_error_reason: string | null }): string {
  const e = f.last_error ?? '';
  const prefix = `${f.last_error_reason}: `;
  return f.last_error_reason && e.startsWith(prefix) ? e.slice(prefix.length) : e;
}

export const isBlocked = (f: { last_status: string | null; last_error_reason: string | null }) =>
  f.last_status === 'error' && f.last_error_reason === 'blocked';

export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "45 min", "26 h", "3 d 2 h": precise enough to judge an outage, short enough for a line. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
