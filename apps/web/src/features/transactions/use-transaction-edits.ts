import type { Transaction, TransactionPatch } from '@ledgerflow/contracts';
import { useCallback, useState } from 'react';
import { transactions } from '../../api/endpoints';

const BULK_LIMIT = 1000; // PATCH /transactions takes up to 1,000 ids, all or nothing

/** Inline and bulk category edits, shown at once and undone if the API refuses them. */
export function useTransactionEdits(update: (changed: Map<string, Partial<Transaction>>) => void) {
  const [error, setError] = useState<unknown>(null);

  const onCategoryChange = useCallback(
    (t: Transaction, categoryId: string | null) => {
      setError(null);
      update(new Map([[t.id, { category_id: categoryId, category_source: categoryId ? 'manual' : null }]]));
      transactions.patch(t.id, { category_id: categoryId }).then(
        (saved) => update(new Map([[saved.id, saved]])),
        (e: unknown) => {
          setError(e);
          update(new Map([[t.id, { category_id: t.category_id, category_source: t.category_source }]]));
        },
      );
    },
    [update],
  );

  const onBulkCategory = useCallback(
    async (ids: string[], categoryId: string | null) => {
      setError(null);
      try {
        for (let i = 0; i < ids.length; i += BULK_LIMIT) {
          const chunk = ids.slice(i, i + BULK_LIMIT);
          await transactions.patchMany({ ids: chunk, category_id: categoryId });
          const patch = { category_id: categoryId, category_source: categoryId ? ('manual' as const) : null };
          update(new Map(chunk.map((id) => [id, patch])));
        }
      } catch (e) {
        setError(e);
      }
    },
    [update],
  );

  const onDetailsSave = useCallback(
    async (t: Transaction, patch: TransactionPatch) => {
      const saved = await transactions.patch(t.id, patch);
      update(new Map([[saved.id, saved]]));
    },
    [update],
  );

  return { onCategoryChange, onBulkCategory, onDetailsSave, error };
}
