/**
 * Which CSV column holds what: from header names in the languages of the banks we see (English,
 * Afrikaans, Dutch, German, French, Spanish), checked and completed from the cells themselves.
 */
import { looksLikeAmount } from '../amount-text.js';
import { readDateShape } from '../date-text.js';
import { compactDate } from './dates.js';

export const CsvRole = {
  date: 'date',
  valueDate: 'valueDate',
  description: 'description',
  amount: 'amount',
  debit: 'debit',
  credit: 'credit',
  /** A column saying which way the (unsigned) amount goes: `D`/`C`, `Af`/`Bij`, `Debit`/`Credit`. */
  direction: 'direction',
  balance: 'balance',
  reference: 'reference',
  currency: 'currency',
} as const;
export type CsvRole = (typeof CsvRole)[keyof typeof CsvRole];

/** Column indexes (0-based) per role; description may combine several columns (payee + memo). */
export interface CsvMapping {
  date?: number | undefined;
  valueDate?: number | undefined;
  description: number[];
  amount?: number | undefined;
  debit?: number | undefined;
  credit?: number | undefined;
  direction?: number | undefined;
  balance?: number | undefined;
  reference?: number | undefined;
  currency?: number | undefined;
}

const SYNONYMS: Record<CsvRole, string[]> = {
  date: [
    'date',
    'transaction date',
    'trans date',
    'txn date',
    'posting date',
    'posted date',
    'post date',
    'booking date',
    'entry date',
    'buchungstag',
    'buchungsdatum',
    'datum',
    'date operation',
    'date de l operation',
    'fecha',
    'fecha operacion',
    'transaksiedatum',
  ],
  valueDate: [
    'value date',
    'valuta',
    'valutadatum',
    'wertstellung',
    'date valeur',
    'date de valeur',
    'fecha valor',
    'effective date',
  ],
  description: [
    'description',
    'details',
    'transaction details',
    'transaction description',
    'narrative',
    'memo',
    'payee',
    'payee name',
    'name',
    'beneficiary',
    'particulars',
    'text',
    'remarks',
    'merchant',
    'counterparty',
    'verwendungszweck',
    'buchungstext',
    'begunstigter zahlungspflichtiger',
    'auftraggeber empfanger',
    'empfanger',
    'auftraggeber',
    'omschrijving',
    'naam omschrijving',
    'mededelingen',
    'libelle',
    'concepto',
    'beskrywing',
  ],
  amount: [
    'amount',
    'amt',
    'transaction amount',
    'betrag',
    'umsatz',
    'bedrag',
    'montant',
    'importe',
    'bedrag eur',
  ],
  debit: [
    'debit',
    'debits',
    'debit amount',
    'withdrawal',
    'withdrawals',
    'money out',
    'paid out',
    'soll',
    'debet',
    'montant debit',
    'cargo',
    'uitgaven',
  ],
  credit: [
    'credit',
    'credits',
    'credit amount',
    'deposit',
    'deposits',
    'money in',
    'paid in',
    'haben',
    'montant credit',
    'abono',
    'inkomsten',
  ],
  direction: [
    'af bij',
    'debit credit',
    'credit debit',
    'dr cr',
    'cr dr',
    'd c',
    'c d',
    'soll haben',
    'debit credit indicator',
  ],
  balance: ['balance', 'running balance', 'account balance', 'saldo', 'solde', 'balans'],
  reference: [
    'reference',
    'ref',
    'transaction id',
    'transaction reference',
    'bank reference',
    'reference number',
    'id',
    'fitid',
    'referenz',
    'kundenreferenz',
    'referentie',
    'check number',
    'cheque number',
  ],
  currency: ['currency', 'ccy', 'curr', 'wahrung', 'munt', 'devise', 'moneda'],
};

/** `Empfänger (EUR)` → `empfanger eur`: lower case, accents dropped, words only. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The role a header names: an exact synonym, else the longest synonym the header starts with (`amount zar`). */
export function roleOfHeader(header: string): CsvRole | undefined {
  const name = normalizeHeader(header);
  if (name === '') return undefined;
  let best: { role: CsvRole; length: number } | undefined;
  for (const [role, synonyms] of Object.entries(SYNONYMS) as [CsvRole, string[]][]) {
    for (const synonym of synonyms) {
      if (name === synonym) return role;
      if (name.startsWith(`${synonym} `) && synonym.length > (best?.length ?? 0))
        best = { role, length: synonym.length };
    }
  }
  return best?.role;
}

export interface ColumnProfile {
  filled: number;
  dates: number;
  amounts: number;
  averageLength: number;
}

/** What the cells of each column look like, over a sample of rows. */
export function profileColumns(rows: string[][], width: number, currency: string): ColumnProfile[] {
  return Array.from({ length: width }, (_, column) => {
    let filled = 0;
    let dates = 0;
    let amounts = 0;
    let length = 0;
    for (const row of rows) {
      const cell = row[column]?.trim() ?? '';
      if (cell === '') continue;
      filled += 1;
      length += cell.length;
      if (readDateShape(cell) || compactDate(cell)) dates += 1;
      else if (looksLikeAmount(cell, currency)) amounts += 1;
    }
    return { filled, dates, amounts, averageLength: filled === 0 ? 0 : length / filled };
  });
}

const mostly = (count: number, of: number) => of > 0 && count >= of * 0.9;

export interface MappingGuess {
  mapping: CsvMapping;
  /** Why the mapping cannot be trusted; empty when it can. */
  ambiguities: string[];
}

/** Maps header names to roles; a role claimed twice keeps its first column (descriptions combine). */
export function mappingFromHeaders(headers: string[]): MappingGuess {
  const mapping: CsvMapping = { description: [] };
  const ambiguities: string[] = [];
  headers.forEach((header, index) => {
    const role = roleOfHeader(header);
    if (role === undefined) return;
    if (role === 'description') mapping.description.push(index);
    else if (mapping[role] === undefined) mapping[role] = index;
    else if (role === 'amount' || role === 'debit' || role === 'credit' || role === 'balance') {
      ambiguities.push(`columns ${mapping[role] + 1} and ${index + 1} both look like "${role}"`);
    }
  });
  return { mapping, ambiguities };
}

/** Fills roles the headers left open (or a header-less file) from what the cells look like. */
export function completeFromContent(guess: MappingGuess, profiles: ColumnProfile[]): MappingGuess {
  const { mapping } = guess;
  const ambiguities = [...guess.ambiguities];
  const used = new Set<number>(
    [
      mapping.date,
      mapping.valueDate,
      mapping.amount,
      mapping.debit,
      mapping.credit,
      mapping.direction,
      mapping.balance,
      mapping.reference,
      mapping.currency,
      ...mapping.description,
    ].filter((index): index is number => index !== undefined),
  );
  const free = profiles.map((profile, index) => ({ profile, index })).filter(({ index }) => !used.has(index));
  if (mapping.date === undefined)
    mapping.date = free.find(({ profile }) => mostly(profile.dates, profile.filled))?.index;
  // An unsigned amount with a direction column is still an amount; two filled amount columns are amount + balance.
  const amountColumns = free.filter(
    ({ profile, index }) => index !== mapping.date && mostly(profile.amounts, profile.filled),
  );
  const hasAmount =
    mapping.amount !== undefined || (mapping.debit !== undefined && mapping.credit !== undefined);
  if (!hasAmount && amountColumns.length === 1) mapping.amount = amountColumns[0]?.index;
  else if (!hasAmount && amountColumns.length === 2 && mapping.balance === undefined) {
    [mapping.amount, mapping.balance] = [amountColumns[0]?.index, amountColumns[1]?.index];
  } else if (!hasAmount) {
    ambiguities.push(
      amountColumns.length === 0 ? 'no column holds amounts' : `${amountColumns.length} columns hold amounts`,
    );
  }
  if (mapping.description.length === 0) {
    const texts = free.filter(
      ({ index, profile }) =>
        index !== mapping.date &&
        index !== mapping.amount &&
        index !== mapping.balance &&
        profile.dates + profile.amounts < profile.filled / 2,
    );
    const longest = texts.sort((a, b) => b.profile.averageLength - a.profile.averageLength)[0];
    if (longest) mapping.description.push(longest.index);
  }
  if (mapping.date === undefined) ambiguities.push('no column holds dates');
  return { mapping, ambiguities };
}
