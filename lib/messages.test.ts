import { describe, expect, it } from 'vitest';
import { messageSafe } from './messages';

describe('messageSafe', () => {
  it('hands back a reply without bigints untouched', () => {
    const status = { running: false, resources: [{ resource: 'sales', status: 'done', rowsStored: 3, pagesFetched: 1, rowsFetched: 3 }] };
    expect(messageSafe(status)).toBe(status);
  });

  it('writes a bigint that slipped into a reply as its digits, so JSON messaging cannot fail', () => {
    const reply = { ok: true, value: { detail: [1582323235375263745n], nested: { n: -9007199254740993n } } };
    const safe = messageSafe(reply);
    expect(JSON.parse(JSON.stringify(safe))).toEqual({ ok: true, value: { detail: ['1582323235375263745'], nested: { n: '-9007199254740993' } } });
  });
});
