import { describe, expect, it } from 'vitest';
import { formatCount, plural, relativeTime, secondsUntil } from './format';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(312480, 'en-US')).toBe('312,480');
    expect(formatCount(0, 'en-US')).toBe('0');
  });
});

describe('relativeTime', () => {
  it('says "just now" under 45 seconds, also for a clock slightly ahead', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW + 5_000, NOW)).toBe('just now');
  });
  it('counts minutes, hours, then days', () => {
    expect(relativeTime(NOW - 50_000, NOW)).toBe('1 min ago');
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(relativeTime(NOW - 26 * 3_600_000, NOW)).toBe('yesterday');
    expect(relativeTime(NOW - 4 * 86_400_000, NOW)).toBe('4 days ago');
  });
});

describe('secondsUntil', () => {
  it('rounds up and never goes negative', () => {
    expect(secondsUntil(NOW + 41_200, NOW)).toBe(42);
    expect(secondsUntil(NOW - 1_000, NOW)).toBe(0);
  });
});

describe('plural', () => {
  it('uses the singular only for one', () => {
    expect(plural(1, 'table')).toBe('1 table');
    expect(plural(24, 'table')).toBe('24 tables');
  });
});
