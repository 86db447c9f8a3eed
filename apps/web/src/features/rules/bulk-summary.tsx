import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCategories } from '../../api/categories';
import { tasks, type BulkResult } from '../../api/endpoints';
import { ProblemAlert } from '../../components/ui';
import { plural } from '../../lib/format';

/**
 * What a finished bulk categorization did: counts, the categories filed, and for a dry run the proposed
 * changes (with `onApply` to run it for real); for a real run, Undo.
 */
export function BulkSummary({ taskId, onApply }: { taskId: string; onApply?: () => void }) {
  const client = useQueryClient();
  const categories = useCategories();
  const result = useQuery({
    queryKey: ['task-result', taskId],
    queryFn: () => tasks.result<BulkResult>(taskId),
    staleTime: Infinity,
  });
  const undo = useMutation({
    mutationFn: () => tasks.undo(taskId),
    onSuccess: () => client.invalidateQueries({ queryKey: ['transactions'] }),
  });
  const r = result.data?.result;
  if (result.error) return <ProblemAlert error={result.error} />;
  if (!r) return null;
  const name = (id: string | null) => (id ? (categories.label.get(id) ?? 'a deleted category') : 'none');
  return (
    <div className="bulk-summary">
      <p className="alert alert-info" role="status">
        {r.dry_run ? 'Dry run — nothing was changed. ' : ''}
        {plural(r.processed, 'transaction')} looked at: {r.changed.toLocaleString()}{' '}
        {r.dry_run ? 'would change' : 'changed'}, {r.unchanged.toLocaleString()} unchanged
        {r.skipped_manual > 0 ? `, ${plural(r.skipped_manual, 'set by hand', 'set by hand')} left alone` : ''}
        {r.conflicts > 0 ? `, ${plural(r.conflicts, 'edited meanwhile', 'edited meanwhile')} left alone` : ''}
        .
      </p>
      {r.per_category.length > 0 ? (
        <ul className="summary-counts" aria-label="By category">
          {r.per_category.map((c) => (
            <li key={c.category_id}>
              {c.name}: <strong>{c.count.toLocaleString()}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {r.dry_run && r.proposed_changes && r.proposed_changes.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>
              Proposed changes
              {r.proposed_changes_truncated ? ` (the first ${r.proposed_changes.length})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">Category now</th>
                <th scope="col">Would become</th>
              </tr>
            </thead>
            <tbody>
              {r.proposed_changes.map((change) => (
                <tr key={change.transaction_id}>
                  <td>{change.description}</td>
                  <td>{name(change.before.category_id)}</td>
                  <td>{name(change.after.category_id)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="form-actions">
        {r.dry_run && r.changed > 0 && onApply ? (
          <button type="button" className="primary" onClick={onApply}>
            Apply these changes
          </button>
        ) : null}
        {!r.dry_run && r.changed > 0 ? (
          <button type="button" onClick={() => undo.mutate()} disabled={undo.isPending || undo.isSuccess}>
            Undo
          </button>
        ) : null}
        {undo.data ? (
          <span role="status">
            Restored {plural(undo.data.restored, 'transaction')}
            {undo.data.skipped > 0 ? `; ${undo.data.skipped} changed again since were left alone` : ''}.
          </span>
        ) : null}
      </div>
      <ProblemAlert error={undo.error} />
    </div>
  );
}
