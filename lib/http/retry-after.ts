/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Lightspeed sends a date
 * (`Wed, 15 Jul 2020 15:04:05 GMT`); other APIs send seconds, some with a fraction (`2.0`,
 * `2.5`), which are seconds too. Only a real HTTP-date is read as a date: `Date.parse` would take
 * `2.5` for February 2001, so it is never used here. Anything else means "no hint", and the
 * caller falls back to its backoff.
 */

/** Non-negative seconds, whole or with a fraction (delay-seconds is `1*DIGIT`; the fraction is a common extension). */
const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** RFC 9110 §5.6.7: IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** The obsolete RFC 850 form, `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** The obsolete asctime form, `Sun Nov  6 08:49:37 1994`. */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

function utc(year: number, month: string, day: number, hour: number, minute: number, second: number): number | undefined {
  const m = MONTHS.indexOf(month);
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return undefined;
  // 31 Feb is no date: Date.UTC would roll it over.
  if (new Date(Date.UTC(year, m, day)).getUTCDate() !== day) return undefined;
  return Date.UTC(year, m, day, hour, minute, second);
}

/**
 * An HTTP-date in any of its three forms, as ms since the epoch; `undefined` for anything else.
 * An RFC 850 two-digit year more than 50 years ahead of `now` is the most recent past year with
 * those digits (RFC 9110 §5.6.7).
 */
export function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850_DATE.exec(text);
  if (m) {
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), m[1], Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/**
 * How long `Retry-After` asks to wait, in ms: delta-seconds (a fraction allowed), or the time
 * until an HTTP-date (0 for a date already past: clock skew still means "not before now").
 * `undefined` when the header is absent or is neither.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}
