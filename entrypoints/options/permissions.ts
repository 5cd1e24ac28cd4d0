/** Host access to the store, asked for at the moment the user saves or tests the connection. */
import type { StoreUrlCheck } from '@/lib/ui/store-url';

export type AccessResult = { ok: true } | { ok: false; message: string };

/**
 * Must be called synchronously from a click handler (before any await): Chrome only shows the
 * permission prompt during a user gesture. The local demo hosts are granted in the manifest.
 */
export function requestStoreAccess(check: Extract<StoreUrlCheck, { ok: true }>, tokenUrls: readonly string[] = []): Promise<AccessResult> {
  // An OAuth token URL on another site (the config's access_token_url) is asked for in the same prompt.
  const origins = [...(check.permissionPattern ? [check.permissionPattern] : []), ...tokenUrls];
  if (origins.length === 0) return Promise.resolve({ ok: true });
  const host = new URL(check.origin).host;
  const declined: AccessResult = {
    ok: false,
    message: `The browser did not allow access to ${host}, so sync can’t reach the store. Save again and choose “Allow” when the browser asks.`,
  };
  return browser.permissions.request({ origins }).then(
    (granted) => (granted ? { ok: true } : declined),
    () => declined,
  );
}
