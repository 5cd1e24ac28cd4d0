/** Optional scheduled sync (off by default): one chrome.alarms alarm that follows the setting. */
import { settingsItem } from '@/lib/settings';

export const AUTO_SYNC_ALARM = 'auto-sync';

export async function applyAutoSync(hours: number): Promise<void> {
  const existing = await browser.alarms.get(AUTO_SYNC_ALARM);
  if (!hours || hours <= 0) {
    if (existing) await browser.alarms.clear(AUTO_SYNC_ALARM);
    return;
  }
  const periodInMinutes = hours * 60;
  if (existing?.periodInMinutes === periodInMinutes) return;
  await browser.alarms.create(AUTO_SYNC_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
}

/** Keeps the alarm in step with the options page. */
export function watchAutoSyncSetting(): void {
  void settingsItem.getValue().then((s) => applyAutoSync(s.autoSyncHours));
  settingsItem.watch((s) => void applyAutoSync(s?.autoSyncHours ?? 0));
}
