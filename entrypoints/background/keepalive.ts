/**
 * Chrome stops an idle MV3 service worker after ~30 s. While a sync runs, an alarm every 30 s (the
 * minimum Chrome allows) both keeps events flowing and, if the worker was stopped anyway, wakes it
 * so the sync resumes from its checkpoints.
 */
export const KEEPALIVE_ALARM = 'sync-watchdog';

export function startKeepAlive(): void {
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
}

export function stopKeepAlive(): void {
  void browser.alarms.clear(KEEPALIVE_ALARM);
}
