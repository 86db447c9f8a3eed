import type { CsvPreview } from '@ledgerflow/contracts';
import { useState, type FormEvent } from 'react';

const ROLES: { role: string; label: string; required?: boolean }[] = [
  { role: 'date', label: 'Date', required: true },
  { role: 'description', label: 'Description', required: true },
  { role: 'amount', label: 'Amount (signed)' },
  { role: 'debit', label: 'Money out (debit)' },
  { role: 'credit', label: 'Money in (credit)' },
  { role: 'balance', label: 'Balance' },
  { role: 'reference', label: 'Reference' },
];

const first = (value: number | number[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The CSV preview (detected columns, first rows, why detection is unsure) and a form choosing which
 * column is which; submits the import's `mapping`, `date_order` and `decimal_separator` fields.
 */
export function CsvMappingForm({
  preview,
  pending,
  onSubmit,
}: {
  preview: CsvPreview;
  pending: boolean;
  onSubmit: (fields: Record<string, string>) => void;
}) {
  const [mapping, setMapping] = useState<Record<string, string>>(() =>
    Object.fromEntries(ROLES.map(({ role }) => [role, String(first(preview.mapping[role]) ?? '')])),
  );
  const [dateOrder, setDateOrder] = useState(preview.date_order ?? 'DMY');
  const [decimal, setDecimal] = useState(preview.decimal_separator ?? '.');
  const hasAmount = mapping.amount !== '' || (mapping.debit !== '' && mapping.credit !== '');
  const complete = mapping.date !== '' && mapping.description !== '' && hasAmount;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      Object.entries(mapping)
        .filter(([, column]) => column !== '')
        .map(([role, column]) => [role, Number(column)]),
    );
    onSubmit({
      mapping: JSON.stringify(chosen),
      date_order: dateOrder,
      decimal_separator: decimal,
      delimiter: preview.delimiter,
      encoding: preview.encoding,
      ...(preview.header_line !== null ? { header_line: String(preview.header_line) } : {}),
    });
  };

  return (
    <form className="mapping-form" onSubmit={submit} aria-label="CSV columns">
      <div className="alert alert-warn" role="alert">
        <p className="alert-title">Which column is which?</p>
        <ul>
          {preview.ambiguities.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </div>
      <div className="table-scroll">
        <table className="preview-table">
          <caption className="visually-hidden">First rows of the file</caption>
          <thead>
            <tr>
              {preview.columns.map((c, i) => (
                <th key={i} scope="col">
                  {i + 1}. {c || `Column ${i + 1}`}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, 5).map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid-fields">
        {ROLES.map(({ role, label, required }) => (
          <label key={role} className="field">
            {label}
            {required ? ' (required)' : ''}
            <select
              value={mapping[role]}
              onChange={(e) => setMapping((m) => ({ ...m, [role]: e.target.value }))}
            >
              <option value="">—</option>
              {preview.columns.map((c, i) => (
                <option key={i} value={i}>
                  {i + 1}. {c || `Column ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="field">
          Dates are written
          <select value={dateOrder} onChange={(e) => setDateOrder(e.target.value as 'DMY' | 'MDY')}>
            <option value="DMY">day/month/year</option>
            <option value="MDY">month/day/year</option>
          </select>
        </label>
        <label className="field">
          Decimal separator
          <select value={decimal} onChange={(e) => setDecimal(e.target.value)}>
            <option value=".">point (1,234.56)</option>
            <option value=",">comma (1.234,56)</option>
          </select>
        </label>
      </div>
      {!complete ? (
        <p className="hint">Choose a date, a description, and an amount (or both debit and credit).</p>
      ) : null}
      <button type="submit" className="primary" disabled={!complete || pending}>
        Import with these columns
      </button>
    </form>
  );
}
