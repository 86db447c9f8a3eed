/**
 * OFX and QFX, 1.x (SGML: leaf elements have no closing tags) and 2.x (XML), bank (`STMTRS`) and credit
 * card (`CCSTMTRS`) statements; one ParsedStatement per statement aggregate.
 *
 * 1.x bodies are first rewritten to XML by closing their leaf elements, on the same line so line numbers
 * still point into the original, then both versions go through the same safe XML parser (xml.ts).
 *
 * Balances: OFX carries only the closing `LEDGERBAL`. The opening balance is left undefined on purpose:
 * deriving it as closing − Σ would make reconciliation prove nothing, and a download's BANKTRANLIST may
 * cover less than the period of its balance. Card balances are signed from the holder's side as the OFX
 * spec says (owed money negative), so they are negated into the model's "money owed" convention.
 */
import type { ParsedStatement, ParsedTransaction, ParseProblem } from '../model.js';
import { machineAmountToMinor } from './amounts.js';
import { compactDate } from './dates.js';
import { decodeText } from './decode.js';
import {
  DEFAULT_CURRENCY,
  ExportErrorCode,
  fail,
  ok,
  type ExportResult,
  type FormatOptions,
  type StatementsResult,
} from './result.js';
import { children, parseXml, refuseDtd, textAt, type XmlDocument, type XmlElement } from './xml.js';

/**
 * Aggregates we read, known up front so a truncated 1.x file (whose closing tags are missing) still
 * parses its structure and is reported as truncated; other aggregates are recognised by their closing tag.
 */
const AGGREGATES = [
  'OFX',
  'SIGNONMSGSRSV1',
  'SONRS',
  'STATUS',
  'FI',
  'BANKMSGSRSV1',
  'STMTTRNRS',
  'STMTRS',
  'BANKACCTFROM',
  'BANKACCTTO',
  'BANKTRANLIST',
  'STMTTRN',
  'PAYEE',
  'CURRENCY',
  'ORIGCURRENCY',
  'LEDGERBAL',
  'AVAILBAL',
  'CREDITCARDMSGSRSV1',
  'CCSTMTTRNRS',
  'CCSTMTRS',
  'CCACCTFROM',
  'CCACCTTO',
];

const TOKEN = /<(\/?)([A-Za-z][A-Za-z0-9._]*)\s*>([^<]*)/g;

/** Closes SGML leaf elements: `<NAME>Shop<MEMO>x` → `<NAME>Shop</NAME><MEMO>x</MEMO>`. */
export function sgmlToXml(source: string): { xml: string } | { error: string } {
  // CDATA sections (Suncorp: `<NAME><![CDATA[EFTPOS ...]]>`) become escaped text the tokens can carry.
  const body = source.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
  const aggregates = new Set<string>(AGGREGATES);
  for (const match of body.matchAll(/<\/([A-Za-z][A-Za-z0-9._]*)\s*>/g)) aggregates.add(match[1] ?? '');
  const out: string[] = [];
  const open: string[] = [];
  const tokens = [...body.matchAll(TOKEN)];
  for (let i = 0; i < tokens.length; i++) {
    const [, slash, name = '', rawText = ''] = tokens[i] ?? [];
    const text = rawText.replace(/&(?!(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);)/g, '&amp;');
    if (slash) {
      const at = open.lastIndexOf(name);
      if (at < 0) return { error: `</${name}> closes an element that is not open` };
      open.length = at;
      out.push(`</${name}>${text}`);
    } else if (text.trim() !== '' || !aggregates.has(name)) {
      const next = tokens[i + 1];
      const closedExplicitly = next?.[1] === '/' && next[2] === name;
      const trailing = /\s*$/.exec(text)?.[0] ?? '';
      out.push(`<${name}>${text.trimEnd()}</${name}>${closedExplicitly ? '' : trailing}`);
      if (closedExplicitly) {
        out.push(next[3] ?? '');
        i += 1;
      }
    } else {
      open.push(name);
      out.push(`<${name}>${text}`);
    }
  }
  if (open.length > 0) return { error: `<${open[open.length - 1]}> is never closed (truncated file?)` };
  return { xml: out.join('') };
}

/** The date part of `20240131120000.000[-5:EST]` is the bank's local date. */
export const ofxDate = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : compactDate(text, true);

function ofxAmount(text: string | undefined, currency: string): number | undefined {
  if (text === undefined) return undefined;
  const comma = text.includes(',') && !text.includes('.');
  return machineAmountToMinor(text, currency, comma ? ',' : '.');
}

/** The declared encoding of an OFX file: 2.x XML declaration, else 1.x `ENCODING`/`CHARSET` headers. */
function declaredEncoding(header: string): string | undefined {
  const xml = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(header);
  if (xml) return xml[1];
  const encoding = /^ENCODING:\s*(\S+)/im.exec(header)?.[1];
  if (encoding && /^utf-?8$/i.test(encoding)) return 'utf8';
  const charset = /^CHARSET:\s*(\S+)/im.exec(header)?.[1];
  return charset && !/^none$/i.test(charset) ? charset : undefined;
}

export function parseOfx(bytes: Uint8Array, options: FormatOptions = {}): StatementsResult {
  const latin = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const decoded = decodeText(bytes, declaredEncoding(latin));
  if (!decoded.ok) return decoded;
  const text = decoded.value.text;
  const refused = refuseDtd(text);
  if (refused) return refused;
  const start = text.search(/<OFX>/i);
  if (start < 0) return fail(ExportErrorCode.malformed, 'no <OFX> element found');
  const linesBefore = text.slice(0, start).split('\n').length - 1;
  const converted = sgmlToXml(text.slice(start));
  if ('error' in converted) return fail(ExportErrorCode.malformed, `OFX structure: ${converted.error}`);
  const parsed = parseXml('\n'.repeat(linesBefore) + converted.xml);
  if (!parsed.ok) return parsed;
  const root = parsed.value.root;
  const bankName = textAt(root, 'OFX', 'SIGNONMSGSRSV1', 'SONRS', 'FI', 'ORG');
  const statements: ParsedStatement[] = [];
  const ofx = children(root, 'OFX')[0];
  for (const [set, wrapper, aggregate] of [
    ['BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS'],
    ['CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS'],
  ] as const) {
    for (const response of children(ofx, set).flatMap((s) => children(s, wrapper))) {
      for (const statement of children(response, aggregate)) {
        const result = readStatement(statement, aggregate === 'CCSTMTRS', parsed.value, options);
        if (!result.ok) return result;
        statements.push({ ...result.value, bankName });
      }
    }
  }
  if (statements.length === 0) {
    return fail(
      ExportErrorCode.noTransactions,
      'no bank (STMTRS) or credit card (CCSTMTRS) statement in the file',
    );
  }
  return ok(statements);
}

/** One STMTTRN, or an error message naming its line. */
function readTransaction(
  row: XmlElement,
  currency: string,
  line: number | undefined,
): ParsedTransaction | string {
  const date = ofxDate(textAt(row, 'DTPOSTED'));
  const amountMinor = ofxAmount(textAt(row, 'TRNAMT'), currency);
  if (date === undefined)
    return `line ${line ?? '?'}: STMTTRN has an unreadable DTPOSTED "${textAt(row, 'DTPOSTED') ?? ''}"`;
  if (amountMinor === undefined)
    return `line ${line ?? '?'}: STMTTRN has an unreadable TRNAMT "${textAt(row, 'TRNAMT') ?? ''}"`;
  const name = textAt(row, 'NAME') ?? textAt(row, 'PAYEE', 'NAME');
  const memo = textAt(row, 'MEMO');
  return {
    date,
    description: [name, memo].filter((part, i, all) => part && all.indexOf(part) === i).join(' - '),
    amountMinor,
    valueDate: ofxDate(textAt(row, 'DTAVAIL')),
    bankReference: textAt(row, 'FITID'),
    source: { line },
  };
}

function readStatement(
  statement: XmlElement,
  card: boolean,
  doc: XmlDocument,
  options: FormatOptions,
): ExportResult<ParsedStatement> {
  const currency = (textAt(statement, 'CURDEF') ?? options.currency ?? DEFAULT_CURRENCY).toUpperCase();
  const problems: ParseProblem[] = [];
  const list = children(statement, 'BANKTRANLIST')[0];
  const transactions: ParsedTransaction[] = [];
  for (const row of children(list, 'STMTTRN')) {
    const line = doc.lineOf(row);
    const transaction = readTransaction(row, currency, line);
    if (typeof transaction === 'string') return fail(ExportErrorCode.malformed, transaction, line);
    if (children(row, 'CURRENCY').length > 0 || children(row, 'ORIGCURRENCY').length > 0) {
      problems.push({
        code: 'FOREIGN_CURRENCY_ROW',
        message: 'row converted from another currency',
        source: { line },
      });
    }
    transactions.push(transaction);
  }
  const ledger = ofxAmount(textAt(statement, 'LEDGERBAL', 'BALAMT'), currency);
  problems.push({
    code: 'OPENING_BALANCE_ABSENT',
    message: 'OFX carries no opening balance, so this statement cannot be reconciled from the file alone',
  });
  return ok({
    format: 'ofx',
    bankSource: 'generic',
    accountNumber: textAt(statement, card ? 'CCACCTFROM' : 'BANKACCTFROM', 'ACCTID'),
    accountKind: options.accountKind ?? (card ? 'liability' : 'asset'),
    currency,
    periodStart: ofxDate(textAt(list, 'DTSTART')),
    periodEnd: ofxDate(textAt(list, 'DTEND')),
    openingBalanceMinor: undefined,
    closingBalanceMinor: ledger === undefined ? undefined : card && ledger !== 0 ? -ledger : ledger,
    transactions,
    problems,
  });
}
