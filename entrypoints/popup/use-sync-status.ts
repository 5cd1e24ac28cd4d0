/**
 * The background owns sync progress; the popup only polls it. Polling (rather than a port) means
 * a popup closed and reopened mid-sync shows the current state at once, and a service worker that
 * Chrome restarted is simply asked again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendMessage, type SyncStatus } from '@/lib/messages';

const POLL_MS = 500;
/** Failures in a row before the popup says the background is not answering (one can be a restart). */
const QUIET_FAILURES = 3;

export interface SyncStatusState {
  status: SyncStatus | null;
  /** Set while the background does not answer; polling goes on. */
  unreachable: string | null;
  /** Apply a status returned by sync/start or sync/cancel without waiting for the next poll. */
  accept(status: SyncStatus): void;
}

export function useSyncStatus(): SyncStatusState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  const failures = useRef(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await sendMessage('sync/status', {});
        if (stopped) return;
        failures.current = 0;
        setStatus(next);
        setUnreachable(null);
      } catch (err) {
        if (stopped) return;
        failures.current += 1;
        if (failures.current >= QUIET_FAILURES) setUnreachable(err instanceof Error ? err.message : String(err));
      }
      // One request in flight at a time: schedule the next only after this one settles.
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return { status, unreachable, accept: setStatus };
}

/** A clock for countdowns and relative times. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
