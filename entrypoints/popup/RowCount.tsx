import type { ResourceProgress } from '@/lib/messages';
import { formatCount } from '@/lib/ui/format';
import { countText, exportedCount } from '@/lib/ui/sync-view';

/**
 * A table's row count as an export gives it with the current settings (`data-count`, its text the
 * same number); when soft-deleted rows are hidden, a note beside it says how many.
 */
export function RowCount({ progress, includeDeleted }: { progress: ResourceProgress; includeDeleted: boolean }) {
  const { count, hidden } = exportedCount(progress, includeDeleted);
  return (
    <>
      <span class="count num" data-count={count} title={countText(progress, includeDeleted)}>
        {formatCount(count)}
      </span>
      {hidden > 0 && <span class="count-hidden num">{formatCount(hidden)} deleted hidden</span>}
    </>
  );
}
