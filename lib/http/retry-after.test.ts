import { describe, expect, it } from 'vitest';
import { parseHttpDate, retryAfterMs } from './retry-after';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads delta-seconds, whole or with a fraction, as seconds', () => {
    expect(retryAfterMs('7', NOW)).toBe(7000);
    expect(retryAfterMs('2.0', NOW)).toBe(2000);
    expect(retryAfterMs('2.5', NOW)).toBe(2500);
    expect(retryAfterMs(' 0.25 ', NOW)).toBe(250);
    expect(retryAfterMs('0', NOW)).toBe(0);
  });

  it('reads an HTTP-date in each of its three forms as the time until it', () => {
    expect(retryAfterMs('Tue, 24 Nov 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Tuesday, 24-Nov-26 12:01:00 GMT', NOW)).toBe(60_000);
    expect(retryAfterMs('Tue Nov 24 12:00:05 2026', NOW)).toBe(5000);
    expect(retryAfterMs('Tue Nov  4 12:00:05 2026', NOW)).toBe(0);
  });

  it('waits no time for a date already past', () => {
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
  });

  it('gives no hint for anything else, so the caller backs off instead', () => {
    for (const text of ['soon', '-1', '2,5', '1e3', '2024-10-20T12:00:00Z', 'Tue, 24 Nov 2026 12:00:30', 'Tue, 31 Feb 2026 12:00:30 GMT', 'Tue, 24 Nov 2026 25:00:30 GMT', '', '  ']) {
      expect(retryAfterMs(text, NOW), JSON.stringify(text)).toBeUndefined();
    }
    expect(retryAfterMs(null, NOW)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('reads the three forms of RFC 9110 §5.6.7 to the same instant', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(t);
  });

  it('takes an RFC 850 two-digit year more than 50 years ahead as the latest past year with those digits', () => {
    expect(new Date(parseHttpDate('Friday, 01-Jan-77 00:00:00 GMT', NOW)!).getUTCFullYear()).toBe(1977);
    expect(new Date(parseHttpDate('Monday, 01-Jan-76 00:00:00 GMT', NOW)!).getUTCFullYear()).toBe(2076);
  });
});
