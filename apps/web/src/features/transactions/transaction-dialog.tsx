import type { Transaction, TransactionPatch } from '@ledgerflow/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CategoryIndex } from '../../api/categories';
import { CategorySelect } from '../../components/category-select';
import { Field, ProblemAlert } from '../../components/ui';
import { formatDate, formatMoney } from '../../lib/format';

/**
 * Edits one transaction: category, payee (the name to show instead of the bank's text), note and tags.
 * The bank's own description stays as imported — rules, duplicate detection and reports read it — so a
 * clearer wording goes in the payee. A native modal <dialog>: focus moves in, Escape closes, focus
 * returns to the button that opened it.
 */
export function TransactionDialog({
  transaction: t,
  categories,
  onSave,
  onClose,
}: {
  transaction: Transaction;
  categories: CategoryIndex;
  onSave: (t: Transaction, patch: TransactionPatch) => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [category, setCategory] = useState(t.category_id ?? '');
  const [payee, setPayee] = useState(t.payee ?? '');
  const [note, setNote] = useState(t.note ?? '');
  const [tags, setTags] = useState(t.tags.join(', '));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: TransactionPatch = {
      category_id: category || null,
      payee: payee.trim() || null,
      note: note.trim() || null,
      tags: [
        ...new Set(
          tags
            .split(',')
            .map((tag) => tag.trim())
            .filter(Boolean),
        ),
      ],
    };
    setSaving(true);
    setError(null);
    try {
      await onSave(t, patch);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="tx-dialog-title" onClose={onClose}>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <h2 id="tx-dialog-title">Edit transaction</h2>
        <p className="muted">
          {formatDate(t.date)} · {formatMoney(t.amount_minor, t.currency)}
        </p>
        <p>
          <span className="muted">Bank description:</span> {t.description}
        </p>
        <Field label="Category">
          {(props) => (
            <CategorySelect
              {...props}
              index={categories}
              value={category}
              onChange={(e) => setCategory(e.target.value)}
            />
          )}
        </Field>
        <Field label="Payee" hint="A clearer name shown beside the bank's description.">
          {(props) => (
            <input {...props} value={payee} maxLength={200} onChange={(e) => setPayee(e.target.value)} />
          )}
        </Field>
        <Field label="Note">
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <Field label="Tags" hint="Separated by commas.">
          {(props) => <input {...props} value={tags} onChange={(e) => setTags(e.target.value)} />}
        </Field>
        <ProblemAlert error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
