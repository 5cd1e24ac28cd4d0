/** "Test connection" on the options page: one cheap request, explained in a store owner's words. */
import type { ResolvedSource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { HttpClient, sourceClientOptions } from '@/lib/http';
import type { ConnectionTestResult } from '@/lib/messages';
import { createPaginator } from '@/lib/paginators';
import { compileDataSelector, RecordReader } from './data-selector';
import { apiRequest, baseRequest } from './requests';

export async function testConnection(source: ResolvedSource, token: string, fetchImpl?: typeof fetch): Promise<ConnectionTestResult> {
  const probe = source.resources.find((r) => !r.parent);
  if (!probe) return { ok: false, message: 'The config has no table that can be fetched on its own.' };
  const host = safeHost(source.baseUrl);
  const http = new HttpClient({
    ...sourceClientOptions(source, token),
    // Fail fast: the person is waiting for an answer.
    retry: { ...source.retry, maxRetries: 0, timeoutMs: Math.min(source.retry.timeoutMs, 15_000) },
    fetch: fetchImpl,
  });
  const request = createPaginator(probe.paginator).apply(baseRequest(probe));
  try {
    const res = await http.request(apiRequest(probe, request));
    const rows = new RecordReader(probe.name, compileDataSelector(probe), { strictFirstPage: true }).read(res.body);
    return { ok: true, message: `Connected to ${host}.`, detail: `${probe.name}: HTTP ${res.status}, ${rows.length} record(s) on the first page` };
  } catch (err) {
    return explain(err, host);
  }
}

function explain(err: unknown, host: string): ConnectionTestResult {
  if (!(err instanceof SyncError)) return { ok: false, message: `Something went wrong: ${String(err)}` };
  const detail = [err.message, err.detail].filter(Boolean).join(' — ');
  switch (err.kind) {
    case 'auth':
      return { ok: false, message: 'The store rejected the API token. Check it, or create a new personal token in your store’s Setup → Personal Tokens.', detail };
    case 'not_found':
      return { ok: false, message: `${host} answered, but not as a store API (page not found). Check the Store URL.`, detail };
    case 'network':
    case 'timeout':
      return { ok: false, message: `Could not reach ${host}. Check the Store URL and your internet connection.`, detail };
    case 'bad_response':
      return { ok: false, message: `${host} answered, but not with the data this config expects. Is this the right Store URL?`, detail };
    case 'rate_limited':
      return { ok: false, message: 'The store is busy (rate limit reached). Try again in a few minutes.', detail };
    case 'config':
      return { ok: false, message: err.message, detail };
    default:
      return { ok: false, message: `The store answered with an error (${err.status ?? err.kind}).`, detail };
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
