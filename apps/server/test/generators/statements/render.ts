import { type AmountStyle, type DateStyle, formatAmount, formatDate, wrap } from './format.js';
import { renderPdf } from './render-pdf.js';
import type { Scenario, ScenarioOptions, ScenarioTransaction } from './scenario.js';

export interface ColumnDef {
  kind: 'date' | 'valueDate' | 'description' | 'amount' | 'mark' | 'debit' | 'credit' | 'balance';
  /** Title lines, stacked ("Money" over "In"). */
  title: string[];
  width: number;
  align: 'left' | 'right';
}

export interface LayoutSpec {
  id: string;
  /** What the layout exercises, for the accuracy report. */
  exercises: string;
  scenario: Omit<ScenarioOptions, 'seed' | 'count'>;
  bank: string;
  accountTitle: string;
  date: DateStyle;
  periodLine: (start: string, end: string) => string;
  amount: AmountStyle;
  /** Balances print differently from amounts on some statements (`Cr`/`Dr` words). */
  balance?: AmountStyle;
  columns: ColumnDef[];
  openingLabel: string;
  closingLabel: string;
  twoColumn?: boolean;
  /** Credits, then debits, each under its heading: [credit heading, debit heading]. */
  sections?: [string, string];
  /** Date printed once per day; balance only on the day's last row. */
  dateCell?: boolean;
  /** Balance carried forward at each page foot and brought forward at the next page's top. */
  forward?: boolean;
  summaryBox?: boolean;
  noiseTable?: boolean;
  /** Characters per description line (wraps longer text). */
  wrapAt?: number;
  /** Figures and dates sit on the last line of a wrapped description instead of the first. */
  bottomAligned?: boolean;
}

/** The known answer: what a perfect parser returns for the rendered PDF. */
export interface ExpectedStatement {
  kind: 'asset' | 'liability';
  currency: string;
  openingMinor: number;
  closingMinor: number;
  transactions: {
    date: string;
    description: string;
    amountMinor: number;
    balanceMinor?: number | undefined;
  }[];
}

type Item =
  | { type: 'tx'; tx: ScenarioTransaction; showDate: boolean; showBalance: boolean }
  | { type: 'section'; title: string }
  | { type: 'balance'; label: string; balanceMinor: number };

const FONT = 8;
const LINE = FONT * 1.45;
const TOP = 40;
const BOTTOM = 780;
const MARGIN = 40;

export async function renderLayout(spec: LayoutSpec, scenario: Scenario) {
  const items = arrange(spec, scenario);
  const expected: ExpectedStatement = {
    kind: scenario.kind,
    currency: scenario.currency,
    openingMinor: scenario.openingMinor,
    closingMinor: scenario.closingMinor,
    transactions: items.flatMap((item) =>
      item.type === 'tx'
        ? [
            {
              date: item.tx.date,
              description: item.tx.description,
              amountMinor: item.tx.amountMinor,
              balanceMinor: item.showBalance && hasBalanceColumn(spec) ? item.tx.balanceMinor : undefined,
            },
          ]
        : [],
    ),
  };
  const pdf = await renderPdf((doc) => draw(doc, spec, scenario, items), {
    bufferPages: true,
    info: { Title: `${spec.bank} statement`, Producer: 'Ledgerflow statement generator' },
  });
  return { pdf, expected };
}

const hasBalanceColumn = (spec: LayoutSpec) => spec.columns.some((column) => column.kind === 'balance');

function arrange(spec: LayoutSpec, scenario: Scenario): Item[] {
  const txs = scenario.transactions;
  const rows = (list: ScenarioTransaction[]): Item[] =>
    list.map((tx, index) => ({
      type: 'tx',
      tx,
      showDate: !spec.dateCell || index === 0 || list[index - 1]?.date !== tx.date,
      showBalance: !spec.dateCell || list[index + 1]?.date !== tx.date,
    }));
  const body = spec.sections
    ? [
        { type: 'section', title: spec.sections[0] } as const,
        ...rows(txs.filter((tx) => tx.amountMinor > 0)),
        { type: 'section', title: spec.sections[1] } as const,
        ...rows(txs.filter((tx) => tx.amountMinor <= 0)),
      ]
    : rows(txs);
  return [
    { type: 'balance', label: spec.openingLabel, balanceMinor: scenario.openingMinor },
    ...body,
    { type: 'balance', label: spec.closingLabel, balanceMinor: scenario.closingMinor },
  ];
}

function printedAmount(spec: LayoutSpec, scenario: Scenario, amountMinor: number) {
  // Cards print from the bank's side: purchases positive, payments negative (or marked Cr).
  const printed = scenario.kind === 'liability' && !spec.amount.positiveWord ? -amountMinor : amountMinor;
  return formatAmount(printed, spec.amount);
}

function cellText(spec: LayoutSpec, scenario: Scenario, column: ColumnDef, item: Item): string[] {
  if (item.type === 'section') return column.kind === 'description' ? [item.title] : [];
  if (item.type === 'balance') {
    if (column.kind === 'description') return [item.label];
    const target = hasBalanceColumn(spec) ? 'balance' : 'amount';
    return column.kind === target ? [formatAmount(item.balanceMinor, spec.balance ?? spec.amount)] : [];
  }
  const { tx } = item;
  switch (column.kind) {
    case 'date':
    case 'valueDate':
      return item.showDate ? [formatDate(tx.date, spec.date)] : [];
    case 'description':
      return wrap(tx.description, spec.wrapAt ?? 200);
    case 'amount':
      return [printedAmount(spec, scenario, tx.amountMinor)];
    case 'mark':
      return [tx.amountMinor > 0 ? 'Cr' : 'Dr'];
    case 'debit':
      return tx.amountMinor < 0 ? [formatAmount(-tx.amountMinor, spec.amount)] : [];
    case 'credit':
      return tx.amountMinor > 0 ? [formatAmount(tx.amountMinor, spec.amount)] : [];
    case 'balance':
      return item.showBalance ? [formatAmount(tx.balanceMinor, spec.balance ?? spec.amount)] : [];
  }
}

function draw(doc: PDFKit.PDFDocument, spec: LayoutSpec, scenario: Scenario, items: Item[]) {
  const tableWidth = spec.columns.reduce((sum, column) => sum + column.width, 0);
  const slots = spec.twoColumn ? [MARGIN, MARGIN + tableWidth + 15] : [MARGIN];
  let slot = 0;
  let running = scenario.openingMinor;
  let rowsTop = startPage(doc, spec, scenario, true, slots);
  let y = rowsTop;
  const forwardLine = (label: string) => {
    drawRow(doc, spec, scenario, slots[slot]!, y, { type: 'balance', label, balanceMinor: running });
    y += LINE;
  };
  items.forEach((item, index) => {
    const height = LINE * Math.max(1, ...spec.columns.map((c) => cellText(spec, scenario, c, item).length));
    const reserve = spec.forward ? LINE : 0;
    if (y + height > BOTTOM - reserve && index > 0) {
      if (spec.forward) forwardLine('Balance carried forward');
      slot += 1;
      if (slot >= slots.length) {
        doc.addPage({ size: 'A4', margin: 0 });
        slot = 0;
        rowsTop = startPage(doc, spec, scenario, false, slots);
      }
      // The next slot (the right-hand table, or a new page) starts under the headers drawn for it.
      y = rowsTop;
      if (spec.forward) forwardLine('Balance brought forward');
    }
    drawRow(doc, spec, scenario, slots[slot]!, y, item);
    if (item.type === 'tx') running = item.tx.balanceMinor;
    y += height;
  });
  if (spec.noiseTable) drawInterestTable(doc, y + 2 * LINE);
  drawFooters(doc, spec);
}

const tableTop = (first: boolean, spec: LayoutSpec) => (first ? (spec.summaryBox ? 150 : 118) : 96);

function startPage(
  doc: PDFKit.PDFDocument,
  spec: LayoutSpec,
  scenario: Scenario,
  first: boolean,
  slots: number[],
) {
  doc.font('Helvetica-Bold').fontSize(14).text(spec.bank, MARGIN, TOP, { lineBreak: false });
  doc.font('Helvetica').fontSize(FONT);
  doc.text(spec.accountTitle, MARGIN, TOP + 20, { lineBreak: false });
  doc.text('Account number 4101 2345 678', MARGIN, TOP + 32, { lineBreak: false });
  if (first) {
    doc.text(spec.periodLine(scenario.periodStart, scenario.periodEnd), MARGIN, TOP + 44, {
      lineBreak: false,
    });
    doc.text('Please check this statement and tell us about any error within 30 days.', MARGIN, TOP + 56, {
      lineBreak: false,
    });
    if (spec.summaryBox) drawSummary(doc, spec, scenario);
  }
  let y = tableTop(first, spec);
  for (const x of slots) y = Math.max(y, drawHeader(doc, spec, x, tableTop(first, spec)));
  return y;
}

function drawHeader(doc: PDFKit.PDFDocument, spec: LayoutSpec, left: number, top: number): number {
  doc.font('Helvetica-Bold').fontSize(FONT);
  const depth = Math.max(...spec.columns.map((column) => column.title.length));
  let x = left;
  for (const column of spec.columns) {
    column.title.forEach((title, line) => cell(doc, title, x, top + line * LINE, column));
    x += column.width;
  }
  doc.font('Helvetica').fontSize(FONT);
  return top + depth * LINE + 4;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  spec: LayoutSpec,
  scenario: Scenario,
  left: number,
  y: number,
  item: Item,
) {
  const cells = spec.columns.map((column) => cellText(spec, scenario, column, item));
  const depth = Math.max(1, ...cells.map((lines) => lines.length));
  let x = left;
  spec.columns.forEach((column, index) => {
    const lines = cells[index] ?? [];
    const shift = spec.bottomAligned && column.kind !== 'description' ? depth - lines.length : 0;
    lines.forEach((text, line) => cell(doc, text, x, y + (line + shift) * LINE, column));
    x += column.width;
  });
}

/** Right-aligned cells end 4 pt before the column's edge; left-aligned ones start at it. */
function cell(doc: PDFKit.PDFDocument, text: string, x: number, y: number, column: ColumnDef) {
  const at = column.align === 'right' ? x + column.width - 4 - doc.widthOfString(text) : x;
  doc.text(text, at, y, { lineBreak: false });
}

function drawSummary(doc: PDFKit.PDFDocument, spec: LayoutSpec, scenario: Scenario) {
  const credits = scenario.transactions.reduce((sum, tx) => sum + Math.max(0, tx.amountMinor), 0);
  const debits = scenario.transactions.reduce((sum, tx) => sum + Math.max(0, -tx.amountMinor), 0);
  const style = spec.balance ?? spec.amount;
  const pairs: [string, string, string, string][] = [
    [
      'Opening balance',
      formatAmount(scenario.openingMinor, style),
      'Total credits',
      formatAmount(credits, spec.amount),
    ],
    [
      'Closing balance',
      formatAmount(scenario.closingMinor, style),
      'Total debits',
      formatAmount(debits, spec.amount),
    ],
  ];
  doc.rect(MARGIN - 4, 110, 520, 30).stroke('#888');
  pairs.forEach(([l1, v1, l2, v2], row) => {
    const y = 114 + row * 12;
    doc.text(l1, MARGIN, y, { lineBreak: false });
    doc.text(v1, 250 - doc.widthOfString(v1), y, { lineBreak: false });
    doc.text(l2, 320, y, { lineBreak: false });
    doc.text(v2, 550 - doc.widthOfString(v2), y, { lineBreak: false });
  });
}

function drawInterestTable(doc: PDFKit.PDFDocument, top: number) {
  if (top > BOTTOM - 5 * LINE) {
    doc.addPage({ size: 'A4', margin: 0 });
    top = 96;
  }
  doc.font('Helvetica-Bold').text('Interest rates on credit balances', MARGIN, top, { lineBreak: false });
  doc.font('Helvetica');
  const rows = [
    ['Balance from', 'Balance to', 'Rate'],
    ['0.00', '9,999.99', '2.50%'],
    ['10,000.00', '49,999.99', '3.75%'],
    ['50,000.00', '999,999.99', '4.10%'],
  ];
  rows.forEach((row, index) => {
    row.forEach((text, column) =>
      doc.text(text, MARGIN + column * 110, top + (index + 1) * LINE, { lineBreak: false }),
    );
  });
}

function drawFooters(doc: PDFKit.PDFDocument, spec: LayoutSpec) {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    doc.font('Helvetica').fontSize(7);
    doc.text(`Page ${index + 1} of ${range.count}`, MARGIN, 800, { lineBreak: false });
    doc.text(
      `${spec.bank} Limited. Reg. No. 1999/000000/06. An authorised financial services provider.`,
      MARGIN,
      812,
      {
        lineBreak: false,
      },
    );
  }
}
