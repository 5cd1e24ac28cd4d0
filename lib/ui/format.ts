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

/**
 * A duration as a store owner reads it: "40 s", "12 min", "2 h 10 min". Seconds are rounded up
 * (to 5 s past ten), minutes to the nearest, never "0 min".
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s < 10 ? s : Math.min(55, Math.ceil(s / 5) * 5)} s`;
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A rate-limit window's length in words: "5 minutes", "minute", "10 seconds", "hour". */
export function windowWords(ms: number): string {
  const unit = (n: number, one: string) => (n === 1 ? one : `${formatCount(n)} ${one}s`);
  if (ms >= HOUR && ms % HOUR === 0) return unit(ms / HOUR, 'hour');
  if (ms >= MINUTE && ms % MINUTE === 0) return unit(ms / MINUTE, 'minute');
  return unit(Math.round(ms / 1000), 'second');
}
