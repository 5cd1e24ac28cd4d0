// The incremental range check, as dlt's Incremental.on_resolved (dlt/extract/incremental/__init__.py):
// end_value needs initial_value, and end_value may not come before it (equal is allowed).
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './normalize';
import { parseConfigText } from './parse';
import { errors, ok } from './testing';

const BASE = { base_url: 'https://x.example' };
const withIncremental = (incremental: Record<string, unknown>) => ({ client: BASE, resources: [{ name: 'posts', endpoint: { path: 'posts', incremental: { cursor_path: 'updated_at', start_param: 'since', ...incremental } } }] });
const AT = 'resources[0] (posts).endpoint.incremental.end_value';

describe('incremental end_value against initial_value', () => {
  it.each([
    ['numbers', 10, 5],
    ['dates', '2024-02-01', '2024-01-01'],
    // As instants: 10:00+02:00 is 08:00Z, before 09:00Z, although its text sorts after.
    ['timestamps with offsets', '2024-01-01T09:00:00Z', '2024-01-01T10:00:00+02:00'],
    ['numeric text', '100', '99.5'],
  ])('refuses end_value below initial_value (%s), naming resource and key', (_kind, initial, end) => {
    const found = errors(resolveConfig(withIncremental({ initial_value: initial, end_value: end })));
    expect(found).toEqual([{ path: AT, message: expect.stringMatching(/is lower than initial_value .*end_value must be higher than \(or equal to\) initial_value/) }]);
  });

  it('refuses end_value without initial_value (also end_value 0)', () => {
    for (const end of [5, 0, '2024-01-01']) {
      const found = errors(resolveConfig(withIncremental({ end_value: end })));
      expect(found).toEqual([{ path: AT, message: expect.stringMatching(/needs initial_value/) }]);
    }
    expect(errors(resolveConfig(withIncremental({ initial_value: null, end_value: 5 }))).map((e) => e.path)).toEqual([AT]);
  });

  it('refuses a number and a timestamp together: dlt finds them not comparable', () => {
    const found = errors(resolveConfig(withIncremental({ initial_value: 1600000000, end_value: '2024-01-01T00:00:00Z' })));
    expect(found).toEqual([{ path: AT, message: expect.stringMatching(/\(timestamp\) and initial_value 1600000000 \(number\) are not comparable/) }]);
  });

  it('says last_value_func "min" is not supported when it would have made a falling range valid', () => {
    const result = resolveConfig(withIncremental({ initial_value: 10, end_value: 5, last_value_func: 'min' }));
    expect(errors(result)).toEqual([{ path: AT, message: expect.stringMatching(/last_value_func "min" is not supported/) }]);
  });

  it.each([
    ['equal values (an empty range, as dlt allows)', 5, 5],
    ['a higher number', 1600000000, 1700000000],
    ['a later timestamp in another offset', '2024-01-01T09:00:00Z', '2024-01-01T12:00:00+02:00'],
    ['numeric text and a number', '1600000000', 1700000000],
    ['plain text in order', 'a', 'b'],
  ])('accepts %s', (_label, initial, end) => {
    expect(ok(resolveConfig(withIncremental({ initial_value: initial, end_value: end }))).resources[0].incremental).toMatchObject({ initialValue: initial, endValue: end });
  });

  it('compares integers beyond 2^53 by their digits (kept exactly when the config is read)', () => {
    const text = (initial: string, end: string) => `{"client": {"base_url": "https://x.example"}, "resources": [{"name": "posts", "endpoint": {"path": "posts", "incremental": {"cursor_path": "id", "start_param": "since", "initial_value": ${initial}, "end_value": ${end}}}}]}`;
    expect(ok(parseConfigText(text('9007199254740993', '9007199254740994'))).resources[0].incremental).toMatchObject({ endValue: '9007199254740994' });
    // As doubles these two are the same number; by their digits the end is below the start.
    expect(errors(parseConfigText(text('9007199254740993', '9007199254740992'))).map((e) => e.path)).toEqual([AT]);
  });

  it('checks the incremental merged from resource_defaults, at the resource', () => {
    const found = errors(
      resolveConfig({
        client: BASE,
        resource_defaults: { endpoint: { incremental: { cursor_path: 'updated_at', start_param: 'since', initial_value: '2024-06-01', end_value: '2024-01-01' } } },
        resources: [{ name: 'posts', endpoint: { path: 'posts' } }],
      }),
    );
    expect(found.map((e) => e.path)).toEqual([AT]);
  });
});

describe('the older incremental param form', () => {
  const legacy = (spec: Record<string, unknown>) => ({ client: BASE, resources: [{ name: 'posts', endpoint: { path: 'posts', params: { since: { type: 'incremental', cursor_path: 'updated_at', ...spec } } } }] });

  it('refuses any end_value (below initial_value or without one), as dlt refuses it there', () => {
    for (const spec of [{ end_value: 5 }, { initial_value: 10, end_value: 5 }, { initial_value: 1, end_value: 5 }]) {
      expect(errors(resolveConfig(legacy(spec)))).toEqual([{ path: 'resources[0] (posts).endpoint.params.since', message: expect.stringMatching(/to set end_value use endpoint.incremental/) }]);
    }
  });

  it('accepts end_value null, as dlt (it refuses only a value that is set)', () => {
    expect(ok(resolveConfig(legacy({ initial_value: 1, end_value: null }))).resources[0].incremental).toEqual({ cursorPath: 'updated_at', initialValue: 1, startParam: 'since' });
  });
});
