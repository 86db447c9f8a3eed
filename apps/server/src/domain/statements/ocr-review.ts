import type { DocumentText } from '../document-text.js';
import { looksLikeAmount } from './amount-text.js';
import { buildLines } from './layout/lines.js';
import type { ParsedStatement } from './model.js';

/**
 * Below this OCR confidence an amount is worth a person's look. Clean figures read 90–96; a digit that
 * noise or a fold changed typically reads under 60 (measured on the generated scans, see issue 17).
 */
export const LOW_CONFIDENCE = 70;

/** How many lines one row may span (a wrapped description); the figures sit on its first or last. */
const MAX_ROW_LINES = 4;

/**
 * Rows of an OCR-read statement whose figures (amount, balance) were read with low confidence, as row
 * indexes, each with a problem `OCR_LOW_CONFIDENCE` added to the statement (so it is saved and shown).
 * Nothing is changed or dropped: reconciliation still decides whether the figures are right; this only
 * says where a misread would most likely be. A text layer's rows are never flagged.
 */
export function flagLowConfidenceRows(
  doc: DocumentText,
  statement: ParsedStatement,
  threshold = LOW_CONFIDENCE,
): number[] {
  if (!doc.ocr) return [];
  const lines = buildLines(doc);
  const flagged: number[] = [];
  statement.transactions.forEach((row, index) => {
    const first = row.source?.line;
    if (first === undefined) return;
    const next = statement.transactions[index + 1]?.source?.line;
    const last = Math.min(next !== undefined && next > first ? next : first + 1, first + MAX_ROW_LINES);
    let lowest: { text: string; confidence: number } | undefined;
    for (let at = first; at < last; at += 1) {
      const line = lines[at];
      if (!line || line.page !== row.source?.page) break;
      for (const word of line.words) {
        if (word.confidence === undefined || word.confidence >= threshold) continue;
        if (!/\d/.test(word.text) || !looksLikeAmount(word.text, statement.currency)) continue;
        if (!lowest || word.confidence < lowest.confidence)
          lowest = { text: word.text, confidence: word.confidence };
      }
    }
    if (!lowest) return;
    flagged.push(index);
    statement.problems.push({
      code: 'OCR_LOW_CONFIDENCE',
      message: `Row ${index + 1} (${row.date}, ${row.description}): "${lowest.text}" was read by OCR with ${Math.round(lowest.confidence)} % confidence; check it against the scan.`,
      source: row.source,
    });
  });
  return flagged;
}
