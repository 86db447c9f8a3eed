/**
 * ISO 20022 CAMT.053 bank-to-customer statements (any version from .001.02 on: names that moved, such as
 * `Sts` → `Sts/Cd` and `Dbtr/Nm` → `Dbtr/Pty/Nm`, are read in both places). Every `Stmt` becomes one
 * ParsedStatement. CAMT.052 account reports (`BkToCstmrAcctRpt`, each `Rpt` shaped like a `Stmt`; what
 * German banks export for a day or a few) are read the same way, as format `camt053`.
 *
 * Sign: `CdtDbtInd` gives the direction of the entry itself, reversals included (ISO: "if CRDT and
 * RvslInd is true, the original operation was a debit"), so `RvslInd` needs no flip. Only booked entries
 * count: pending (`PDNG`) and information (`INFO`) entries are not in the booked balances, so they are
 * skipped and noted as problems.
 */
import type { ParsedStatement, ParsedTransaction, ParseProblem } from '../model.js';
import { machineAmountToMinor } from './amounts.js';
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
import { attrAt, child, children, parseXml, textAt, type XmlDocument, type XmlElement } from './xml.js';

const dateOf = (node: XmlElement | undefined): string | undefined => {
  const text = textAt(node, 'Dt') ?? textAt(node, 'DtTm');
  return text && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : undefined;
};

/** An `Amt` with its `CdtDbtInd` sibling → signed minor units in the element's currency. */
function signedAmount(
  node: XmlElement,
  fallbackCurrency: string,
): { minor: number; currency: string } | undefined {
  const currency = (attrAt(node, 'Ccy', 'Amt') ?? fallbackCurrency).toUpperCase();
  const text = textAt(node, 'Amt');
  const magnitude = text === undefined ? undefined : machineAmountToMinor(text, currency);
  const indicator = textAt(node, 'CdtDbtInd');
  if (magnitude === undefined || (indicator !== 'CRDT' && indicator !== 'DBIT')) return undefined;
  return { minor: indicator === 'DBIT' && magnitude !== 0 ? -magnitude : magnitude, currency };
}

function balanceOf(stmt: XmlElement, codes: string[], currency: string) {
  for (const code of codes) {
    const balance = children(stmt, 'Bal').find(
      (bal) => (textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry')) === code,
    );
    if (balance)
      return { amount: signedAmount(balance, currency), date: dateOf(child(balance, 'Dt')), balance };
  }
  return undefined;
}

/** Counterparty, then the bank's booking text and the remittance lines: what a person reads on a statement. */
function describe(entry: XmlElement, credit: boolean): string {
  const details = child(entry, 'NtryDtls', 'TxDtls');
  const parties = child(details, 'RltdPties');
  const partyName = (role: string) => textAt(parties, role, 'Nm') ?? textAt(parties, role, 'Pty', 'Nm');
  const counterparty = credit
    ? (partyName('Dbtr') ?? partyName('UltmtDbtr'))
    : (partyName('Cdtr') ?? partyName('UltmtCdtr'));
  const remittance = children(child(details, 'RmtInf'), 'Ustrd')
    .map((line) => (typeof line['#text'] === 'string' ? line['#text'] : ''))
    .join(' ');
  // The bank's booking text says what kind of entry it is ("KARTENZAHLUNG", "BELASTUNG"); the remittance
  // lines what it was for. Both are kept, in that order, unless one repeats the other.
  const collapse = (text: string | undefined) => text?.replace(/\s+/g, ' ').trim() ?? '';
  const bankText = collapse(textAt(details, 'AddtlTxInf') ?? textAt(entry, 'AddtlNtryInf'));
  const purpose = collapse(remittance);
  const text = purpose.includes(bankText)
    ? purpose
    : bankText.includes(purpose)
      ? bankText
      : `${bankText} ${purpose}`;
  return [collapse(counterparty), text].filter((part) => part).join(' - ');
}

function readEntry(
  entry: XmlElement,
  currency: string,
  line: number | undefined,
): ParsedTransaction | string {
  const amount = signedAmount(entry, currency);
  const date = dateOf(child(entry, 'BookgDt')) ?? dateOf(child(entry, 'ValDt'));
  if (!amount) return `line ${line ?? '?'}: <Ntry> lacks a readable Amt or CdtDbtInd`;
  if (!date) return `line ${line ?? '?'}: <Ntry> lacks a BookgDt or ValDt date`;
  const valueDate = dateOf(child(entry, 'ValDt'));
  return {
    date,
    valueDate: valueDate === date ? undefined : valueDate,
    description: describe(entry, amount.minor >= 0),
    amountMinor: amount.minor,
    bankReference: textAt(entry, 'AcctSvcrRef') ?? textAt(entry, 'NtryDtls', 'TxDtls', 'Refs', 'AcctSvcrRef'),
    source: { line },
  };
}

const totalOf = (stmt: XmlElement, name: string, currency: string) => {
  const sum = textAt(stmt, 'TxsSummry', name, 'Sum');
  return sum === undefined ? undefined : machineAmountToMinor(sum, currency);
};

/** The booked entries of a statement; pending and information entries become problems. */
function readEntries(
  stmt: XmlElement,
  doc: XmlDocument,
  currency: string,
): ExportResult<{ transactions: ParsedTransaction[]; problems: ParseProblem[] }> {
  const problems: ParseProblem[] = [];
  const transactions: ParsedTransaction[] = [];
  for (const entry of children(stmt, 'Ntry')) {
    const line = doc.lineOf(entry);
    const status = textAt(entry, 'Sts') ?? textAt(entry, 'Sts', 'Cd');
    if (status !== undefined && status !== 'BOOK') {
      const message = `line ${line ?? '?'}: ${status} entry skipped`;
      problems.push({ code: 'ENTRY_NOT_BOOKED', message, source: { line } });
      continue;
    }
    const transaction = readEntry(entry, currency, line);
    if (typeof transaction === 'string') return fail(ExportErrorCode.malformed, transaction, line);
    transactions.push(transaction);
  }
  return ok({ transactions, problems });
}

function readStatement(
  stmt: XmlElement,
  doc: XmlDocument,
  options: FormatOptions,
): ExportResult<ParsedStatement> {
  const account = child(stmt, 'Acct');
  const currency = (
    textAt(account, 'Ccy') ??
    attrAt(child(stmt, 'Bal'), 'Ccy', 'Amt') ??
    options.currency ??
    DEFAULT_CURRENCY
  ).toUpperCase();
  const entries = readEntries(stmt, doc, currency);
  if (!entries.ok) return entries;
  const { transactions, problems } = entries.value;
  const opening = balanceOf(stmt, ['OPBD', 'PRCD'], currency);
  const closing = balanceOf(stmt, ['CLBD'], currency);
  for (const [name, balance] of [
    ['opening (OPBD)', opening],
    ['closing (CLBD)', closing],
  ] as const) {
    if (balance && !balance.amount) {
      const line = doc.lineOf(balance.balance);
      return fail(ExportErrorCode.malformed, `line ${line ?? '?'}: the ${name} <Bal> is unreadable`, line);
    }
    if (!balance) problems.push({ code: 'BALANCE_ABSENT', message: `the statement has no ${name} balance` });
  }
  const credits = totalOf(stmt, 'TtlCdtNtries', currency);
  const debits = totalOf(stmt, 'TtlDbtNtries', currency);
  return ok({
    format: 'camt053',
    bankSource: 'generic',
    bankName: textAt(account, 'Svcr', 'FinInstnId', 'Nm') ?? textAt(account, 'Svcr', 'FinInstnId', 'BIC'),
    accountNumber: textAt(account, 'Id', 'IBAN') ?? textAt(account, 'Id', 'Othr', 'Id'),
    accountName: textAt(account, 'Nm'),
    accountKind: options.accountKind ?? 'asset',
    currency,
    periodStart: textAt(stmt, 'FrToDt', 'FrDtTm')?.slice(0, 10) ?? opening?.date,
    periodEnd: textAt(stmt, 'FrToDt', 'ToDtTm')?.slice(0, 10) ?? closing?.date,
    openingBalanceMinor: opening?.amount?.minor,
    closingBalanceMinor: closing?.amount?.minor,
    printedTotals:
      credits === undefined && debits === undefined
        ? undefined
        : { creditsMinor: credits, debitsMinor: debits },
    transactions,
    problems,
  });
}

export function parseCamt053(bytes: Uint8Array, options: FormatOptions = {}): StatementsResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseXml(decoded.value.text);
  if (!parsed.ok) return parsed;
  const statementRoot = child(parsed.value.root, 'Document', 'BkToCstmrStmt');
  const reportRoot = child(parsed.value.root, 'Document', 'BkToCstmrAcctRpt');
  if (!statementRoot && !reportRoot)
    return fail(
      ExportErrorCode.malformed,
      'not a CAMT.053 or CAMT.052 document: no <Document><BkToCstmrStmt> or <BkToCstmrAcctRpt>',
    );
  const statements: ParsedStatement[] = [];
  for (const stmt of statementRoot ? children(statementRoot, 'Stmt') : children(reportRoot, 'Rpt')) {
    const statement = readStatement(stmt, parsed.value, options);
    if (!statement.ok) return statement;
    statements.push(statement.value);
  }
  if (statements.length === 0)
    return fail(ExportErrorCode.noTransactions, 'the document holds no <Stmt> (or <Rpt>)');
  return ok(statements);
}
