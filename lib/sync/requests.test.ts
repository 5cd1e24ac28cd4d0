import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@/lib/config/normalize';
import { ok } from '@/lib/config/testing';
import { baseRequest } from './requests';

const resource = (endpoint: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ok(resolveConfig({ client: { base_url: 'https://api.example.com' }, resources: ['posts', { name: 'r', endpoint: { paginator: 'single_page', ...endpoint }, ...extra }] })).resources[1];

// dlt: config_setup.py expand_placeholders (params, headers and data are formatted as text, json keeps types)
describe('baseRequest', () => {
  it('writes a None placeholder as "None" in params, headers and form data, and leaves out null static values', () => {
    const r = resource({
      path: 'p',
      method: 'POST',
      params: { until: '{incremental.end_value}', skip: null, flag: false },
      headers: { 'X-Until': '{incremental.end_value}' },
      data: { until: '{incremental.end_value}', gone: null },
      incremental: { cursor_path: 'id', initial_value: 1 },
    });
    const req = baseRequest(r, undefined, { start_value: 1, last_value: 1, initial_value: 1, end_value: null, lag: null });
    expect(req.params).toEqual({ until: 'None', flag: 'False' });
    expect(req.headers).toEqual({ 'X-Until': 'None' });
    expect(req.data).toEqual([['until', 'None']]);
  });

  it('percent-encodes parent values in the path only', () => {
    const r = resource({ path: 'posts/{resources.posts.id}/x', params: { q: '{resources.posts.id}' } });
    expect(baseRequest(r, { id: 'a/b?c' })).toMatchObject({ path: 'posts/a%2Fb%3Fc/x', params: { q: 'a/b?c' } });
  });

  it('keeps a lone placeholder\'s type in json and fills keys too', () => {
    const r = resource({ path: 'p', method: 'POST', json: { '{resources.posts.kind}_id': '{resources.posts.id}', ids: ['{resources.posts.id}'], text: 'id {resources.posts.id}' } });
    expect(baseRequest(r, { id: 7, kind: 'post' }).json).toEqual({ post_id: 7, ids: [7], text: 'id 7' });
  });

  it('sends the start value in start_param and leaves out an end_param without end_value', () => {
    const r = resource({ path: 'p', incremental: { cursor_path: 'id', initial_value: 5, start_param: 'since', end_param: 'until' } });
    expect(baseRequest(r, undefined, { start_value: 9, last_value: 9, initial_value: 5, end_value: null, lag: null }).params).toEqual({ since: '9' });
  });
});
