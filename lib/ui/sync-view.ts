/** What the popup shows for sync progress, as pure functions of the background's status. */
import type { ResourceProgress, SyncStatus } from '@/lib/messages';
import { formatCount, plural, relativeTime, secondsUntil } from './format';

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
      return { label: p.waitingUntil ? `Waiting ${secondsUntil(p.waitingUntil, now)} s` : 'Waiting', tone: 'warn' };
    case 'done':
      return { label: 'Up to date', tone: 'ok' };
    case 'error':
      return { label: 'Error', tone: 'danger' };
    default:
      return p.lastSyncedAt ? { label: 'Synced', tone: 'neutral' } : { label: 'Not synced', tone: 'neutral' };
  }
}

export function isActive(p: ResourceProgress): boolean {
  return p.status === 'running' || p.status === 'waiting' || p.status === 'queued';
}

/** Share of a running table done, when it can be known (child tables: parents visited); else null. */
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

export interface Summary {
  text: string;
  /** 0..1 while syncing; null when idle. */
  fraction: number | null;
  /** For the exact time on hover. */
  lastSyncedAt?: number;
}

/** The line under the popup header. `rows` is one progress per selected table. */
export function syncSummary(status: SyncStatus | null, rows: ResourceProgress[], now: number): Summary {
  if (status?.running) {
    const run = status.resources.length ? status.resources : rows;
    const finished = run.filter((r) => r.status === 'done' || r.status === 'error').length;
    const working = run.some((r) => r.status === 'running' || r.status === 'waiting');
    const partial = run.filter((r) => r.status === 'running').reduce((sum, r) => sum + (tableFraction(r) ?? 0), 0);
    const fetched = run.reduce((sum, r) => sum + r.rowsFetched, 0);
    const current = Math.min(run.length, finished + (working ? 1 : 0));
    return {
      text: `Syncing ${formatCount(current)} of ${plural(run.length, 'table')} · ${plural(fetched, 'row')}`,
      fraction: run.length ? (finished + partial) / run.length : 0,
    };
  }
  const stored = rows.reduce((sum, r) => sum + r.rowsStored, 0);
  const last = rows.reduce<number | undefined>((max, r) => (r.lastSyncedAt && (!max || r.lastSyncedAt > max) ? r.lastSyncedAt : max), undefined);
  const when = last ? `Last synced ${relativeTime(last, now)}` : 'Not synced yet';
  return { text: `${when} · ${plural(rows.length, 'table')} · ${plural(stored, 'row')}`, fraction: null, lastSyncedAt: last };
}
