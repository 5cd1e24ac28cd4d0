/**
 * Chrome stops an idle MV3 service worker after ~30 s; since Chrome 110 each extension API call
 * resets that timer. While a sync runs: a cheap API call every 20 s keeps the worker alive, and an
 * alarm every 30 s (the shortest Chrome allows) wakes it if it was stopped anyway, so the sync
 * resumes from its checkpoints. Nothing depends on the worker staying up.
 */
export const KEEPALIVE_ALARM = 'sync-watchdog';
const PING_MS = 20_000;

let ping: ReturnType<typeof setInterval> | undefined;

export function startKeepAlive(): void {
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  ping ??= setInterval(() => void browser.runtime.getPlatformInfo(), PING_MS);
}

export function stopKeepAlive(): void {
  void browser.alarms.clear(KEEPALIVE_ALARM);
  if (ping !== undefined) clearInterval(ping);
  ping = undefined;
}
