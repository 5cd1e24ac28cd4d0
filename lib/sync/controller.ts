/**
 * Owns the one sync that may run at a time in the background: starts it from the user's settings,
 * joins a second start to the running one, cancels, and reports progress to the pages.
 */
import type { ConfigResult, ResolvedSource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { HttpClient, RateLimitBudget } from '@/lib/http';
import type { ResourceProgress, SyncStatus } from '@/lib/messages';
import type { Settings } from '@/lib/settings';
import type { Store } from '@/lib/store';
import { progressOf, runSync } from './engine';

export interface ActiveSetup {
  settings: Settings;
  result: ConfigResult;
  selected: string[];
}

export interface ControllerDeps {
  openStore: () => Promise<Store>;
  loadActive: () => Promise<ActiveSetup>;
  loadToken: () => Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  concurrency?: number;
  /** Called when a run starts and ends (the background uses it for its keep-alive alarm). */
  onRunningChange?: (running: boolean) => void;
}

const ACTIVE_RUN = 'activeRun';

interface ActiveRunRecord {
  resources: string[];
  fullRefresh: string[];
  startedAt: number;
}

export class SyncController {
  private run: { promise: Promise<void>; abort: AbortController; progress: Map<string, ResourceProgress>; startedAt: number } | null = null;
  private lastFinishedAt: number | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
  }

  get running(): boolean {
    return this.run !== null;
  }

  /** Starts a sync, or returns the running one's status: two syncs never run at once. */
  async start(opts: { resources?: string[]; fullRefresh?: string[] } = {}): Promise<SyncStatus> {
    if (this.run) return this.status();
    const { settings, result, selected } = await this.deps.loadActive();
    if (!result.ok) {
      throw new SyncError('config', `The source config has ${result.errors.length} problem(s): ${result.errors[0].path}: ${result.errors[0].message}`);
    }
    if (!settings.baseUrl && !result.source.baseUrl) throw new SyncError('config', 'Add your store URL in Settings first.');
    const token = await this.deps.loadToken();
    if (!token) throw new SyncError('config', 'Add your API token in Settings first.');
    const resources = opts.resources?.length ? opts.resources : selected;
    if (!resources.length) throw new SyncError('config', 'No tables are selected. Choose some in Settings.');
    if (this.run) return this.status(); // a concurrent start won the race while we loaded settings

    const store = await this.deps.openStore();
    const record: ActiveRunRecord = { resources, fullRefresh: opts.fullRefresh ?? [], startedAt: this.now() };
    await store.db.put('meta', record as never, ACTIVE_RUN);
    this.launch(store, result.source, token, record);
    return this.status();
  }

  /** After the service worker restarts: continue a sync that was running when it stopped. */
  async resumeInterrupted(): Promise<boolean> {
    if (this.run) return false;
    const store = await this.deps.openStore();
    const record = (await store.db.get('meta', ACTIVE_RUN)) as ActiveRunRecord | undefined;
    if (!record) return false;
    const { result } = await this.deps.loadActive();
    const token = await this.deps.loadToken();
    if (!result.ok || !token || this.run) return false;
    this.launch(store, result.source, token, { ...record, fullRefresh: [] }, record.startedAt);
    return true;
  }

  async cancel(): Promise<SyncStatus> {
    const run = this.run;
    if (run) {
      run.abort.abort();
      await run.promise.catch(() => undefined);
    }
    return this.status();
  }

  async status(): Promise<SyncStatus> {
    if (this.run) {
      return { running: true, startedAt: this.run.startedAt, resources: [...this.run.progress.values()] };
    }
    const store = await this.deps.openStore();
    const { selected } = await this.deps.loadActive().catch(() => ({ selected: [] as string[] }));
    const states = new Map((await store.allTableStates()).map((s) => [s.resource, s]));
    const resources = selected.map((name) => {
      const s = states.get(name);
      if (!s) return { resource: name, status: 'idle' as const, rowsStored: 0, pagesFetched: 0, rowsFetched: 0 };
      // A table left "running" by a killed worker is not running now.
      const p = progressOf(s);
      return p.status === 'running' || p.status === 'queued' || p.status === 'waiting' ? { ...p, status: 'idle' as const } : p;
    });
    return { running: false, finishedAt: this.lastFinishedAt, resources };
  }

  private launch(store: Store, source: ResolvedSource, token: string, record: ActiveRunRecord, resumeOf?: number): void {
    const abort = new AbortController();
    const progress = new Map<string, ResourceProgress>();
    const report = (resource: string, patch: Partial<ResourceProgress>) => {
      const prev = progress.get(resource) ?? { resource, status: 'queued' as const, rowsStored: 0, pagesFetched: 0, rowsFetched: 0 };
      progress.set(resource, { ...prev, ...patch, resource });
    };
    const http = new HttpClient({
      baseUrl: source.baseUrl,
      auth: source.auth,
      secret: token,
      headers: source.headers,
      retry: source.retry,
      budget: new RateLimitBudget({ now: this.deps.now, sleep: this.deps.sleep }),
      fetch: this.deps.fetch,
      sleep: this.deps.sleep,
      now: this.deps.now,
      onWait: (w) => report(w.resource, { status: 'waiting', waitingUntil: w.until }),
    });
    // Requests that resolve after a wait flip the row back to running.
    const fetcher = {
      request: async (req: Parameters<HttpClient['request']>[0], signal?: AbortSignal) => {
        const res = await http.request(req, signal);
        const p = progress.get(req.resource);
        if (p?.status === 'waiting') report(req.resource, { status: 'running', waitingUntil: undefined });
        return res;
      },
    };
    const startedAt = this.now();
    const promise = runSync({
      source,
      selected: record.resources,
      fullRefresh: record.fullRefresh,
      store,
      http: fetcher,
      signal: abort.signal,
      concurrency: this.deps.concurrency,
      resumeOf,
      now: this.now,
      report,
    })
      .then(async () => {
        // A cancelled run stays resumable through its checkpoints but is no longer "active".
        await store.db.delete('meta', ACTIVE_RUN);
      })
      .catch(async (err) => {
        for (const p of progress.values()) {
          if (p.status !== 'done' && p.status !== 'error') {
            report(p.resource, { status: 'error', error: (err instanceof SyncError ? err : new SyncError('client', String(err))).toJSON() });
          }
        }
        await store.db.delete('meta', ACTIVE_RUN).catch(() => undefined);
      })
      .finally(() => {
        this.lastFinishedAt = this.now();
        this.run = null;
        this.deps.onRunningChange?.(false);
      });
    this.run = { promise, abort, progress, startedAt };
    this.deps.onRunningChange?.(true);
  }
}
