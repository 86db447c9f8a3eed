/**
 * Statement parsing core: positioned text (domain/document-text.ts) → ParsedStatement, and its proof.
 *
 *   parseStatementText(doc, { bankHint?, accountKind?, currency? })
 *     → { statement, statements: ParsedStatement[] }
 *       | { error: { code: 'STATEMENT_LAYOUT_UNKNOWN' | 'NOT_A_STATEMENT', message } }
 *     `statements` has one entry per account (a combined statement prints several, each closing before the
 *     next opens); `statement` is the first. Where readings compete (the table under the most repeated
 *     header or the rows that lead with a date; split into accounts or not; asset or liability) the one
 *     whose printed balances prove more rows wins. Tables printed newest first are read in date order.
 *   reconcile(statement) → ReconciliationResult: every printed balance (opening, page, row, day, closing) is
 *     an anchor; rows are proven only between two anchors that agree (liability: balance − Σ); rows outside
 *     any two are UNPROVEN_ROWS; printed and section totals are checked; every issue lists the row indexes.
 *
 * The parser never judges: a statement whose amounts and balances disagree parses, and `reconcile` says
 * so. A strict import refuses `reconciled: false`. Account kind, when not given, comes from wording and is
 * switched when the balances prove more rows under the other kind (problem ACCOUNT_KIND_FROM_BALANCES).
 *
 * flagLowConfidenceRows(doc, statement) → row indexes whose figures OCR read with low confidence (each
 *   also an OCR_LOW_CONFIDENCE problem); only for documents with `doc.ocr`.
 *
 * Text helpers for other importers: parseAmount / detectDecimalSeparator (amount-text.ts) and
 * readDateShape / decideDayMonthOrder / inferYear / parseDateText (date-text.ts).
 */
export {
  parseStatementText,
  type ParseStatementOptions,
  type ParseStatementResult,
} from './parse-statement.js';
export { reconcile } from './reconcile.js';
export { flagLowConfidenceRows, LOW_CONFIDENCE } from './ocr-review.js';
export { BANK_PROFILES, detectBank, type BankProfile } from './profiles.js';
export {
  AmountSignMark,
  detectDecimalSeparator,
  looksLikeAmount,
  parseAmount,
  type DecimalSeparator,
  type ParsedAmount,
} from './amount-text.js';
export {
  DayMonthOrder,
  decideDayMonthOrder,
  inferYear,
  isoDate,
  parseDateText,
  readDateShape,
  resolveDate,
  type DateShape,
  type Period,
} from './date-text.js';
export type * from './model.js';
