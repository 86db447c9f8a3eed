import { useCallback, useId, useRef, useState, type DragEvent } from 'react';
import { Page } from '../../components/ui';
import { UploadRow, type UploadItem, type UploadKind } from './upload-row';

const STATEMENT_TYPES = '.pdf,.csv,.txt,.ofx,.qfx,.qif,.sta,.mt940,.940,.xml,application/pdf,text/csv';

/** Drop or choose files; each becomes its own row with live progress (see UploadRow). */
export default function UploadPage() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [kind, setKind] = useState<UploadKind>('statement');
  const [strict, setStrict] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const kindName = useId();

  const add = useCallback(
    (files: FileList | null) => {
      if (!files || files.length === 0) return;
      const added = [...files].map((file) => ({ key: crypto.randomUUID(), file, kind, strict }));
      setItems((current) => [...added, ...current]);
    },
    [kind, strict],
  );
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };
  const remove = useCallback(
    (key: string) => setItems((current) => current.filter((i) => i.key !== key)),
    [],
  );

  return (
    <Page title="Upload">
      <p className="lead">
        Statements as PDF, or exports from online banking (CSV, OFX/QFX, QIF, MT940, CAMT.053). Each file is
        read in the background; you can leave this page and follow it under Tasks.
      </p>
      <fieldset className="inline-options">
        <legend>These files are</legend>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={kind === 'statement'}
            onChange={() => setKind('statement')}
          />{' '}
          Bank statements
        </label>
        <label>
          <input
            type="radio"
            name={kindName}
            checked={kind === 'invoice'}
            onChange={() => setKind('invoice')}
          />{' '}
          Invoices (PDF)
        </label>
        {kind === 'statement' ? (
          <label title="Refuse a statement whose balances do not add up, instead of saving it with its issues">
            <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> Only save
            statements that reconcile
          </label>
        ) : null}
      </fieldset>
      <div
        className={`dropzone ${dragging ? 'dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drag and drop files here, or</p>
        <button type="button" className="primary" onClick={() => input.current?.click()}>
          Choose files
        </button>
        <input
          ref={input}
          hidden
          aria-label="Files to upload"
          type="file"
          multiple
          accept={kind === 'invoice' ? '.pdf,application/pdf' : STATEMENT_TYPES}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {items.length > 0 ? (
        <ul className="upload-list" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.key} item={item} onRemove={remove} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
