import type { CsvPreview, TaskStatusView } from '@ledgerflow/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { invoices, statements, tasks } from '../../api/endpoints';
import { isFinished, useLiveTask } from '../../api/live-task';
import { ReconciledBadge } from '../../components/reconciled-badge';
import { Badge, ProblemAlert, ProgressBar, STATUS_TONE } from '../../components/ui';
import { formatBytes, plural } from '../../lib/format';
import { CsvMappingForm } from './csv-mapping-form';

export type UploadKind = 'statement' | 'invoice';
export interface UploadItem {
  key: string;
  file: File;
  kind: UploadKind;
  strict: boolean;
}

interface SubmitOptions {
  password?: string;
  csv?: Record<string, string>;
}

/** The parts of a parse_statement result the row shows (the full shape is in the README). */
export interface ImportedStatement {
  session_id: string;
  transaction_count: number;
  duplicate_count: number;
  categorized_count?: number;
  reconciled: boolean;
  reconciliation_checked: boolean;
  issues?: unknown[];
  account?: { name: string; number: string; currency: string };
}
type ImportResult = ImportedStatement & { format?: string; statements?: ImportedStatement[] };
interface InvoiceResult {
  invoice_id: string;
  vendor_name: string | null;
  invoice_number: string | null;
  issues?: { code: string; message: string }[];
}

const PASSWORD_CODES = new Set(['PDF_PASSWORD_REQUIRED', 'PDF_PASSWORD_INCORRECT']);
const looksLikeCsv = (file: File) => /\.(csv|txt)$/i.test(file.name) || file.type === 'text/csv';

/**
 * One uploaded file: submits it (a CSV is previewed first, and its columns asked for when ambiguous),
 * follows its task live, and on failure says what to do — a password prompt for a protected PDF, a
 * column form for a CSV the parser cannot read alone.
 */
export function UploadRow({ item, onRemove }: { item: UploadItem; onRemove: (key: string) => void }) {
  const [taskId, setTaskId] = useState<string | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [usedPassword, setUsedPassword] = useState(false);
  const submit = useMutation({
    mutationFn: async (options: SubmitOptions): Promise<{ preview: CsvPreview } | { taskId: string }> => {
      const form = new FormData();
      if (options.password) form.append('password', options.password);
      if (item.kind === 'invoice') {
        form.append('file', item.file);
        return { taskId: (await invoices.extract(form, crypto.randomUUID())).task_id };
      }
      if (looksLikeCsv(item.file) && !options.csv) {
        const previewForm = new FormData();
        previewForm.append('file', item.file);
        const found = await statements.preview(previewForm);
        if (found.ambiguities.length > 0) return { preview: found };
      }
      if (item.strict) form.append('strict', 'true');
      for (const [key, value] of Object.entries(options.csv ?? {})) form.append(key, value);
      form.append('file', item.file);
      return { taskId: (await statements.import(form, crypto.randomUUID())).task_id };
    },
    onSuccess: (outcome) => {
      if ('preview' in outcome) setPreview(outcome.preview);
      else {
        setPreview(null);
        setTaskId(outcome.taskId);
      }
    },
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    submit.mutate({});
  }, [submit]);

  const task = useLiveTask(taskId);
  const needsPassword = task?.status === 'FAILED' && task.error && PASSWORD_CODES.has(task.error.code);
  const needsMapping = task?.status === 'FAILED' && task.error?.code === 'EXPORT_CSV_MAPPING_NEEDED';
  useEffect(() => {
    if (!needsMapping || preview) return;
    const previewForm = new FormData();
    previewForm.append('file', item.file);
    statements.preview(previewForm).then(setPreview, () => undefined);
  }, [needsMapping, preview, item.file]);

  const cancel = useMutation({ mutationFn: () => tasks.cancel(taskId!) });
  const busy = submit.isPending || (task !== undefined && !isFinished(task));

  return (
    <li className="upload-row card" aria-label={item.file.name}>
      <div className="upload-head">
        <div>
          <p className="upload-name">{item.file.name}</p>
          <p className="muted">
            {item.kind === 'invoice' ? 'Invoice' : 'Statement'} · {formatBytes(item.file.size)}
          </p>
        </div>
        <div className="row-actions">
          {task ? (
            <Badge tone={STATUS_TONE[task.status] ?? 'neutral'}>{statusWord(task)}</Badge>
          ) : submit.isPending ? (
            <Badge tone="neutral">Uploading</Badge>
          ) : null}
          {busy && taskId ? (
            <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel
            </button>
          ) : null}
          {!busy ? (
            <button type="button" className="button-link" onClick={() => onRemove(item.key)}>
              Remove<span className="visually-hidden"> {item.file.name} from the list</span>
            </button>
          ) : null}
        </div>
      </div>
      {task && task.status !== 'FAILED' ? (
        <>
          <ProgressBar
            percent={task.progress_percent}
            label={`Progress of ${item.file.name}`}
            status={task.status}
          />
          <p className="progress-message" aria-live="polite">
            {task.progress_percent} % · {task.progress_message ?? 'Waiting for a worker…'}
          </p>
        </>
      ) : null}
      <ProblemAlert error={submit.error} />
      <ProblemAlert error={cancel.error} />
      {task?.status === 'FAILED' && task.error && !(needsPassword && !usedPassword) ? (
        <ProblemAlert error={task.error} />
      ) : null}
      {needsPassword ? (
        <PasswordForm
          fileName={item.file.name}
          incorrect={task.error?.code === 'PDF_PASSWORD_INCORRECT'}
          onSubmit={(password) => {
            setUsedPassword(true);
            submit.mutate({ password });
          }}
          pending={submit.isPending}
        />
      ) : null}
      {preview ? (
        <CsvMappingForm
          preview={preview}
          pending={submit.isPending}
          onSubmit={(csv) => submit.mutate({ csv })}
        />
      ) : null}
      {task?.status === 'SUCCESS' ? <ResultSummary task={task} kind={item.kind} /> : null}
    </li>
  );
}

function statusWord(task: TaskStatusView): string {
  if (task.status === 'PENDING') return task.attempt > 1 ? 'Waiting to retry' : 'Queued';
  if (task.status === 'PROCESSING') return 'Processing';
  if (task.status === 'SUCCESS') return 'Done';
  if (task.status === 'FAILED') return 'Failed';
  return 'Cancelled';
}

function PasswordForm(props: {
  fileName: string;
  incorrect: boolean;
  pending: boolean;
  onSubmit: (password: string) => void;
}) {
  const [password, setPassword] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) props.onSubmit(password);
  };
  return (
    <form className="password-form" onSubmit={submit}>
      <p role="alert" className="alert alert-warn">
        {props.incorrect
          ? 'That password does not open the PDF. Check it and try again.'
          : 'This PDF is protected by a password. Enter the password the bank gave you (often your ID or account number).'}
      </p>
      <div className="field-inline">
        <label htmlFor={`pw-${props.fileName}`}>Password for {props.fileName}</label>
        <input
          ref={ref}
          id={`pw-${props.fileName}`}
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="primary" disabled={props.pending || !password}>
          Open and import
        </button>
      </div>
      <p className="hint">The password is kept only encrypted, for this import, and never shown again.</p>
    </form>
  );
}

function ResultSummary({ task, kind }: { task: TaskStatusView; kind: UploadKind }) {
  const result = useQuery({
    queryKey: ['task-result', task.task_id],
    queryFn: () => tasks.result<ImportResult | InvoiceResult>(task.task_id),
    staleTime: Infinity,
  });
  if (result.error) return <ProblemAlert error={result.error} />;
  const value = result.data?.result;
  if (!value) return null;
  if (kind === 'invoice') {
    const invoice = value as InvoiceResult;
    return (
      <p className="result">
        Read invoice {invoice.invoice_number ?? ''} from {invoice.vendor_name ?? 'an unknown vendor'}.{' '}
        <Link href={`/app/invoices/${invoice.invoice_id}`}>Review the invoice</Link>
      </p>
    );
  }
  const imported = value as ImportResult;
  const list = imported.statements && imported.statements.length > 0 ? imported.statements : [imported];
  return (
    <ul className="result">
      {list.map((s) => (
        <li key={s.session_id}>
          {plural(s.transaction_count, 'transaction')} saved
          {s.duplicate_count > 0 ? `, ${plural(s.duplicate_count, 'row')} already imported` : ''}
          {s.categorized_count
            ? `, ${s.categorized_count.toLocaleString()} categorized by your rules`
            : ''}. <ReconciledBadge reconciled={s.reconciled} checked={s.reconciliation_checked} />{' '}
          <Link href={`/app/statements/${s.session_id}`}>Review transactions</Link>
        </li>
      ))}
    </ul>
  );
}
