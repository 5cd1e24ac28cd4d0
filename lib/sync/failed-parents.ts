/**
 * Parents whose child requests failed for good (a sale deleted since it was synced answers 404).
 * One such parent must not sink the child table: its failure is recorded here and committed with
 * the rows of the other parents, the walk goes on, the table ends in an error that says how many
 * parents failed and why, and the next walk visits those parents again.
 *
 * Failures that say nothing about one parent (the network, a timeout, the rate limit, the token,
 * storage, a cancel) are not recorded as that parent's: they stop the walk, as for any table.
 */
import { parentField, readParentField, type ParentField } from '@/lib/config/parent-field';
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError, type SyncErrorKind } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import type { FailedParent, KeyId, Row, TableState } from '@/lib/store';

/** Failures of one parent's requests: that parent's resource is gone, refused, broken or unreadable. */
const PER_PARENT: ReadonlySet<SyncErrorKind> = new Set(['not_found', 'client', 'bad_response', 'server']);

/** Failed parents listed in the table state at most; beyond it, the next walk visits every parent. */
export const MAX_FAILED_PARENTS = 500;

/** Failed parents named in the table's error message. */
const NAMED = 3;

export class FailedParents {
  private readonly failed: Map<KeyId, string>;
  /** Failed parents beyond the list, in this walk (or in the interrupted part of a resumed one). */
  private more: number;
  /** Failures beyond the list were recorded earlier: every parent is visited again. */
  private readonly revisitAll: boolean;
  private first: SyncError | undefined;
  private changed = false;
  /** The parent fields the child's placeholders read, compiled once. */
  private readonly fields: ParentField[];

  /** `fresh`: the walk starts from the first parent (not resumed part-way), so it visits every failed parent once. */
  constructor(
    private readonly resource: ResolvedResource,
    state: TableState,
    fresh: boolean,
  ) {
    this.failed = new Map((state.failedParents ?? []).map((p) => [p.id, p.reason]));
    const more = state.failedParentsMore ?? 0;
    this.revisitAll = more > 0;
    this.more = fresh ? 0 : more;
    this.changed = fresh && more > 0;
    this.fields = (resource.parent?.refs ?? []).map((ref) => parentField(ref.field));
  }

  /** Whether a failure is this parent's own, rather than one that would fail every parent. */
  static isPerParent(error: SyncError): boolean {
    return PER_PARENT.has(error.kind);
  }

  /** A parent by the values its placeholders take (what its child requests are made of). */
  id(row: Row): KeyId {
    const values = this.fields.map((f) => readParentField(f, row));
    const [only] = values;
    if (values.length === 1 && (typeof only === 'string' || typeof only === 'number' || typeof only === 'bigint')) return only;
    return stringifyJson(values) ?? '';
  }

  /** Failed parents listed (and beyond the list), for progress estimates. */
  get count(): number {
    return this.failed.size + this.more;
  }

  /** Failed parents are waiting to be visited again. */
  get pending(): boolean {
    return this.failed.size > 0 || this.revisitAll;
  }

  /** Whether this parent's requests failed before and it must be visited again. */
  isPending(row: Row): boolean {
    // Asked for every parent row of a walk: the usual empty list costs no lookup.
    if (this.revisitAll) return true;
    return this.failed.size > 0 && this.failed.has(this.id(row));
  }

  succeeded(row: Row): void {
    if (this.failed.size > 0 && this.failed.delete(this.id(row))) this.changed = true;
  }

  record(row: Row, error: SyncError): void {
    this.first ??= error;
    const prefix = `${this.resource.name}: `;
    const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const id = this.id(row);
    if (this.failed.has(id) || this.failed.size < MAX_FAILED_PARENTS) this.failed.set(id, reason);
    else this.more++;
    this.changed = true;
  }

  /** The table-state fields to commit with the page, when the failed parents changed. */
  patch(): Partial<TableState> {
    if (!this.changed) return {};
    this.changed = false;
    const failedParents: FailedParent[] = [...this.failed].map(([id, reason]) => ({ id, reason }));
    return { failedParents, failedParentsMore: this.more };
  }

  /** The table's error when parents are still failed at the end of a walk: how many, which, and why. */
  summary(parentName: string): SyncError | undefined {
    const count = this.failed.size + this.more;
    if (count === 0) return undefined;
    const named = [...this.failed].slice(0, NAMED).map(([id, reason]) => `${parentName} ${String(id)}: ${reason}`);
    const rest = count > named.length ? `; and ${count - named.length} more` : '';
    const which = count === 1 ? `1 ${parentName} row` : `${count} ${parentName} rows`;
    return new SyncError(
      this.first?.kind ?? 'client',
      `${this.resource.name}: the requests for ${which} failed, so ${count === 1 ? 'its' : 'their'} rows are missing; the next sync tries again. ${named.join('; ')}${rest}`,
      { resource: this.resource.name, status: this.first?.status, detail: this.first?.detail },
    );
  }
}
