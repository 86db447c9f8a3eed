import type { BulkCategorizeBody, RuleBody, RuleView } from '@ledgerflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { Link } from 'wouter';
import { useCategories } from '../../api/categories';
import { rules, statements } from '../../api/endpoints';
import { refreshTransactions, TaskProgress } from '../../components/task-progress';
import { Badge, EmptyState, Loading, Page, ProblemAlert } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { BulkSummary } from './bulk-summary';
import { RuleEditor } from './rule-editor';
import { describeRule, emptyRule, fromRule } from './rule-model';

/** Rules in the order they run (drag, or Move up / Move down), their editor, and bulk categorization. */
export default function RulesPage() {
  const client = useQueryClient();
  const categories = useCategories();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: statements.accounts });
  const list = useQuery({ queryKey: ['rules'], queryFn: rules.list });
  /** null: no editor; 'new'; or the rule being edited. */
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const save = useMutation({
    mutationFn: (body: RuleBody) =>
      editing && editing !== 'new' ? rules.update(editing.id, body) : rules.create(body),
    onSuccess: async (rule) => {
      setEditing(null);
      setAnnouncement(`Rule “${rule.name}” saved.`);
      await client.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const remove = useMutation({
    mutationFn: (rule: RuleView) => rules.remove(rule.id),
    onSuccess: async (_, rule) => {
      setAnnouncement(`Rule “${rule.name}” deleted.`);
      await client.invalidateQueries({ queryKey: ['rules'] });
    },
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) => rules.reorder(ids),
    onMutate: (ids) => {
      // Show the new order at once; the server's answer replaces it.
      const byId = new Map((list.data?.items ?? []).map((r) => [r.id, r]));
      client.setQueryData(['rules'], { items: ids.map((id) => byId.get(id)!) });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['rules'] }),
  });
  const toggle = useMutation({
    mutationFn: (rule: RuleView) => {
      const { id: _id, created_at: _c, updated_at: _u, starter_key: _s, ...body } = rule;
      return rules.update(rule.id, { ...body, active: !rule.active });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['rules'] }),
  });

  const starter = useMutation({
    mutationFn: () => rules.addStarter(),
    onSuccess: async (result) => {
      setAnnouncement(`${result.added.length} starter rules added.`);
      await client.invalidateQueries({ queryKey: ['rules'] });
    },
  });

  const items = list.data?.items ?? [];
  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    const ids = items.map((r) => r.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    reorder.mutate(ids);
    setAnnouncement(`“${items[from]!.name}” moved to position ${to + 1} of ${items.length}.`);
  };
  const onDrop = (event: DragEvent, target: number) => {
    event.preventDefault();
    const from = items.findIndex((r) => r.id === dragged);
    setDragged(null);
    if (from >= 0) move(from, target);
  };
  const label = (id: string) => categories.label.get(id) ?? 'a deleted category';

  return (
    <Page
      title="Rules"
      actions={
        editing === null ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        ) : null
      }
    >
      <p className="lead">
        Rules file transactions as they are imported, in this order: the first rule that sets a category wins.
        Categories you set by hand are left alone unless you ask otherwise.
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ProblemAlert error={list.error ?? categories.error} />
      <ProblemAlert error={remove.error ?? reorder.error ?? toggle.error ?? starter.error} />
      {editing !== null ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? emptyRule() : fromRule(editing)}
          categories={categories}
          accounts={accounts.data?.items ?? []}
          saving={save.isPending}
          error={save.error}
          onSave={(body) => save.mutate(body)}
          onCancel={() => {
            save.reset();
            setEditing(null);
          }}
        />
      ) : null}
      {list.isLoading ? <Loading what="Loading rules" /> : null}
      {list.data && items.length === 0 && editing === null ? (
        <EmptyState title="No rules yet">
          <p>
            A rule says, for example, “when the description contains UBER, file it under Taxis and
            ride-hailing”. Choose <strong>New rule</strong> to write your first, or start from the starter
            rules (bank fees, salary, cash, transfers, groceries, fuel, utilities…), which you can then edit.
          </p>
          <button type="button" disabled={starter.isPending} onClick={() => starter.mutate()}>
            Add the starter rules
          </button>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <section aria-labelledby="rules-heading">
          <h2 id="rules-heading">Your rules, in the order they run</h2>
          <ol className="rule-list" aria-label="Rules in order">
            {items.map((rule, i) => (
              <li
                key={rule.id}
                className={`card rule-item ${dragged === rule.id ? 'dragging' : ''}`}
                aria-label={rule.name}
                draggable
                onDragStart={() => setDragged(rule.id)}
                onDragEnd={() => setDragged(null)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => onDrop(e, i)}
              >
                <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
                  ⠿
                </span>
                <div>
                  <p className="rule-name">
                    <strong>
                      {i + 1}. {rule.name}
                    </strong>{' '}
                    {!rule.active ? <Badge tone="neutral">Paused</Badge> : null}
                    {rule.stop_processing ? <Badge tone="info">Stops later rules</Badge> : null}
                  </p>
                  <p className="muted">{describeRule(rule, label)}</p>
                  <p className="muted">Changed {formatDate(rule.updated_at.slice(0, 10))}</p>
                </div>
                <div className="row-actions">
                  <button type="button" disabled={i === 0} onClick={() => move(i, i - 1)}>
                    Move up<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" disabled={i === items.length - 1} onClick={() => move(i, i + 1)}>
                    Move down<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" onClick={() => toggle.mutate(rule)}>
                    {rule.active ? 'Pause' : 'Resume'}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" onClick={() => setEditing(rule)}>
                    Edit<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm(`Delete the rule “${rule.name}”?`)) remove.mutate(rule);
                    }}
                  >
                    Delete<span className="visually-hidden"> {rule.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {items.length > 0 ? <RunRules /> : null}
    </Page>
  );
}

/** Runs the active rules over existing transactions: a dry run first if wished, live progress, undo. */
function RunRules() {
  const client = useQueryClient();
  const statementList = useQuery({
    queryKey: ['statements', 'all-for-scope'],
    queryFn: () => statements.list({ limit: 200 }),
  });
  const [scope, setScope] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [dryRun, setDryRun] = useState(true);
  const run = useMutation({
    mutationFn: (body: BulkCategorizeBody) => rules.bulkCategorize(body),
  });
  const submit = (dry: boolean) =>
    run.mutate({
      ...(scope ? { statement_id: scope } : { filter: {} }),
      overwrite,
      dry_run: dry,
    });
  const taskId = run.data?.task_id;

  return (
    <section className="card" aria-labelledby="run-heading">
      <h2 id="run-heading">Categorize existing transactions</h2>
      <p className="hint">
        New imports are filed automatically. Run the rules again after adding or changing one.
      </p>
      <div className="grid-fields">
        <label className="field">
          Transactions
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">All transactions</option>
            {statementList.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.original_name} ({formatDate(s.period_start)} – {formatDate(s.period_end)})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="form-actions">
        <label className="field-inline">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          Dry run: show the changes first, change nothing
        </label>
        <label className="field-inline">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          Also change categories set by hand
        </label>
        <button type="button" className="primary" disabled={run.isPending} onClick={() => submit(dryRun)}>
          Run rules
        </button>
      </div>
      <ProblemAlert error={run.error ?? statementList.error} />
      {taskId ? (
        <TaskProgress
          key={taskId}
          taskId={taskId}
          label="Categorizing"
          onFinished={() => refreshTransactions(client)}
        >
          {(task) => <BulkSummary taskId={task.task_id} onApply={() => submit(false)} />}
        </TaskProgress>
      ) : null}
      <p>
        <Link href="/app/transactions?category_id=none">Review uncategorized transactions</Link>
      </p>
    </section>
  );
}
