/** Numbers and times as a store owner reads them: "312,480", "5 min ago", "Waiting 42 s". */

/** Thousands separators in the browser's locale; tests pin `locale` for stable output. */
export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short relative time for a moment in the past. Hand-rolled rather than
 * Intl.RelativeTimeFormat, whose short English style writes "5 min. ago" and "in 0 sec.".
 */
export function relativeTime(then: number, now: number = Date.now()): string {
  const ago = Math.max(0, now - then);
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.round(ago / HOUR)} h ago`;
  const days = Math.round(ago / DAY);
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  return new Date(then).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The exact local time, for hover titles beside a relative time. */
export function exactTime(then: number): string {
  return new Date(then).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Whole seconds left until `until` (never negative), for the "Waiting 42 s" countdown. */
export function secondsUntil(until: number, now: number = Date.now()): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "1 table" / "24 tables". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
