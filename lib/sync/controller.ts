/**
 * Owns the one sync that may run at a time in the background: starts it from the user's settings,
 * joins a second start to the running one, cancels, and reports progress to the pages.
 */
import type { ConfigResult, ResolvedSource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { HttpClient, RateLimitBudget, sourceClientOptions } from '@/lib/http';
import type { KnownRateLimit, LastRun, ResourceProgress, SyncStatus } from '@/lib/messages';
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
/** meta keys: how the last sync ended, and the rate limit it learned. */
export const LAST_RUN = 'lastRun';
export const RATE_LIMIT = 'rateLimit';

/** The rate limit the last sync learned, from the store's meta (for the options page's estimates). */
export async function knownRateLimit(store: Store): Promise<KnownRateLimit | undefined> {
  return (await store.db.get('meta', RATE_LIMIT)) as KnownRateLimit | undefined;
}

interface ActiveRunRecord {
  resources: string[];
  fullRefresh: string[];
  startedAt: number;
}

export class SyncController {
  private run: {
    promise: Promise<void>;
    abort: AbortController;
    progress: Map<string, ResourceProgress>;
    startedAt: number;
    budget: RateLimitBudget;
    /** Time not spent held by the rate limit, per request done: measured pace. */
    pace: () => number | undefined;
    error?: SyncStatus['error'];
  } | null = null;
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
    this.launch(store, result.source, token, record, undefined, await knownRateLimit(store), await storedCounts(store));
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
    this.launch(store, result.source, token, { ...record, fullRefresh: [] }, record.startedAt, await knownRateLimit(store), await storedCounts(store));
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

  /**
   * The store URL or the API token changed. A failure of the last sync as a whole (a rejected
   * token, an unreachable store) said nothing about the new connection, so it is dropped from the
   * last run: the popup stops saying the token was rejected once it was replaced, and the tables
   * that failure stopped read as not synced until the next sync says otherwise. A table's own
   * error (a 404, a server error) stays: it did not come from the connection.
   */
  async connectionChanged(): Promise<void> {
    if (this.run) return;
    const store = await this.deps.openStore();
    const lastRun = (await store.db.get('meta', LAST_RUN)) as LastRun | undefined;
    if (lastRun?.error?.scope !== 'sync') return;
    const { error: _stale, ...rest } = lastRun;
    await store.db.put('meta', rest as never, LAST_RUN);
  }

  async status(): Promise<SyncStatus> {
    if (this.run) {
      const { startedAt, progress, budget, pace, error } = this.run;
      const msPerRequest = pace();
      return {
        running: true,
        startedAt,
        resources: [...progress.values()],
        rateLimit: budget.quota(),
        ...(msPerRequest === undefined ? {} : { msPerRequest }),
        ...(error ? { error } : {}),
      };
    }
    const store = await this.deps.openStore();
    const lastRun = (await store.db.get('meta', LAST_RUN)) as LastRun | undefined;
    const { selected } = await this.deps.loadActive().catch(() => ({ selected: [] as string[] }));
    const states = new Map((await store.allTableStates()).map((s) => [s.resource, s]));
    const resources = selected.map((name) => {
      const s = states.get(name);
      if (!s) return { resource: name, status: 'idle' as const, rowsStored: 0, pagesFetched: 0, rowsFetched: 0 };
      // A table left "running" by a killed worker is not running now.
      const p = progressOf(s);
      if (p.status === 'running' || p.status === 'queued' || p.status === 'waiting') return { ...p, status: 'idle' as const };
      // A sync-wide failure no longer on record (the connection changed since) leaves the table not synced, not failed.
      if (p.status === 'error' && p.error?.scope === 'sync' && lastRun?.error?.scope !== 'sync') return { ...p, status: 'idle' as const, error: undefined };
      return p;
    });
    return {
      running: false,
      finishedAt: this.lastFinishedAt ?? lastRun?.finishedAt,
      resources,
      ...(lastRun ? { lastRun } : {}),
      ...(lastRun?.error ? { error: lastRun.error } : {}),
    };
  }

  private launch(store: Store, source: ResolvedSource, token: string, record: ActiveRunRecord, resumeOf?: number, known?: KnownRateLimit, stored: ReadonlyMap<string, StoredCounts> = new Map()): void {
    const abort = new AbortController();
    const progress = new Map<string, ResourceProgress>();
    const budget = new RateLimitBudget({ now: this.deps.now, sleep: this.deps.sleep }, known?.windowMs);
    // Rate-limit holds, merged across requests: the rest of the run's time is the API's own pace.
    let heldMs = 0;
    let heldUntil = 0;
    const hold = (until: number) => {
      const from = Math.max(this.now(), heldUntil);
      if (until > from) heldMs += until - from;
      heldUntil = Math.max(heldUntil, until);
    };
    const pace = () => {
      const done = [...progress.values()].reduce((sum, p) => sum + p.pagesFetched, 0);
      const active = this.now() - startedAt - heldMs;
      return done > 0 && active > 0 ? active / done : undefined;
    };
    const report = (resource: string, patch: Partial<ResourceProgress>) => {
      // A table not reported yet in this run still holds what earlier syncs stored: a queued row
      // shows that count, not 0, until its own walk reports.
      const prev = progress.get(resource) ?? { resource, status: 'queued' as const, ...(stored.get(resource) ?? { rowsStored: 0 }), pagesFetched: 0, rowsFetched: 0 };
      progress.set(resource, { ...prev, ...patch, resource });
    };
    const http = new HttpClient({
      ...sourceClientOptions(source, token),
      budget,
      fetch: this.deps.fetch,
      sleep: this.deps.sleep,
      now: this.deps.now,
      onWait: (w) => {
        if (w.reason === 'rate_limit') hold(w.until);
        report(w.resource, { status: 'waiting', waitingUntil: w.until });
      },
    });
    // Requests that resolve after a wait flip the row back to running.
    const fetcher = {
      request: async (req: Parameters<HttpClient['request']>[0], signal?: AbortSignal) => {
        const res = await http.request(req, signal);
        const p = progress.get(req.resource);
        if (p?.status === 'waiting') report(req.resource, { status: 'running', waitingUntil: undefined });
        return res;
      },
      showUrl: (url: string) => http.showUrl(url),
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
      .then(async (result) => {
        if (result.error && this.run) this.run.error = result.error.toJSON();
        const failed = !!result.error || Object.values(result.resources).some((r) => r.status === 'error');
        const outcome = abort.signal.aborted && !result.error ? 'cancelled' : failed ? 'failed' : 'done';
        await this.recordEnd(store, { startedAt, resources: record.resources, outcome, error: result.error?.toJSON() }, budget);
        // A cancelled run stays resumable through its checkpoints but is no longer "active".
        await store.db.delete('meta', ACTIVE_RUN);
      })
      .catch(async (err) => {
        const error = (err instanceof SyncError ? err : new SyncError('client', String(err))).toJSON();
        for (const p of progress.values()) {
          if (p.status !== 'done' && p.status !== 'error') report(p.resource, { status: 'error', error });
        }
        await this.recordEnd(store, { startedAt, resources: record.resources, outcome: 'failed', error }, budget).catch(() => undefined);
        await store.db.delete('meta', ACTIVE_RUN).catch(() => undefined);
      })
      .finally(() => {
        this.lastFinishedAt = this.now();
        this.run = null;
        this.deps.onRunningChange?.(false);
      });
    this.run = { promise, abort, progress, startedAt, budget, pace };
    this.deps.onRunningChange?.(true);
  }

  /** Keeps how the run ended (the popup's summary line) and the rate limit it learned (estimates). */
  private async recordEnd(store: Store, run: Omit<LastRun, 'finishedAt'>, budget: RateLimitBudget): Promise<void> {
    const lastRun: LastRun = { ...run, finishedAt: this.now() };
    if (!lastRun.error) delete lastRun.error;
    await store.db.put('meta', lastRun as never, LAST_RUN);
    const quota = budget.quota();
    if (quota.limit === undefined) return;
    const before = await knownRateLimit(store);
    const windowMs = quota.windowSource === 'measured' ? quota.windowMs : before?.windowMs;
    const known: KnownRateLimit = { limit: quota.limit, learnedAt: this.now(), ...(windowMs === undefined ? {} : { windowMs }) };
    await store.db.put('meta', known as never, RATE_LIMIT);
  }
}

/** What a table held before this run: the counts a popup shows for it while it waits its turn. */
type StoredCounts = Pick<ResourceProgress, 'rowsStored' | 'rowsDeleted' | 'lastSyncedAt'>;

async function storedCounts(store: Store): Promise<Map<string, StoredCounts>> {
  const states = await store.allTableStates();
  return new Map(states.map((s) => [s.resource, { rowsStored: s.rowsStored, rowsDeleted: s.rowsDeleted, lastSyncedAt: s.lastSyncedAt }]));
}
