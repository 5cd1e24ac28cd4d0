/**
 * Every write to the settings item goes through one queue and patches the latest stored value,
 * so a checkbox saved the instant it is clicked and the Connection "Save" never overwrite each
 * other's fields.
 */
import { settingsItem, type Settings } from '@/lib/settings';

let queue: Promise<unknown> = Promise.resolve();

export function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const write = queue.then(async () => {
    const next = change(await settingsItem.getValue());
    await settingsItem.setValue(next);
    return next;
  });
  queue = write.catch(() => undefined);
  return write;
}
