import type { Workbook, Worksheet } from 'exceljs';
import {
  type CategoryRef,
  type MonthlyTable,
  type ReconciliationStatus,
  type ReportFigures,
} from '../../domain/reports/index.js';
import { type CellStyles, putRow, type SheetCell } from './xlsx-cells.js';

export const SHEET_NAMES = {
  summary: 'Summary',
  transactions: 'Transactions',
  byCategory: 'By category',
  monthly: 'Monthly',
} as const;

const RECONCILIATION_LABELS: Record<ReconciliationStatus, string> = {
  reconciled: 'Reconciled',
  unreconciled: 'Not reconciled',
  not_applicable: 'No statements',
};

const KIND_LABELS = { income: 'Income', expense: 'Expense', transfer: 'Transfer' } as const;

const categoryName = (ref: CategoryRef): string => ref.name ?? 'Uncategorized';
const kindLabel = (ref: CategoryRef): string => (ref.kind ? KIND_LABELS[ref.kind] : '');
const money = (minor: number | undefined, currency: string): SheetCell =>
  minor === undefined ? null : { money: { minor, currency } };

interface Frozen {
  xSplit: number;
  ySplit: number;
}

/** Views must be given here: the streaming writer writes them out as soon as the sheet is added. */
export function sheetWithWidths(
  workbook: Workbook,
  name: string,
  widths: number[],
  frozen?: Frozen,
): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: frozen ? [{ state: 'frozen', ...frozen }] : [] });
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

/** Report facts, then totals per currency, per account and per statement. */
export function addSummarySheet(
  workbook: Workbook,
  styles: CellStyles,
  report: { title: string; generatedAt: Date; figures: ReportFigures },
): Worksheet {
  const { figures } = report;
  const sheet = sheetWithWidths(workbook, SHEET_NAMES.summary, [24, 14, 16, 16, 16, 16, 16, 14, 16]);
  const put = (cells: SheetCell[], header = false) => putRow(sheet, cells, styles, header);
  put([report.title], true);
  put([
    'Period',
    figures.period ? { day: figures.period.from } : null,
    figures.period ? { day: figures.period.to } : null,
  ]);
  put(['Generated (UTC)', { timestamp: report.generatedAt }]);
  put(['Reconciliation', RECONCILIATION_LABELS[figures.reconciliation]]);
  put(['Transactions', figures.transactionCount]);
  put(['Skipped rows', figures.problemCount]);
  put([]);
  put(['Currency', 'Total in', 'Total out', 'Net', 'Transactions'], true);
  for (const t of figures.currencies) {
    put([
      t.currency,
      money(t.inMinor, t.currency),
      money(t.outMinor, t.currency),
      money(t.netMinor, t.currency),
      t.count,
    ]);
  }
  put([]);
  const accountHeader = [
    'Account',
    'Currency',
    'Opening balance',
    'Closing balance',
    'Total in',
    'Total out',
  ];
  put([...accountHeader, 'Net', 'Transactions', 'Reconciliation'], true);
  for (const a of figures.accounts) {
    const [opening, closing] = [
      money(a.openingBalanceMinor, a.currency),
      money(a.closingBalanceMinor, a.currency),
    ];
    const flows = [
      money(a.inMinor, a.currency),
      money(a.outMinor, a.currency),
      money(a.netMinor, a.currency),
    ];
    put([
      a.account,
      a.currency,
      opening,
      closing,
      ...flows,
      a.count,
      RECONCILIATION_LABELS[a.reconciliation],
    ]);
  }
  put([]);
  put(
    [
      'Statement',
      'Account',
      'Period start',
      'Period end',
      'Opening balance',
      'Closing balance',
      'Reconciled',
    ],
    true,
  );
  for (const s of figures.statements) {
    const period = [s.periodStart ? { day: s.periodStart } : null, s.periodEnd ? { day: s.periodEnd } : null];
    const balances = [money(s.openingBalanceMinor, s.currency), money(s.closingBalanceMinor, s.currency)];
    put([s.id, s.account, ...period, ...balances, s.reconciled ? 'Yes' : 'No']);
  }
  return sheet;
}

/** Income and expense per category (per currency), with counts and shares of the currency's totals. */
export function addCategorySheet(workbook: Workbook, styles: CellStyles, figures: ReportFigures): Worksheet {
  const sheet = sheetWithWidths(workbook, SHEET_NAMES.byCategory, [10, 28, 10, 14, 16, 12, 16, 12, 16], {
    xSplit: 0,
    ySplit: 1,
  });
  const header = ['Currency', 'Category', 'Kind', 'Transactions', 'Income', 'Share of income', 'Expense'];
  putRow(sheet, [...header, 'Share of expense', 'Net'], styles, true);
  for (const c of figures.categories) {
    const cells: SheetCell[] = [
      c.currency,
      categoryName(c),
      kindLabel(c),
      c.count,
      money(c.inMinor, c.currency),
    ];
    cells.push({ ratio: c.shareOfIn }, money(c.outMinor, c.currency), { ratio: c.shareOfOut });
    putRow(sheet, [...cells, money(c.netMinor, c.currency)], styles);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: figures.categories.length + 1, column: 9 } };
  return sheet;
}

/**
 * Column headings for a months × categories table; a name used by two kinds (a "Refunds" income and a
 * "Refunds" expense) gets its kind added so the columns stay distinguishable.
 */
function categoryHeadings(categories: CategoryRef[]): string[] {
  const names = categories.map(categoryName);
  return categories.map((ref, index) =>
    names.indexOf(names[index] ?? '') !== names.lastIndexOf(names[index] ?? '')
      ? `${categoryName(ref)} (${kindLabel(ref) || 'none'})`
      : categoryName(ref),
  );
}

/** One block per currency: a month per row, a category per column (net amounts), then month totals. */
export function addMonthlySheet(workbook: Workbook, styles: CellStyles, tables: MonthlyTable[]): Worksheet {
  const widest = Math.max(0, ...tables.map((t) => t.categories.length));
  const sheet = sheetWithWidths(workbook, SHEET_NAMES.monthly, [14, ...Array<number>(widest + 3).fill(16)], {
    xSplit: 1,
    ySplit: 1,
  });
  tables.forEach((table, tableIndex) => {
    if (tableIndex > 0) putRow(sheet, [], styles);
    const header = [`Month (${table.currency})`, ...categoryHeadings(table.categories)];
    putRow(sheet, [...header, 'Total in', 'Total out', 'Net'], styles, true);
    table.months.forEach((month, m) => {
      const cells = (table.cells[m] ?? []).map((minor) => money(minor, table.currency));
      const totals = table.totals[m];
      const flows = [totals?.inMinor, totals?.outMinor, totals?.netMinor].map((v) =>
        money(v, table.currency),
      );
      putRow(sheet, [{ month }, ...cells, ...flows], styles);
    });
  });
  return sheet;
}
