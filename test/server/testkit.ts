/** Small fetch helpers for the server's own tests: real HTTP against a started server. */
import type { RetailServer, Row } from './types';

export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function get(server: RetailServer, pathAndQuery: string, token: string | null = server.token): Promise<Fetched> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return read(await fetch(server.url + pathAndQuery, { headers }));
}

export async function call(server: RetailServer, method: string, path: string, body?: unknown): Promise<Fetched> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  return read(await fetch(server.url + path, init));
}

async function read(res: Response): Promise<Fetched> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A version-cursor walk the way a correct client does it: after=version.max until an empty page. */
export async function walkVersions(server: RetailServer, path: string, params = 'page_size=100', after = 0): Promise<{ rows: Row[]; requests: number; lastAfter: number; lastBody: any }> {
  const rows: Row[] = [];
  let requests = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await get(server, `${path}${sep}${params}&after=${after}`);
    requests++;
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.text}`);
    if (res.json.data.length === 0) return { rows, requests, lastAfter: after, lastBody: res.json };
    rows.push(...res.json.data);
    after = res.json.version.max;
  }
}
