/**
 * `Retry-After` in both forms (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date. Lightspeed sends
 * a date (`Wed, 15 Jul 2020 15:04:05 GMT`); other APIs send seconds.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  // A date already past (clock skew) still means "not before now".
  return Math.max(0, date - now);
}
