import { loadActive, withBaseUrl } from '@/lib/active-source';
import { SyncError } from '@/lib/errors';
import { messageSafe, type Message, type MessageHandlers, type MessageType, type Reply } from '@/lib/messages';
import { apiTokenItem, settingsItem } from '@/lib/settings';
import { openStore } from '@/lib/store';
import { SyncController } from '@/lib/sync/controller';
import { testConnection } from '@/lib/sync/connection';
import { AUTO_SYNC_ALARM, watchAutoSyncSetting } from './auto-sync';
import { KEEPALIVE_ALARM, startKeepAlive, stopKeepAlive } from './keepalive';

export default defineBackground(() => {
  const controller = new SyncController({
    openStore,
    loadActive,
    loadToken: () => apiTokenItem.getValue(),
    onRunningChange: (running) => (running ? startKeepAlive() : stopKeepAlive()),
  });

  const handlers: MessageHandlers = {
    'sync/start': (m) => controller.start({ resources: m.resources, fullRefresh: m.fullRefresh }),
    'sync/cancel': () => controller.cancel(),
    'sync/status': () => controller.status(),
    'connection/test': async (m) => {
      const { result } = await loadActive();
      if (!result.ok) return { ok: false, message: 'The source config is invalid; fix it under Advanced first.' };
      return testConnection(withBaseUrl(result.source, m.baseUrl), m.token);
    },
  };

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only the extension's own pages may drive it (no content scripts exist; web pages cannot reach us).
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/'))) return undefined;
    const type = (message as { type?: string } | null)?.type as MessageType | undefined;
    const handler = type && (handlers[type] as ((m: Message) => Promise<unknown>) | undefined);
    if (!handler) return undefined;
    return handler(message as Message).then(
      (value): Reply<unknown> => ({ ok: true, value: messageSafe(value) }),
      (err: unknown): Reply<unknown> => ({
        ok: false,
        error: err instanceof SyncError ? err.toJSON() : { kind: 'client', message: err instanceof Error ? err.message : String(err) },
      }),
    );
  });

  // The watchdog alarm wakes a worker that Chrome stopped mid-sync; any wake-up resumes the run.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) void controller.resumeInterrupted();
    // A scheduled sync that cannot start (no token yet) records nothing; the popup shows the last run.
    if (alarm.name === AUTO_SYNC_ALARM) void controller.start().catch(() => undefined);
  });
  watchAutoSyncSetting();
  // A new token or store URL makes the last sync's sync-wide failure (token rejected, store unreachable) stale.
  apiTokenItem.watch(() => void controller.connectionChanged());
  settingsItem.watch((next, previous) => {
    if (next.baseUrl !== previous?.baseUrl) void controller.connectionChanged();
  });
  void controller.resumeInterrupted();
});
