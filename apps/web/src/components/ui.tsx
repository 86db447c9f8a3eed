import { useEffect, useId, type ReactNode } from 'react';
import { explain } from '../api/problems';

/** Sets the page title and moves focus to the page heading, so screen readers hear the new page. */
export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Ledgerflow`;
    document.getElementById('page-heading')?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      <header className="page-header">
        <h1 id="page-heading" tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </>
  );
}

/** An API or task error in plain words, with what to do and the server's own detail. */
export function ProblemAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  if (!error) return null;
  const e = explain(error);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{e.title}</p>
      <p>{e.action}</p>
      {e.detail && e.detail !== e.title ? (
        <p className="alert-detail">
          {e.detail} <span className="code">({e.code})</span>
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function ProgressBar({ percent, label, status }: { percent: number; label: string; status?: string }) {
  return (
    <div
      className={`progress ${status ? `progress-${status.toLowerCase()}` : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent} %`}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';
export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export const STATUS_TONE: Record<string, Tone> = {
  PENDING: 'neutral',
  PROCESSING: 'info',
  SUCCESS: 'ok',
  FAILED: 'bad',
  CANCELLED: 'warn',
};

/** A labelled form field: the label is tied to the control, hints and errors are described-by. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
