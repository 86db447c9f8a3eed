import type { Transaction, TransactionPatch } from '@ledgerflow/contracts';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { CategoryIndex } from '../../api/categories';
import { CategorySelect } from '../../components/category-select';
import { formatDate, formatMoney } from '../../lib/format';
import { TransactionDialog } from './transaction-dialog';

export interface RowIssue {
  code: string;
  message: string;
}

export interface TransactionTableProps {
  rows: Transaction[];
  categories: CategoryIndex;
  /** Reconciliation issues by row_index, shown on the rows involved. */
  rowIssues?: Map<number, RowIssue[]>;
  /** Show the statement order column (a statement's table) or not (search across statements). */
  showRowNumber?: boolean;
  onCategoryChange: (transaction: Transaction, categoryId: string | null) => void;
  onBulkCategory: (ids: string[], categoryId: string | null) => Promise<unknown>;
  /** Saves the edit dialog (category, payee, note, tags); throws the API's error to show in it. */
  onDetailsSave: (transaction: Transaction, patch: TransactionPatch) => Promise<void>;
  label: string;
}

const ROW_HEIGHT = 40;

type Direction = 'all' | 'in' | 'out';
/** '' for any, 'none' for uncategorized, else a category id. */
type CategoryFilter = string;

const textFilter: FilterFn<Transaction> = (row, _columnId, value: string) => {
  const needle = value.trim().toLowerCase();
  if (!needle) return true;
  const t = row.original;
  return (
    t.description.toLowerCase().includes(needle) ||
    (t.payee?.toLowerCase().includes(needle) ?? false) ||
    (t.note?.toLowerCase().includes(needle) ?? false) ||
    t.amount.includes(needle)
  );
};

const describe = (t: Transaction) =>
  [t.payee, t.description, t.note, t.tags.length ? `tags: ${t.tags.join(', ')}` : '']
    .filter(Boolean)
    .join(' — ');

/**
 * A statement's (or a search's) transactions: TanStack Table for sorting, filtering and selection, and
 * TanStack Virtual so only the ~30 visible rows are in the DOM — 10,000 rows scroll like 30. Category
 * edits are inline (one select per visible row); selected rows can be categorized together.
 */
export function TransactionTable(props: TransactionTableProps) {
  const { rows, categories, rowIssues, onCategoryChange, showRowNumber } = props;
  const [editing, setEditing] = useState<Transaction | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [search, setSearch] = useState('');
  const [direction, setDirection] = useState<Direction>('all');
  const [categoryFilter, setCategoryFilter] = useState<CategoryFilter>('');
  const [issuesOnly, setIssuesOnly] = useState(false);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulkCategory, setBulkCategory] = useState('');
  const [bulkBusy, setBulkBusy] = useState(false);

  const filtered = useMemo(
    () =>
      rows.filter(
        (t) =>
          (direction === 'all' || (direction === 'in' ? t.amount_minor > 0 : t.amount_minor < 0)) &&
          (categoryFilter === '' ||
            (categoryFilter === 'none' ? t.category_id === null : t.category_id === categoryFilter)) &&
          (!issuesOnly || rowIssues?.has(t.row_index) === true),
      ),
    [rows, direction, categoryFilter, issuesOnly, rowIssues],
  );

  const columns = useMemo<ColumnDef<Transaction>[]>(() => {
    const cols: ColumnDef<Transaction>[] = [
      {
        id: 'select',
        size: 44,
        enableSorting: false,
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all shown transactions"
            checked={table.getIsAllRowsSelected()}
            ref={(el) => {
              if (el) el.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`Select ${row.original.description}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
    ];
    if (showRowNumber !== false) {
      cols.push({ id: 'row', header: '#', size: 64, accessorFn: (t) => t.row_index + 1 });
    }
    cols.push(
      {
        id: 'date',
        header: 'Date',
        size: 120,
        accessorFn: (t) => t.date,
        cell: (c) => formatDate(c.getValue<string>()),
      },
      {
        id: 'description',
        header: 'Description',
        size: 360,
        accessorFn: (t) => t.description,
        cell: ({ row }) => {
          const issues = rowIssues?.get(row.original.row_index);
          return (
            <span className="cell-description">
              {issues ? (
                <span
                  className="row-issue"
                  role="img"
                  aria-label={issues.map((i) => i.message).join('; ')}
                  title={issues.map((i) => i.message).join('\n')}
                >
                  ⚠
                </span>
              ) : null}
              <span className="truncate" title={describe(row.original)}>
                {row.original.payee ? (
                  <>
                    <strong>{row.original.payee}</strong>{' '}
                    <span className="muted">{row.original.description}</span>
                  </>
                ) : (
                  row.original.description
                )}
                {row.original.note ? <span className="muted"> · {row.original.note}</span> : null}
              </span>
            </span>
          );
        },
      },
      {
        id: 'amount',
        header: 'Amount',
        size: 130,
        accessorFn: (t) => t.amount_minor,
        cell: ({ row }) => (
          <span className={row.original.amount_minor < 0 ? 'money money-out' : 'money money-in'}>
            {formatMoney(row.original.amount_minor, row.original.currency)}
          </span>
        ),
      },
      {
        id: 'balance',
        header: 'Balance',
        size: 130,
        accessorFn: (t) => t.balance_minor ?? Number.NEGATIVE_INFINITY,
        cell: ({ row }) => (
          <span className="money">{formatMoney(row.original.balance_minor, row.original.currency)}</span>
        ),
      },
      {
        id: 'category',
        header: 'Category',
        size: 250,
        accessorFn: (t) => (t.category_id ? (categories.label.get(t.category_id) ?? '') : ''),
        cell: ({ row }) => (
          <span className="cell-category">
            <CategorySelect
              index={categories}
              aria-label={`Category for ${row.original.description}`}
              value={row.original.category_id ?? ''}
              onChange={(e) => onCategoryChange(row.original, e.target.value || null)}
            />
            {row.original.category_source === 'rule' ? (
              <span className="source-tag" title="Set by a rule">
                rule
              </span>
            ) : null}
          </span>
        ),
      },
      {
        id: 'edit',
        header: () => <span className="visually-hidden">Edit</span>,
        size: 70,
        enableSorting: false,
        cell: ({ row }) => (
          <button type="button" className="button-small" onClick={() => setEditing(row.original)}>
            Edit<span className="visually-hidden"> {row.original.description}</span>
          </button>
        ),
      },
    );
    return cols;
  }, [categories, rowIssues, onCategoryChange, showRowNumber]);

  const table = useReactTable({
    data: filtered,
    columns,
    state: { sorting, globalFilter: search, rowSelection: selection },
    getRowId: (t) => t.id,
    onSortingChange: setSorting,
    onGlobalFilterChange: setSearch,
    onRowSelectionChange: setSelection,
    globalFilterFn: textFilter,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });

  const shown = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const colCount = columns.length;

  const applyBulk = async () => {
    setBulkBusy(true);
    try {
      await props.onBulkCategory(selectedIds, bulkCategory || null);
      setSelection({});
    } finally {
      setBulkBusy(false);
    }
  };

  return (
    <div className="tx-table">
      <div className="toolbar" role="search" aria-label={`Filter ${props.label}`}>
        <label className="field-inline">
          Search
          <input
            type="search"
            placeholder="Description, payee, note, amount"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label className="field-inline">
          Money
          <select value={direction} onChange={(e) => setDirection(e.target.value as Direction)}>
            <option value="all">In and out</option>
            <option value="in">In</option>
            <option value="out">Out</option>
          </select>
        </label>
        <label className="field-inline">
          Category
          <CategorySelect
            index={categories}
            emptyLabel="Any"
            value={categoryFilter === 'none' ? '' : categoryFilter}
            onChange={(e) => setCategoryFilter(e.target.value)}
          />
        </label>
        <label className="field-inline">
          <input
            type="checkbox"
            checked={categoryFilter === 'none'}
            onChange={(e) => setCategoryFilter(e.target.checked ? 'none' : '')}
          />
          Uncategorized only
        </label>
        {rowIssues && rowIssues.size > 0 ? (
          <label className="field-inline">
            <input type="checkbox" checked={issuesOnly} onChange={(e) => setIssuesOnly(e.target.checked)} />
            Rows with reconciliation issues
          </label>
        ) : null}
        <p className="muted" aria-live="polite">
          {shown.length.toLocaleString()} of {rows.length.toLocaleString()} shown
        </p>
      </div>
      {selectedIds.length > 0 ? (
        <div className="bulk-bar" role="region" aria-label="Bulk edit">
          <strong>{selectedIds.length.toLocaleString()} selected</strong>
          <label className="field-inline">
            Set category
            <CategorySelect
              index={categories}
              value={bulkCategory}
              onChange={(e) => setBulkCategory(e.target.value)}
            />
          </label>
          <button type="button" className="primary" disabled={bulkBusy} onClick={() => void applyBulk()}>
            {bulkBusy ? 'Applying…' : 'Apply to selected'}
          </button>
          <button type="button" onClick={() => setSelection({})}>
            Clear selection
          </button>
        </div>
      ) : null}
      <div
        className="table-viewport"
        ref={scroller}
        tabIndex={0}
        aria-label={`${props.label}, scrollable`}
        role="region"
      >
        <table aria-rowcount={shown.length + 1} className="data-table">
          <caption className="visually-hidden">{props.label}</caption>
          <colgroup>
            {table.getVisibleLeafColumns().map((c) => (
              <col key={c.id} style={{ width: c.getSize() }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.id === 'amount' || header.id === 'balance' || header.id === 'row';
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="sort-button"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">
                            {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {paddingTop > 0 ? (
              <tr aria-hidden="true">
                <td colSpan={colCount} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = shown[item.index]!;
              const flagged = rowIssues?.has(row.original.row_index);
              return (
                <tr
                  key={row.id}
                  aria-rowindex={item.index + 2}
                  className={flagged ? 'row-flagged' : undefined}
                  style={{ height: ROW_HEIGHT }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={
                        cell.column.id === 'amount' ||
                        cell.column.id === 'balance' ||
                        cell.column.id === 'row'
                          ? 'num'
                          : undefined
                      }
                    >
                      {flexRender(
                        cell.column.columnDef.cell ?? ((c) => String(c.getValue<string | number>())),
                        cell.getContext(),
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
            {paddingBottom > 0 ? (
              <tr aria-hidden="true">
                <td colSpan={colCount} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="empty-inline">No transactions match these filters.</p> : null}
      </div>
      {editing ? (
        <TransactionDialog
          // The row as it is now (edits since the dialog opened arrive through `rows`).
          transaction={rows.find((t) => t.id === editing.id) ?? editing}
          categories={categories}
          onSave={props.onDetailsSave}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
