import type { InvoiceCorrections, InvoiceView } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { fetchBlob } from '../../api/client';
import { invoices } from '../../api/endpoints';
import { Badge, Loading, Page, ProblemAlert } from '../../components/ui';
import { currencyDigits, decimalToMinor, formatDateTime, parseDecimal } from '../../lib/format';

/** Below this the extractor was unsure: the field is marked for a person to check. */
const LOW_CONFIDENCE = 0.8;

type FieldKey = keyof InvoiceCorrections;
const FIELDS: { key: FieldKey; label: string; kind: 'text' | 'date' | 'money' | 'percent' }[] = [
  { key: 'vendor_name', label: 'Vendor', kind: 'text' },
  { key: 'vendor_tax_id', label: 'Vendor tax id', kind: 'text' },
  { key: 'vendor_address', label: 'Vendor address', kind: 'text' },
  { key: 'customer_name', label: 'Customer', kind: 'text' },
  { key: 'invoice_number', label: 'Invoice number', kind: 'text' },
  { key: 'invoice_date', label: 'Invoice date', kind: 'date' },
  { key: 'due_date', label: 'Due date', kind: 'date' },
  { key: 'currency', label: 'Currency', kind: 'text' },
  { key: 'subtotal_minor', label: 'Subtotal', kind: 'money' },
  { key: 'tax_minor', label: 'Tax', kind: 'money' },
  { key: 'tax_rate_percent', label: 'Tax rate (%)', kind: 'percent' },
  { key: 'total_minor', label: 'Total', kind: 'money' },
  { key: 'iban', label: 'IBAN', kind: 'text' },
  { key: 'payment_reference', label: 'Payment reference', kind: 'text' },
];

const show = (value: unknown, kind: string, digits: number): string => {
  if (value === null || value === undefined) return '';
  if (kind === 'money' && typeof value === 'number') return (value / 10 ** digits).toFixed(digits);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

/** One invoice: the fields beside the PDF, unsure ones marked, corrections saved with who and when. */
export default function InvoicePage({ id }: { id: string }) {
  const invoice = useQuery({ queryKey: ['invoice', id], queryFn: () => invoices.get(id) });
  const inv = invoice.data;
  return (
    <Page
      title={inv ? (inv.vendor_name ?? inv.original_name) : 'Invoice'}
      actions={inv ? <Actions invoice={inv} /> : null}
    >
      <ProblemAlert error={invoice.error} />
      {invoice.isLoading ? <Loading what="Loading the invoice" /> : null}
      {inv ? (
        <div className="two-col">
          <div className="stack">
            <Fields key={inv.id} invoice={inv} />
            <Checks invoice={inv} />
          </div>
          <Document invoice={inv} />
        </div>
      ) : null}
    </Page>
  );
}

function Fields({ invoice: inv }: { invoice: InvoiceView }) {
  const client = useQueryClient();
  const digits = currencyDigits(inv.currency ?? 'EUR');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, show(inv[f.key], f.kind, digits)])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: InvoiceCorrections) => invoices.correct(inv.id, body),
    onSuccess: (saved) => {
      client.setQueryData(['invoice', inv.id], saved);
      void client.invalidateQueries({ queryKey: ['invoices'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const text = (values[f.key] ?? '').trim();
      if (text === show(inv[f.key], f.kind, digits)) continue;
      if (text === '') body[f.key] = null;
      else if (f.kind === 'money' || f.kind === 'percent') {
        const decimal = parseDecimal(text);
        if (decimal === null) return setProblem(`${f.label}: enter a number such as 1234.56.`);
        body[f.key] = f.kind === 'money' ? decimalToMinor(decimal, digits) : Number(decimal);
      } else body[f.key] = text;
    }
    if (Object.keys(body).length === 0) return setProblem('Nothing changed.');
    save.mutate(body);
  };
  return (
    <form className="card stack" aria-labelledby="fields-heading" onSubmit={submit}>
      <h2 id="fields-heading">Fields</h2>
      <p className="hint">
        Read from the {inv.source === 'embedded_xml' ? 'e-invoice data inside the PDF' : 'printed text'}.
        Fields marked “check” were read with low confidence.
      </p>
      <div className="invoice-fields">
        {FIELDS.map((f) => {
          const extracted = inv.extracted[f.key];
          const low = extracted !== null && extracted.confidence < LOW_CONFIDENCE;
          const corrected = inv.corrected_fields.includes(f.key);
          return (
            <div key={f.key} className={`field ${low ? 'field-low' : ''}`}>
              <label htmlFor={`invoice-${f.key}`}>{f.label}</label>
              <span id={`invoice-${f.key}-about`} className="field-about">
                {low ? <Badge tone="warn">check</Badge> : null}
                {corrected ? <Badge tone="info">corrected</Badge> : null}
                {extracted?.source ? <span className="muted"> page {extracted.source.page}</span> : null}
              </span>
              <input
                id={`invoice-${f.key}`}
                aria-describedby={`invoice-${f.key}-about`}
                type={f.kind === 'date' ? 'date' : 'text'}
                inputMode={f.kind === 'money' || f.kind === 'percent' ? 'decimal' : undefined}
                value={values[f.key] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              />
            </div>
          );
        })}
      </div>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ProblemAlert error={save.error} />
      {save.isSuccess ? (
        <p role="status" className="alert alert-info">
          Corrections saved.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save corrections
        </button>
      </div>
    </form>
  );
}

function Checks({ invoice: inv }: { invoice: InvoiceView }) {
  return (
    <section className="card" aria-labelledby="checks-heading">
      <h2 id="checks-heading">Checks</h2>
      <ul className="plain-list">
        {inv.checks.map((c) => (
          <li key={c.code}>
            <Badge tone={c.passed ? 'ok' : 'bad'}>{c.passed ? '✓' : '✗'}</Badge> {c.message}
          </li>
        ))}
        {inv.issues.map((issue, i) => (
          <li key={`${issue.code}-${i}`}>
            <Badge tone="warn">!</Badge> {issue.message} <span className="code">({issue.code})</span>
          </li>
        ))}
      </ul>
      {inv.corrections.length > 0 ? (
        <details>
          <summary>Corrections ({inv.corrections.length})</summary>
          <ul>
            {inv.corrections.map((c, i) => (
              <li key={i}>
                {c.field}: {JSON.stringify(c.previous)} → {JSON.stringify(c.value)}{' '}
                <span className="muted">{formatDateTime(c.corrected_at)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** The PDF itself, through a blob URL (the page's CSP allows frames from blob: only). */
function Document({ invoice: inv }: { invoice: InvoiceView }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!inv.file_id) return;
    let made: string | null = null;
    fetchBlob(`/files/${inv.file_id}/download`).then((blob) => {
      made = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      setUrl(made);
    }, setError);
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [inv.file_id]);
  return (
    <section className="card invoice-document" aria-label="The invoice document">
      <ProblemAlert error={error} />
      {url ? <iframe title={`${inv.original_name}, the PDF`} src={url} /> : null}
      {!inv.file_id ? <p className="muted">The PDF is no longer stored.</p> : null}
    </section>
  );
}

function Actions({ invoice: inv }: { invoice: InvoiceView }) {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const remove = useMutation({
    mutationFn: () => invoices.remove(inv.id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['invoices'] });
      navigate('/app/invoices');
    },
  });
  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (window.confirm(`Delete the invoice ${inv.invoice_number ?? inv.original_name} and its PDF?`))
            remove.mutate();
        }}
      >
        Delete
      </button>
      <ProblemAlert error={remove.error} />
    </>
  );
}
