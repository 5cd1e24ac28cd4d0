/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4), as dlt's `OAuth2ClientCredentials`
 * (`dlt/sources/helpers/rest_client/auth.py`): the client id and secret are posted form-encoded to
 * `access_token_url` with `grant_type=client_credentials` (plus `access_token_request_data`); the
 * answer's `access_token` is used as a Bearer token until `expires_in` seconds (default
 * `default_token_expiration`) have passed, then a new one is requested.
 *
 * The client secret goes only to the token URL and the access token only to base_url's origin.
 */
import type { ResolvedAuth } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';

export interface TokenSourceOptions {
  fetch: typeof fetch;
  now: () => number;
  /** Text that must never appear in a message (the client secret in all its spellings). */
  mask: (text: string) => string;
  /** Called with each new access token, so the caller can mask it in messages too. */
  onToken?: (token: string) => void;
}

interface Held {
  token: string;
  /** Epoch ms from which the token counts as expired. */
  expiresAt: number;
}

/** Access tokens per token URL and client id, shared by every request of one HTTP client. */
export class OAuth2TokenSource {
  private readonly held = new Map<string, Held>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly opts: TokenSourceOptions) {}

  /** A valid access token, requested when there is none or the held one has expired. */
  async token(auth: ResolvedAuth, clientSecret: string, resource: string, signal?: AbortSignal): Promise<string> {
    const key = `${auth.accessTokenUrl} ${auth.clientId}`;
    const held = this.held.get(key);
    if (held && this.opts.now() < held.expiresAt) return held.token;
    let p = this.pending.get(key);
    if (!p) {
      p = this.obtain(auth, clientSecret, resource, signal).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async obtain(auth: ResolvedAuth, clientSecret: string, resource: string, signal?: AbortSignal): Promise<string> {
    const url = auth.accessTokenUrl ?? '';
    const origin = safeOrigin(url);
    const body = new URLSearchParams({
      client_id: auth.clientId ?? '',
      client_secret: clientSecret,
      grant_type: 'client_credentials',
      ...(auth.tokenRequestData ?? {}),
    });
    let res: Response;
    try {
      res = await this.opts.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
        credentials: 'omit',
        redirect: 'manual',
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw new SyncError('cancelled', `${resource}: sync cancelled`, { resource });
      throw new SyncError('network', `${resource}: could not reach the token server ${origin}`, {
        resource,
        detail: this.opts.mask(`${origin}: ${err instanceof Error ? err.message : String(err)}`),
        retryable: true,
      });
    }
    const text = await res.text().catch(() => '');
    if (res.status < 200 || res.status >= 300) {
      const kind = res.status === 400 || res.status === 401 || res.status === 403 ? 'auth' : 'client';
      throw new SyncError(kind, `${resource}: the token server ${origin} refused the client credentials (HTTP ${res.status || 'redirect'})`, {
        resource,
        status: res.status || undefined,
        detail: this.opts.mask(text.slice(0, 300)),
      });
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = {};
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
      throw new SyncError('auth', `${resource}: the token server ${origin} answered without an access_token`, { resource, status: res.status });
    }
    const seconds = Number(parsed.expires_in ?? auth.defaultTokenExpirationS ?? 3600);
    const lifetime = Number.isFinite(seconds) ? seconds : (auth.defaultTokenExpirationS ?? 3600);
    const token = parsed.access_token;
    this.opts.onToken?.(token);
    this.held.set(`${auth.accessTokenUrl} ${auth.clientId}`, { token, expiresAt: this.opts.now() + lifetime * 1000 });
    return token;
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'token URL';
  }
}
