/** What the popup shows for sync progress, as pure functions of the background's status. */
import type { ResourceProgress, SyncStatus } from '@/lib/messages';
import { estimateMsLeft } from '@/lib/sync/estimate';
import { formatCount, formatDuration, plural, relativeTime, secondsUntil, windowWords } from './format';

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'danger';

export interface Pill {
  label: string;
  tone: Tone;
}

export function statePill(p: ResourceProgress, now: number): Pill {
  switch (p.status) {
    case 'running':
      return { label: 'Syncing', tone: 'accent' };
    case 'queued':
      return { label: 'Queued', tone: 'neutral' };
    case 'waiting':
      return { label: p.waitingUntil ? `Waiting ${waitWords(p.waitingUntil, now)}` : 'Waiting', tone: 'warn' };
    case 'done':
      return { label: 'Up to date', tone: 'ok' };
    case 'error':
      return { label: 'Error', tone: 'danger' };
    default:
      return p.lastSyncedAt ? { label: 'Synced', tone: 'neutral' } : { label: 'Not synced', tone: 'neutral' };
  }
}

/** A wait counted down in seconds up to a minute, then in whole minutes ("Waiting 5 min", not "Waiting 258 s"). */
function waitWords(until: number, now: number): string {
  const s = secondsUntil(until, now);
  return s < 60 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

export function isActive(p: ResourceProgress): boolean {
  return p.status === 'running' || p.status === 'waiting' || p.status === 'queued';
}

/** Share of a running table done, when it can be known (child tables: parents requested); else null. */
export function tableFraction(p: ResourceProgress): number | null {
  if (p.parentsTotal && p.parentsTotal > 0) return Math.min(1, (p.parentsDone ?? 0) / p.parentsTotal);
  return null;
}

/** The small line under a table's name while it syncs: how far it got. */
export function progressLine(p: ResourceProgress, parentName?: string): string {
  const fetched = `${plural(p.rowsFetched, 'row')} fetched`;
  if (p.parentsTotal !== undefined) {
    return `${formatCount(p.parentsDone ?? 0)} of ${formatCount(p.parentsTotal)} ${parentName ?? 'parents'} · ${fetched}`;
  }
  return `${plural(p.pagesFetched, 'page')} · ${fetched}`;
}

/**
 * The rows an export of the table gives with the current settings (soft-deleted rows are left out
 * unless included), and how many of the stored rows that hides.
 */
export function exportedCount(p: ResourceProgress, includeDeleted: boolean): { count: number; hidden: number } {
  const hidden = includeDeleted ? 0 : Math.min(p.rowsStored, p.rowsDeleted ?? 0);
  return { count: p.rowsStored - hidden, hidden };
}

/** "248 rows · 2 deleted hidden": the count an export gives, and why it differs from what is stored. */
export function countText(p: ResourceProgress, includeDeleted: boolean): string {
  const { count, hidden } = exportedCount(p, includeDeleted);
  return hidden ? `${plural(count, 'row')} · ${formatCount(hidden)} deleted hidden` : plural(count, 'row');
}

export interface Summary {
  text: string;
  /** 0..1 while syncing; null when idle. */
  fraction: number | null;
  /** For the exact time on hover. */
  lastSyncedAt?: number;
}

/** Requests done and still needed in a running sync (a table whose cost is not known yet counts one). */
export function work(run: readonly ResourceProgress[]): { done: number; left: number } {
  let done = 0;
  let left = 0;
  for (const r of run) {
    done += r.pagesFetched;
    if (r.status === 'done' || r.status === 'error') continue;
    left += r.requestsLeft ?? 1;
  }
  return { done, left };
}

/**
 * The line under the popup header. `rows` is one progress per selected table. While syncing it
 * counts work (requests done of those needed, rows fetched); afterwards it never hides failures or
 * a cancel: "Last synced 2 min ago · 23 of 24 tables · 1 failed".
 */
export function syncSummary(status: SyncStatus | null, rows: ResourceProgress[], now: number, includeDeleted = false): Summary {
  if (status?.running) {
    const run = status.resources.length ? status.resources : rows;
    const { done, left } = work(run);
    const fetched = run.reduce((sum, r) => sum + r.rowsFetched, 0);
    const total = done + left;
    return {
      text: `Syncing · ${formatCount(done)} of about ${plural(total, 'request')} · ${plural(fetched, 'row')}`,
      fraction: total ? done / total : 0,
    };
  }
  const lastRun = status?.lastRun;
  const inRun = new Set(lastRun?.resources ?? []);
  const failed = rows.filter((r) => r.status === 'error').length;
  // A table the last sync was asked for counts only if that sync finished it; others keep their standing.
  const synced = rows.filter((r) => r.status !== 'error' && r.lastSyncedAt && (!lastRun || !inRun.has(r.resource) || r.lastSyncedAt >= lastRun.startedAt)).length;
  const stored = rows.reduce((sum, r) => sum + exportedCount(r, includeDeleted).count, 0);
  const last = rows.reduce<number | undefined>((max, r) => (r.lastSyncedAt && (!max || r.lastSyncedAt > max) ? r.lastSyncedAt : max), undefined);
  const when = last ? `Last synced ${relativeTime(last, now)}` : 'Not synced yet';
  const cancelled = lastRun?.outcome === 'cancelled';
  const neverRun = !last && !failed && !lastRun;
  if (neverRun || (synced === rows.length && !failed && !cancelled)) {
    return { text: `${when} · ${plural(rows.length, 'table')} · ${plural(stored, 'row')}`, fraction: null, lastSyncedAt: last };
  }
  const parts = [when, `${formatCount(synced)} of ${plural(rows.length, 'table')}`];
  if (failed) parts.push(`${formatCount(failed)} failed`);
  if (cancelled) parts.push('cancelled');
  return { text: parts.join(' · '), fraction: null, lastSyncedAt: last };
}

/**
 * What the popup's one polite live region says: a concise summary that changes only at moments
 * worth interrupting a screen-reader user for — when a table finishes, when the store's rate limit
 * starts holding the sync, and how the sync ended — never with each request or row count.
 * `rateLimited`: the store's rate limit held this run at some point (the caller remembers it, so
 * the words do not flip with every rate-limit window). An empty string says nothing.
 */
export function syncAnnouncement(status: SyncStatus | null, rows: readonly ResourceProgress[], includeDeleted: boolean, rateLimited = false): string {
  if (!status) return '';
  if (status.running) {
    const run = status.resources.length ? status.resources : rows;
    const finished = run.filter((r) => r.status === 'done' || r.status === 'error').length;
    const slowed = rateLimited ? ' · waiting for the store’s rate limit between requests' : '';
    return `Syncing: ${formatCount(finished)} of ${plural(run.length, 'table')} finished${slowed}`;
  }
  const lastRun = status.lastRun;
  if (!lastRun) return '';
  if (lastRun.outcome === 'cancelled') return 'Sync cancelled.';
  // The one alert above the tables says why; the live region only says that it ended.
  if (status.error) return 'Sync failed.';
  const inRun = rows.filter((r) => lastRun.resources.includes(r.resource));
  const failed = inRun.filter((r) => r.status === 'error').length;
  if (failed) return `Sync finished: ${formatCount(inRun.length - failed)} of ${plural(inRun.length, 'table')} · ${formatCount(failed)} failed`;
  const stored = rows.reduce((sum, r) => sum + exportedCount(r, includeDeleted).count, 0);
  return `Sync finished: ${plural(inRun.length, 'table')} · ${plural(stored, 'row')}`;
}

/**
 * The sync's status line while it runs: the time left for the whole sync, and while the API's
 * rate limit holds requests, that in plain words with the quota learned ("the store allows 350
 * requests per 5 minutes"). Null when no sync runs.
 */
export function syncTimeLine(status: SyncStatus | null, now: number): string | null {
  if (!status?.running) return null;
  const { left } = work(status.resources);
  const quota = status.rateLimit;
  const ms = estimateMsLeft({ requestsLeft: left, quota, now, msPerRequest: status.msPerRequest });
  const estimate = `about ${formatDuration(ms)} left`;
  if (!quota?.waitingUntil || quota.waitingUntil <= now) return left > 0 || ms > 0 ? `${capitalize(estimate)}.` : null;
  const allows = quota.limit
    ? quota.windowMs && quota.windowSource !== 'lower_bound'
      ? `the store allows ${plural(quota.limit, 'request')} per ${windowWords(quota.windowMs)}`
      : `the store allows ${plural(quota.limit, 'request')} per window`
    : 'the store is making requests wait';
  return `Waiting for the store’s rate limit: ${allows}. Resuming in ${formatDuration(quota.waitingUntil - now)}; ${estimate}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
