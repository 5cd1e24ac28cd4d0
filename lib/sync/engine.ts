/**
 * Runs a sync plan: independent resources concurrently (bounded), children after their parents,
 * every page committed with its checkpoint so an interrupted sync continues where it stopped.
 */
import type { CursorValue, ResolvedResource, ResolvedSource } from '@/lib/config/types';
import { SyncError, type SyncErrorKind } from '@/lib/errors';
import type { ResourceProgress } from '@/lib/messages';
import { createPaginator, paginatorFactory } from '@/lib/paginators';
import type { PageRequest } from '@/lib/paginators/types';
import type { Checkpoint, Row, RowPosition, Store, TableState } from '@/lib/store';
import { buildPlan } from './plan';
import { ColumnLog, recordShapeIfUnknown } from './columns';
import { compileDataSelector, RecordReader } from './data-selector';
import { FailedParents } from './failed-parents';
import { IncrementalFilter, incrementalStartValue } from './incremental';
import { parentRecord } from './parent-record';
import { keyOf, toRow } from './records';
import { PageSizeLimit } from './page-size';
import { countParentVisits, parentFilterTest, parentVisitTest, type ParentTest } from './parent-visits';
import { baseRequest, type IncrementalValues } from './requests';
import { walkPages, type PageFetcher } from './walk';

export interface SyncRun {
  source: ResolvedSource;
  selected: readonly string[];
  store: Store;
  http: PageFetcher;
  signal: AbortSignal;
  /** Resources to re-walk from the start even though an earlier walk finished or stopped part-way. */
  fullRefresh?: readonly string[];
  /** Concurrent resources (default 3); they share one rate-limit budget inside `http`. */
  concurrency?: number;
  /** Continuing a run that started at this time (the worker was restarted): tables it already finished are not walked again. */
  resumeOf?: number;
  now?: () => number;
  report?: (resource: string, patch: Partial<ResourceProgress>) => void;
}

export interface SyncResult {
  resources: Record<string, { status: 'done' | 'error' | 'cancelled'; error?: SyncError }>;
  /**
   * Set when the sync failed as a whole (the store could not be reached, the token was rejected):
   * every table it had not finished failed for this one cause.
   */
  error?: SyncError;
}

/** Parent rows whose child requests run together and commit in one transaction. */
const CHILD_GROUP = 8;

/**
 * Failures a saved position can cause, every time it is resumed: the request it leads to is
 * refused or its answer is unusable. (The network, the server, rate limits, the token or storage
 * fail whatever the position.)
 */
const POSITION_FAILURES: ReadonlySet<SyncErrorKind> = new Set(['bad_response', 'client', 'not_found', 'config']);

/** A child's parent-row test for counting work while its parent is walked (every fetched row is new or changed). */
interface ChildEstimate {
  name: string;
  test: ParentTest;
  visits: number;
}

export async function runSync(run: SyncRun): Promise<SyncResult> {
  const now = run.now ?? Date.now;
  const report = run.report ?? (() => undefined);
  const plan = buildPlan(run.source, run.selected);
  const result: SyncResult = { resources: {} };
  for (const r of plan.resources) report(r.name, { status: 'queued', error: undefined, requestsLeft: r.parent ? undefined : 1 });

  // A sync-wide failure stops every running table through this, as a cancel does.
  const abort = new AbortController();
  const stopAll = () => abort.abort(run.signal.reason);
  run.signal.addEventListener('abort', stopAll, { once: true });
  if (run.signal.aborted) stopAll();
  const inner: SyncRun = { ...run, signal: abort.signal };

  const estimates = new Map<string, ChildEstimate[]>();
  for (const r of plan.resources) {
    if (!r.parent) continue;
    const list = estimates.get(r.parent.resource) ?? [];
    list.push({ name: r.name, test: parentFilterTest(r.parentFilter), visits: 0 });
    estimates.set(r.parent.resource, list);
  }

  const pending = [...plan.resources];
  const running = new Map<string, Promise<void>>();
  const limit = Math.max(1, run.concurrency ?? 3);

  const start = (r: ResolvedResource) => {
    const task = syncResource(r, inner, now, report, estimates.get(r.name) ?? []).then(
      () => void (result.resources[r.name] = { status: 'done' }),
      (err: unknown) => {
        const error = asSyncError(err, r.name);
        if (error.scope === 'sync' && !result.error) {
          result.error = error;
          abort.abort(error);
        }
        result.resources[r.name] = { status: error.kind === 'cancelled' ? 'cancelled' : 'error', error };
      },
    );
    running.set(r.name, task.finally(() => running.delete(r.name)));
  };

  try {
    while (pending.length || running.size) {
      for (let i = 0; i < pending.length && running.size < limit; ) {
        const r = pending[i];
        if (abort.signal.aborted) {
          // Cancelled or failed as a whole: tables not started yet are left exactly as they were.
          pending.splice(i, 1);
          if (!result.error) {
            result.resources[r.name] = { status: 'cancelled', error: new SyncError('cancelled', `${r.name}: sync cancelled`, { resource: r.name }) };
            report(r.name, progressOf(await run.store.tableState(r.name)));
          }
          continue;
        }
        const parent = r.parent?.resource;
        const parentOutcome = parent ? result.resources[parent] : undefined;
        if (parent && !parentOutcome) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        const full = Object.values(result.resources).find((x) => x.error?.kind === 'storage');
        if (full) {
          // Storage is full: every further page would fail too, so the sync stops here, committed pages intact.
          const error = new SyncError('storage', `${r.name}: not synced because the browser's storage for this extension is full`, { resource: r.name });
          result.resources[r.name] = { status: 'error', error };
          await markStopped(run.store, r.name, error, now, report).catch(() => undefined);
          continue;
        }
        if (parentOutcome && parentOutcome.status !== 'done') {
          const error = parentFailure(r.name, parent!, parentOutcome.error);
          result.resources[r.name] = { status: error.kind === 'cancelled' ? 'cancelled' : 'error', error };
          await markStopped(run.store, r.name, error, now, report);
          continue;
        }
        start(r);
      }
      if (running.size) await Promise.race(running.values());
    }
  } finally {
    run.signal.removeEventListener('abort', stopAll);
  }

  if (result.error) {
    // Every table this sync did not finish failed for the one cause, said once (the popup shows it above the rows).
    const cause = result.error;
    for (const r of plan.resources) {
      if (result.resources[r.name]?.status === 'done') continue;
      const error = new SyncError(cause.kind, cause.message, { resource: cause.resource, status: cause.status, detail: cause.detail, scope: 'sync' });
      result.resources[r.name] = { status: 'error', error };
      await markStopped(run.store, r.name, error, now, report).catch(() => undefined);
    }
  }
  return result;
}

/** A child not walked because its parent did not finish: the parent's own cause, in its words. */
function parentFailure(child: string, parent: string, cause: SyncError | undefined): SyncError {
  if (!cause || cause.kind === 'cancelled') return new SyncError('cancelled', `${child}: not synced because ${parent} was cancelled`, { resource: child });
  const why = cause.message.startsWith(`${parent}: `) ? cause.message.slice(parent.length + 2) : cause.message;
  return new SyncError('parent_failed', `${child}: not synced: ${parent} failed — ${why}`, { resource: child, status: cause.status, detail: cause.detail });
}

async function syncResource(
  r: ResolvedResource,
  run: SyncRun,
  now: () => number,
  report: NonNullable<SyncRun['report']>,
  children: ChildEstimate[],
): Promise<void> {
  const { store } = run;
  let resuming = false;
  /** The walk ended and its outcome is stored (with parents that failed): nothing more to record. */
  let walked = false;
  try {
    let state = await store.tableState(r.name);
    if (run.resumeOf !== undefined && state.checkpoint?.done && state.status === 'done' && (state.finishedAt ?? 0) >= run.resumeOf) {
      report(r.name, progressOf(state));
      return;
    }
    resuming = !!state.checkpoint && !state.checkpoint.done && !run.fullRefresh?.includes(r.name);
    const full = !!run.fullRefresh?.includes(r.name);
    state = resuming
      ? await store.patchTableState(r.name, { status: 'running', error: undefined })
      : await store.beginFreshWalk(r.name, r.writeDisposition === 'replace', {
          status: 'running',
          error: undefined,
          startedAt: now(),
          finishedAt: undefined,
          pagesFetched: 0,
          rowsFetched: 0,
          parentsDone: 0,
          ...incrementalStart(r, state, full, parentOf(r, run.source)),
        });
    report(r.name, progressOf(state));

    const failedParents = r.parent ? await walkChildren(r, state, run, report) : await walkTopLevel(r, state, run, report, children);
    // A replace table keeps its previous contents rather than lose the failed parents' rows.
    if (failedParents && r.writeDisposition === 'replace') throw failedParents;

    const finished = failedParents
      ? { status: 'error' as const, finishedAt: now(), error: failedParents.toJSON() }
      : { status: 'done' as const, finishedAt: now(), lastSyncedAt: now(), error: undefined };
    state = await store.finishWalk(r.name, finished);
    state = await recordShapeIfUnknown(store, r, state);
    report(r.name, progressOf(state));
    if (failedParents) {
      walked = true;
      throw failedParents;
    }
  } catch (err) {
    const error = asSyncError(err, r.name);
    if (walked) throw error;
    // A walk that resumed from a saved position and failed there in a way the position can cause
    // would fail the same way at every later sync: the next one starts the walk afresh instead.
    const forget = resuming && POSITION_FAILURES.has(error.kind);
    await markStopped(store, r.name, error, now, report, forget).catch(() => undefined);
    throw error;
  }
}

/**
 * `children`: the child tables waiting on this one; each page's rows that a child will request
 * are counted, so the child's cost is known (roughly) before it starts.
 */
async function walkTopLevel(r: ResolvedResource, state: TableState, run: SyncRun, report: NonNullable<SyncRun['report']>, children: ChildEstimate[]): Promise<undefined> {
  const cp = state.checkpoint && !state.checkpoint.done ? state.checkpoint : null;
  const paginator = createPaginator(r.paginator, cp?.paginator ?? undefined);
  // What the walk detected on its first response is carried on, so a resumed walk reads its pages the same way.
  const reader = new RecordReader(r.name, compileDataSelector(r), { detected: cp?.dataSelector, strictFirstPage: !cp });
  let { pagesFetched, rowsFetched } = state;
  const columns = new ColumnLog(r, state);
  const pageSizes = new PageSizeLimit(state.pageSizeLimit);
  const filter = r.incremental
    ? new IncrementalFilter(r.incremental, r, state.incrementalStart ?? r.incremental.initialValue, state.incrementalStartHashes ?? [], {
        lastValue: state.incrementalValue,
        hashes: state.incrementalHashes,
      })
    : undefined;
  const request = baseRequest(r, undefined, filter ? incrementalValues(r, filter.start) : undefined);
  const keep = filter && ((records: Row[]) => filter.page(records));
  await walkPages(
    r,
    request,
    paginator,
    run.http,
    run.signal,
    pageSizes,
    async (page) => {
      pagesFetched++;
      rowsFetched += page.records.length;
      const cursor = filter ? { incrementalValue: filter.lastValue, incrementalHashes: filter.boundaryHashes() } : {};
      const checkpoint: Checkpoint = { paginator: page.state, done: !page.more, ...(reader.detected ? { dataSelector: reader.detected } : {}) };
      const rows = page.records;
      // Stored with the checkpoint it was fetched with: a resumed page_number walk counts pages of this size.
      const learned = page.pageSizeLimit === undefined ? {} : { pageSizeLimit: page.pageSizeLimit };
      const next = await commitRows(run.store, r, rows, { pagesFetched, rowsFetched, checkpoint, ...cursor, ...learned, ...columns.patch(rows) });
      // A cursor walk's length is unknown until its last page: at least one more request while more follow.
      report(r.name, { ...progressOf(next), requestsLeft: page.more ? 1 : 0 });
      for (const child of children) {
        for (const row of rows) if (child.test(row)) child.visits++;
        report(child.name, { requestsLeft: child.visits });
      }
    },
    reader,
    keep,
  );
}

/** The values `{incremental.*}` placeholders and start/end params take for a walk starting at `start`. */
function incrementalValues(r: ResolvedResource, start: CursorValue): IncrementalValues {
  const inc = r.incremental!;
  return { start_value: start, last_value: start, initial_value: inc.initialValue, end_value: inc.endValue ?? null, lag: inc.lag ?? null };
}

/**
 * Visits the parent's stored rows in stored order, a fresh paginator per parent row (dlt fixed three
 * bugs from sharing one across parents). Parents go in groups: a group's requests run
 * concurrently, and its rows are committed in one transaction with the checkpoint "every parent up
 * to the group's last is done" — one transaction per group rather than per parent, and a worker
 * stopped mid-group refetches only that group.
 *
 * A parent whose requests fail for good is recorded (FailedParents) and the walk goes on: the
 * other parents' rows are committed, parents that failed before are visited again, and the walk
 * hands back the table's error when some are still failing at its end.
 */
async function walkChildren(r: ResolvedResource, state: TableState, run: SyncRun, report: NonNullable<SyncRun['report']>): Promise<SyncError | undefined> {
  const { store } = run;
  const parentName = r.parent!.resource;
  const cp = state.checkpoint && !state.checkpoint.done ? state.checkpoint : null;
  let { pagesFetched, rowsFetched } = state;
  /** Parent rows requested so far in this walk (a resumed walk counts on). */
  let parentsDone = state.parentsDone ?? 0;
  let lastDone: RowPosition | null = cp?.parentPosition ?? null;
  const columns = new ColumnLog(r, state);
  // New or changed parents that the parent_filter selects; counted first, so progress and time
  // estimates know the work left.
  const needsVisit = parentVisitTest(r, parentOf(r, run.source), state.incrementalStart ?? undefined);
  const failures = new FailedParents(r, state, cp === null);
  // A resumed walk first visits again the parents that failed before the point it resumes at.
  const resumeAt = failures.pending ? lastDone : null;
  const visit = (row: Row) => needsVisit(row) || failures.isPending(row);
  const parentsTotal = parentsDone + (resumeAt ? failures.count : 0) + (await countParentVisits(store, parentName, visit, lastDone));
  const left = () => {
    const pagesPerParent = parentsDone > 0 && pagesFetched > 0 ? pagesFetched / parentsDone : 1;
    return Math.round((parentsTotal - parentsDone) * Math.max(1, pagesPerParent));
  };
  report(r.name, { parentsTotal, parentsDone, requestsLeft: left() });

  // Options are checked once for the walk, not once per parent row.
  const newPaginator = paginatorFactory(r.paginator);
  const selector = compileDataSelector(r);
  // One for all parents: a page size the API refused for one parent is not asked for again.
  const pageSizes = new PageSizeLimit(state.pageSizeLimit);
  // A child's own incremental filters its rows within each run, from its initial value (see README).
  const filter = r.incremental ? new IncrementalFilter(r.incremental, r, incrementalStartValue(r.incremental, undefined)) : undefined;
  const values = filter ? incrementalValues(r, filter.start) : undefined;
  const fetchAllPages = async (request: PageRequest, signal: AbortSignal) => {
    const records: Row[] = [];
    let pages = 0;
    // Each parent's walk detects its own paginator and data selector, as each dlt paginate() call does.
    await walkPages(
      r,
      request,
      newPaginator(),
      run.http,
      signal,
      pageSizes,
      async (page) => {
        pages++;
        records.push(...page.records);
      },
      new RecordReader(r.name, selector),
    );
    return { records, pages };
  };

  let group: { position: RowPosition; row: Row; request: PageRequest; fields: Row }[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    // A failure that would fail every parent stops the group's other requests rather than waste them.
    const groupAbort = new AbortController();
    const stop = () => groupAbort.abort();
    run.signal.addEventListener('abort', stop, { once: true });
    if (run.signal.aborted) stop();
    let stopping: SyncError | undefined;
    let settled: ({ ok: true; records: Row[]; pages: number } | { ok: false; error: SyncError })[];
    try {
      settled = await Promise.all(
        group.map((p) =>
          fetchAllPages(p.request, groupAbort.signal).then(
            (value) => ({ ok: true as const, ...value }),
            (err: unknown) => {
              const error = asSyncError(err, r.name);
              if (!FailedParents.isPerParent(error) && !groupAbort.signal.aborted) {
                stopping ??= error;
                stop();
              }
              return { ok: false as const, error };
            },
          ),
        ),
      );
    } finally {
      run.signal.removeEventListener('abort', stop);
    }
    if (run.signal.aborted) throw new SyncError('cancelled', `${r.name}: sync cancelled`, { resource: r.name });
    // Every parent of a group failing on the server is an outage, not one parent's problem.
    if (!stopping && group.length > 1 && settled.every((s) => !s.ok && s.error.kind === 'server')) stopping = (settled[0] as { error: SyncError }).error;

    const rows: Row[] = [];
    settled.forEach((s, i) => {
      const parent = group[i];
      if (!s.ok) return failures.record(parent.row, stopping && s.error.kind === 'cancelled' ? stopping : s.error);
      pagesFetched += s.pages;
      rowsFetched += s.records.length;
      // Filtered in parent order, so the result does not depend on which request finished first.
      for (const record of filter ? filter.page(s.records).records : s.records) rows.push(toRow(record, parent.fields));
      failures.succeeded(parent.row);
    });
    parentsDone += group.length;
    lastDone = laterPosition(lastDone, group[group.length - 1].position);
    const checkpoint: Checkpoint = { paginator: null, parentPosition: lastDone, done: false };
    // A size is only remembered once a request made with it succeeded, so it is one the API accepts.
    const learned = pageSizes.limit === undefined ? {} : { pageSizeLimit: pageSizes.limit };
    const next = await commitRows(store, r, rows, { pagesFetched, rowsFetched, parentsDone, checkpoint, ...learned, ...columns.patch(rows), ...failures.patch() });
    report(r.name, { ...progressOf(next), parentsTotal, requestsLeft: left() });
    group = [];
    if (stopping) throw stopping;
  };

  for await (const { positions, rows } of store.iterateEntries(parentName, { after: resumeAt ? null : lastDone })) {
    for (let i = 0; i < rows.length; i++) {
      const retry = resumeAt !== null && !isAfter(positions[i], resumeAt);
      if (retry ? !failures.isPending(rows[i]) : !visit(rows[i])) continue;
      // A parent row without a field the placeholders or include_from_parent need fails the table
      // there, before its request, as dlt's process_parent_data_item raises before paginate():
      // the parents before it are requested and committed; none after it.
      let request: PageRequest;
      let fields: Row;
      try {
        request = baseRequest(r, rows[i], values);
        fields = parentRecord(r, rows[i]);
      } catch (err) {
        await flush();
        throw asSyncError(err, r.name);
      }
      group.push({ position: positions[i], row: rows[i], request, fields });
      if (group.length >= CHILD_GROUP) await flush();
    }
  }
  await flush();
  const next = await store.patchTableState(r.name, {
    checkpoint: { paginator: null, parentPosition: lastDone, done: true },
    parentsDone,
    // Every parent up to the parent's current cursor has been visited (failed ones are listed).
    incrementalValue: (await store.tableState(parentName)).incrementalValue,
    ...failures.patch(),
  });
  report(r.name, { ...progressOf(next), parentsTotal, requestsLeft: 0 });
  return failures.summary(parentName);
}

/** Whether `position` comes after `at` in a parent table (a position from another generation starts over, so counts as after). */
function isAfter(position: RowPosition, at: RowPosition): boolean {
  if (position[0] !== at[0]) return true;
  return position[1] > at[1] || (position[1] === at[1] && position[2] > at[2]);
}

function laterPosition(a: RowPosition | null, b: RowPosition): RowPosition {
  return a === null || isAfter(b, a) ? b : a;
}

/**
 * Where an incremental walk starts: after the highest value stored, or from the configured
 * initial value for a first or full sync. A replaced table is always walked whole. A child walks
 * each parent from the start (one stored maximum across parents would skip rows, dlt#2429); its
 * own start is the parent cursor it had fully processed, so only newer parents are visited.
 */
function incrementalStart(r: ResolvedResource, state: TableState, full: boolean, parent?: ResolvedResource): Partial<TableState> {
  if (r.parent) return parent?.incremental ? { incrementalStart: full ? undefined : state.incrementalValue } : {};
  if (!r.incremental) return {};
  // A replaced table is walked whole: rows not fetched again would be lost.
  const whole = full || r.writeDisposition === 'replace';
  const start = incrementalStartValue(r.incremental, whole ? undefined : state.incrementalValue);
  const hashes = whole || r.incremental.endValue !== undefined ? [] : (state.incrementalHashes ?? []);
  return { incrementalStart: start, incrementalStartHashes: hashes, incrementalValue: start, incrementalHashes: hashes };
}

function parentOf(r: ResolvedResource, source: ResolvedSource): ResolvedResource | undefined {
  return r.parent && source.resources.find((x) => x.name === r.parent!.resource);
}

/**
 * Rows are stored with their keys, which the store merges on, only for the `merge` disposition:
 * `append` and `replace` keep every row of a walk, as dlt loads them (a key repeated within one
 * run is two rows). Every row's key is still checked, as dlt's primary_key hint requires one.
 */
function commitRows(store: Store, r: ResolvedResource, rows: Row[], patch: Partial<TableState>) {
  const keys = r.primaryKey.length ? rows.map((row) => keyOf(row, r)) : null;
  return store.commitPage(r.name, { rows, keys: r.writeDisposition === 'merge' ? keys : null }, patch);
}

async function markStopped(store: Store, name: string, error: SyncError, now: () => number, report: NonNullable<SyncRun['report']>, forgetPosition = false) {
  // A cancel keeps the committed pages and checkpoint; the table goes back to idle, not error.
  const patch = error.kind === 'cancelled' ? { status: 'idle' as const, finishedAt: now(), error: undefined } : { status: 'error' as const, finishedAt: now(), error: error.toJSON() };
  if (forgetPosition) Object.assign(patch, { checkpoint: null });
  const next = await store.patchTableState(name, patch);
  report(name, progressOf(next));
}

export function progressOf(state: TableState): ResourceProgress {
  return {
    resource: state.resource,
    status: state.status,
    rowsStored: state.rowsStored,
    rowsDeleted: state.rowsDeleted,
    pagesFetched: state.pagesFetched,
    rowsFetched: state.rowsFetched,
    parentsDone: state.parentsDone,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    lastSyncedAt: state.lastSyncedAt,
    pageSizeLimit: state.pageSizeLimit,
    error: state.error,
    waitingUntil: undefined,
    requestsLeft: state.status === 'done' || state.status === 'error' ? 0 : undefined,
  };
}

function asSyncError(err: unknown, resource: string): SyncError {
  if (err instanceof SyncError) return err;
  return new SyncError('client', `${resource}: ${err instanceof Error ? err.message : String(err)}`, { resource, cause: err });
}
