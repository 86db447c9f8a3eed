/**
 * Quicken Interchange Format: `!Type:Bank`, `!Type:Cash`, `!Type:Oth A` (assets) and `!Type:CCard`,
 * `!Type:Oth L` (liabilities); each typed section is one statement, named by a preceding `!Account`
 * block when the file carries several accounts. Category, class and memorised lists are skipped;
 * investment sections are refused because their records are trades, not cash movements.
 *
 * QIF carries no balances and no bank ids, so these statements cannot be reconciled from the file
 * (noted as a problem) and re-imports are caught by the caller's date/amount/description matching.
 * Splits (`S`/`E`/`$` lines) are checked to add up to the record's total, which is what moved in the
 * account; the model has no place for split lines, so they are not returned.
 */
import { detectDecimalSeparator, type DecimalSeparator } from '../amount-text.js';
import { decideDayMonthOrder, DayMonthOrder, parseDateText } from '../date-text.js';
import type { AccountKind, ParsedStatement, ParsedTransaction } from '../model.js';
import { flexibleAmountToMinor } from './amounts.js';
import { decodeText } from './decode.js';
import {
  DEFAULT_CURRENCY,
  ExportErrorCode,
  fail,
  ok,
  type FormatOptions,
  type StatementsResult,
} from './result.js';

interface QifRecord {
  line: number;
  fields: { code: string; value: string }[];
}

interface QifSection {
  type: string;
  line: number;
  accountName?: string | undefined;
  records: QifRecord[];
}

const KINDS: Record<string, AccountKind> = {
  bank: 'asset',
  cash: 'asset',
  'oth a': 'asset',
  ccard: 'liability',
  'oth l': 'liability',
};
const LISTS = new Set(['cat', 'class', 'memorized', 'prices', 'security']);

/** Groups the lines into `!Type` sections of `^`-terminated records. */
function readSections(text: string): QifSection[] {
  const sections: QifSection[] = [];
  let section: QifSection | undefined;
  let record: QifRecord | undefined;
  let accountBlock = false;
  let accountName: string | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const header = /^!(\w+)(?::\s*(.*?))?\s*$/.exec(line);
    if (header) {
      const keyword = (header[1] ?? '').toLowerCase();
      accountBlock = keyword === 'account';
      if (keyword === 'type') {
        section = { type: (header[2] ?? '').toLowerCase(), line: i + 1, accountName, records: [] };
        sections.push(section);
      }
      record = undefined;
      continue;
    }
    if (line.trim() === '') continue;
    if (line.startsWith('^')) {
      record = undefined;
      continue;
    }
    const code = line[0] ?? '';
    const value = line.slice(1).trim();
    if (accountBlock) {
      if (code === 'N') accountName = value;
      continue;
    }
    if (!section) continue;
    record ??= { line: i + 1, fields: [] };
    if (record.fields.length === 0) section.records.push(record);
    record.fields.push({ code, value });
  }
  return sections;
}

/** Quicken writes `1/25'24` and ` 1/ 5'24` for 2000s years; turn them into `1/25/2024`. */
function normalizeQifDate(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const apostrophe = /^(\d{1,2})[/.-](\d{1,2})'(\d{1,2})$/.exec(compact);
  if (apostrophe) return `${apostrophe[1]}/${apostrophe[2]}/${2000 + Number(apostrophe[3])}`;
  return compact;
}

interface SectionContext {
  order: DayMonthOrder;
  decimal: DecimalSeparator;
  currency: string;
}

function readRecord(record: QifRecord, context: SectionContext): ParsedTransaction | string {
  const value = (code: string) => record.fields.find((field) => field.code === code)?.value;
  const dateText = value('D');
  const amountText = value('T') ?? value('U');
  const where = `record at line ${record.line}`;
  if (dateText === undefined || amountText === undefined)
    return `${where} lacks its D (date) or T (amount) line`;
  const date = parseDateText(normalizeQifDate(dateText), { order: context.order });
  if (!date) return `${where}: unreadable date "${dateText}"`;
  const amountMinor = flexibleAmountToMinor(amountText, context.decimal, context.currency);
  if (amountMinor === undefined) return `${where}: unreadable amount "${amountText}"`;
  const splits = record.fields.filter((field) => field.code === '$');
  if (splits.length > 0) {
    const amounts = splits.map((split) =>
      flexibleAmountToMinor(split.value, context.decimal, context.currency),
    );
    const total = amounts.reduce<number | undefined>(
      (sum, a) => (sum === undefined || a === undefined ? undefined : sum + a),
      0,
    );
    if (total !== amountMinor)
      return `${where}: its splits add up to ${total ?? 'an unreadable amount'}, not ${amountMinor}`;
  }
  const payee = value('P');
  const memo = value('M');
  const cheque = value('N');
  const description = [payee, memo].filter((part, i, all) => part && all.indexOf(part) === i).join(' - ');
  return {
    date,
    amountMinor,
    description: description || (cheque ? `Cheque ${cheque}` : ''),
    source: { line: record.line },
  };
}

function sectionContext(sections: QifSection[], currency: string): SectionContext | string {
  const records = sections.flatMap((section) => section.records);
  const field = (code: string) =>
    records.flatMap((record) => record.fields.filter((f) => f.code === code).map((f) => f.value));
  const amounts = [...field('T'), ...field('U'), ...field('$')];
  const order = decideDayMonthOrder(field('D').map(normalizeQifDate), { fallback: DayMonthOrder.monthFirst });
  if (!order) return 'the file mixes day-first and month-first dates';
  return { order, decimal: detectDecimalSeparator(amounts), currency };
}

export function parseQif(bytes: Uint8Array, options: FormatOptions = {}): StatementsResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const all = readSections(decoded.value.text);
  const invest = all.find((section) => section.type === 'invst');
  const sections = all.filter((section) => !LISTS.has(section.type) && section.type !== 'invst');
  const unknown = sections.find((section) => KINDS[section.type] === undefined);
  if (unknown) {
    return fail(
      ExportErrorCode.malformed,
      `line ${unknown.line}: unknown QIF type "${unknown.type}"`,
      unknown.line,
    );
  }
  if (sections.length === 0) {
    const why = invest
      ? `line ${invest.line}: investment accounts are not supported`
      : 'no !Type:Bank or !Type:CCard section';
    return fail(ExportErrorCode.malformed, why, invest?.line);
  }
  const currency = options.currency ?? DEFAULT_CURRENCY;
  // Day-month order and decimal mark are decided once for the whole file, never per record.
  const context = sectionContext(sections, currency);
  if (typeof context === 'string') return fail(ExportErrorCode.malformed, context);
  const statements: ParsedStatement[] = [];
  for (const section of sections) {
    const transactions: ParsedTransaction[] = [];
    for (const record of section.records) {
      const transaction = readRecord(record, context);
      if (typeof transaction === 'string') return fail(ExportErrorCode.malformed, transaction, record.line);
      transactions.push(transaction);
    }
    const dates = transactions.map((t) => t.date).sort();
    statements.push({
      format: 'qif',
      bankSource: 'generic',
      accountName: section.accountName,
      accountKind: options.accountKind ?? KINDS[section.type] ?? 'asset',
      currency,
      periodStart: dates[0],
      periodEnd: dates[dates.length - 1],
      transactions,
      problems: [
        ...(options.currency
          ? []
          : [{ code: 'CURRENCY_ASSUMED', message: `QIF names no currency; ${currency} assumed` }]),
        {
          code: 'BALANCE_ABSENT',
          message: 'QIF carries no balances, so this statement cannot be reconciled',
        },
      ],
    });
  }
  return ok(statements);
}
