/**
 * SWIFT MT940 customer statements: one ParsedStatement per `:20:` block, so files holding several
 * statements (or several accounts) split naturally. There is no sound maintained JavaScript MT940
 * library, and the format is a flat list of tagged fields, so this is our own.
 *
 * Fields: `:25:` account, `:28C:` statement number, `:60F:`/`:60M:` opening balance (M = continued from
 * a previous page), `:61:` a transaction, `:86:` its narrative (folded into the description, German
 * `?20`-style subfields reassembled), `:62F:`/`:62M:` closing balance. Reversal marks RC/RD flip the sign.
 */
import { isoDate } from '../date-text.js';
import type { ParsedStatement, ParsedTransaction, ParseProblem } from '../model.js';
import { machineAmountToMinor } from './amounts.js';
import { decodeText } from './decode.js';
import {
  DEFAULT_CURRENCY,
  ExportErrorCode,
  fail,
  ok,
  type FormatOptions,
  type StatementsResult,
} from './result.js';

interface Field {
  tag: string;
  value: string;
  line: number;
}

/** Splits the text into tagged fields; continuation lines join their field with `\n`. */
export function mt940Fields(text: string): Field[] {
  const fields: Field[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    // SWIFT envelopes: `{1:...}{2:...}{4:` before the fields and `-}` after them.
    const line = (lines[i] ?? '').replace(/^(?:\{\d:[^{}]*\}?)*(?:\{4:)?/, '');
    if (line === '' || /^-\}?\s*$/.test(line) || /^\{5:/.test(line)) continue;
    // `:NS:` is a bank-specific narrative some banks (Sberbank Hungary) send in place of `:86:`.
    const tagged = /^:(\d{2}[A-Z]?|NS):(.*)$/.exec(line);
    const last = fields[fields.length - 1];
    if (tagged) fields.push({ tag: tagged[1] ?? '', value: tagged[2] ?? '', line: i + 1 });
    else if (last) last.value += `\n${line}`;
  }
  return fields;
}

/** `YYMMDD` with the 1970–2069 window SWIFT users apply. */
const swiftDate = (text: string): string | undefined => {
  const yy = Number(text.slice(0, 2));
  return isoDate(yy < 70 ? 2000 + yy : 1900 + yy, Number(text.slice(2, 4)), Number(text.slice(4, 6)));
};

/** `C240131EUR1234,56` → signed minor units, date and currency. */
function readBalance(value: string): { minor: number; date: string; currency: string } | undefined {
  const match = /^([CD])(\d{6})([A-Z]{3})(\d{1,12},\d{0,3})\s*$/.exec(value.trim());
  if (!match) return undefined;
  const date = swiftDate(match[2] ?? '');
  const currency = match[3] ?? DEFAULT_CURRENCY;
  const magnitude = machineAmountToMinor(match[4] ?? '', currency, ',');
  if (!date || magnitude === undefined) return undefined;
  return { minor: match[1] === 'D' && magnitude !== 0 ? -magnitude : magnitude, date, currency };
}

const LINE_61 =
  /^(\d{6})(\d{4})?(R?[CD]|E[CD])([A-Z])?(\d{1,12},\d{0,3})([NSF][A-Z0-9 ]{3})(.*?)(?:\/\/(.*))?$/;

/** The entry date `MMDD` belongs to the value date's year, or a neighbour across New Year. */
function entryDate(valueDate: string, mmdd: string): string | undefined {
  const year = Number(valueDate.slice(0, 4));
  const month = Number(mmdd.slice(0, 2));
  const valueMonth = Number(valueDate.slice(5, 7));
  const shift = valueMonth === 12 && month === 1 ? 1 : valueMonth === 1 && month === 12 ? -1 : 0;
  return isoDate(year + shift, month, Number(mmdd.slice(2, 4)));
}

/** `?20`…`?29` and `?60`…`?63` hold the purpose cut into 27-character pieces; `?32`/`?33` the other party. */
function foldNarrative(value: string): string {
  const structured = /^\d{3}\?/.exec(value);
  if (!structured) return value.split('\n').join(' ').replace(/\s+/g, ' ').trim();
  const parts = new Map<string, string>();
  for (const piece of value.replace(/\n/g, '').slice(3).split('?').slice(1)) {
    parts.set(piece.slice(0, 2), (parts.get(piece.slice(0, 2)) ?? '') + piece.slice(2));
  }
  const pick = (codes: string[]) => codes.map((code) => parts.get(code) ?? '').join('');
  const name = pick(['32', '33']).trim();
  const purpose = pick([
    '20',
    '21',
    '22',
    '23',
    '24',
    '25',
    '26',
    '27',
    '28',
    '29',
    '60',
    '61',
    '62',
    '63',
  ]).trim();
  const posting = (parts.get('00') ?? '').trim();
  return [posting, name, purpose].filter((part) => part !== '').join(' - ');
}

interface Draft {
  statement: ParsedStatement;
  line: number;
  /** A `:86:` narrates the `:61:` just before it; after `:62F:` it is information about the account. */
  previousTag: string;
}

function readTransaction(field: Field, currency: string): ParsedTransaction | string {
  const [first = '', ...rest] = field.value.split('\n');
  const match = LINE_61.exec(first.trim());
  if (!match) return `line ${field.line}: :61: "${first}" is not a statement line`;
  const valueDate = swiftDate(match[1] ?? '');
  const magnitude = machineAmountToMinor(match[5] ?? '', currency, ',');
  if (!valueDate || magnitude === undefined)
    return `line ${field.line}: :61: has an impossible date or amount`;
  const date = match[2] ? entryDate(valueDate, match[2]) : valueDate;
  if (!date) return `line ${field.line}: :61: entry date ${match[2]} is impossible`;
  const mark = match[3] ?? 'C';
  const negative = mark === 'D' || mark === 'RC' || mark === 'ED';
  const customerRef = (match[7] ?? '').trim();
  const bankRef = (match[8] ?? '').trim();
  const supplementary = rest.join(' ').trim();
  return {
    date,
    valueDate: valueDate === date ? undefined : valueDate,
    description: supplementary || (match[6] ?? ''),
    amountMinor: negative && magnitude !== 0 ? -magnitude : magnitude,
    bankReference: bankRef || (customerRef && customerRef !== 'NONREF' ? customerRef : undefined),
    source: { line: field.line, text: first },
  };
}

function newDraft(field: Field, options: FormatOptions): Draft {
  return {
    line: field.line,
    previousTag: field.tag,
    statement: {
      format: 'mt940',
      bankSource: 'generic',
      accountKind: options.accountKind ?? 'asset',
      currency: options.currency ?? DEFAULT_CURRENCY,
      transactions: [],
      problems: [],
    },
  };
}

/** Applies one field to the statement being read; returns an error message for a malformed field. */
function applyField(draft: Draft, field: Field): string | undefined {
  const statement = draft.statement;
  if (field.tag === '25') statement.accountNumber = field.value.trim();
  else if (field.tag === '60F' || field.tag === '60M' || field.tag === '62F' || field.tag === '62M') {
    const balance = readBalance(field.value);
    if (!balance) return `line ${field.line}: :${field.tag}: "${field.value}" is not a balance`;
    statement.currency = balance.currency;
    if (field.tag.startsWith('60')) {
      statement.openingBalanceMinor = balance.minor;
      statement.periodStart = balance.date;
    } else {
      statement.closingBalanceMinor = balance.minor;
      statement.periodEnd = balance.date;
    }
  } else if (field.tag === '61') {
    const transaction = readTransaction(field, statement.currency);
    if (typeof transaction === 'string') return transaction;
    statement.transactions.push(transaction);
  } else if ((field.tag === '86' || field.tag === 'NS') && draft.previousTag === '61') {
    const last = statement.transactions[statement.transactions.length - 1];
    if (last) last.description = foldNarrative(field.value) || last.description;
  }
  return undefined;
}

function finish(draft: Draft): ParsedStatement {
  const statement = draft.statement;
  const problems: ParseProblem[] = statement.problems;
  if (statement.openingBalanceMinor === undefined || statement.closingBalanceMinor === undefined) {
    problems.push({
      code: 'BALANCE_ABSENT',
      message: `the statement starting on line ${draft.line} lacks its :60: or :62: balance`,
      source: { line: draft.line },
    });
  }
  return statement;
}

export function parseMt940(bytes: Uint8Array, options: FormatOptions = {}): StatementsResult {
  // SOH and ETX frame a SWIFT transmission (mBank's files start with 0x01); they are not text.
  const decoded = decodeText(bytes.filter((byte) => byte !== 0x01 && byte !== 0x03));
  if (!decoded.ok) return decoded;
  const statements: ParsedStatement[] = [];
  let draft: Draft | undefined;
  for (const field of mt940Fields(decoded.value.text)) {
    if (field.tag === '20') {
      if (draft) statements.push(finish(draft));
      draft = newDraft(field, options);
      continue;
    }
    if (!draft)
      return fail(
        ExportErrorCode.malformed,
        `line ${field.line}: :${field.tag}: before any :20:`,
        field.line,
      );
    const error = applyField(draft, field);
    draft.previousTag = field.tag;
    if (error) return fail(ExportErrorCode.malformed, error, field.line);
  }
  if (draft) statements.push(finish(draft));
  if (statements.length === 0)
    return fail(ExportErrorCode.malformed, 'no MT940 statement (:20: field) found');
  return ok(statements);
}
