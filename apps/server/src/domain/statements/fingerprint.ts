import { hash as cryptoHash } from 'node:crypto';
import type { ParsedTransaction } from './model.js';

/** Description as compared for duplicates: case, spacing and punctuation runs do not matter. */
export const normalizeDescription = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The identity of each transaction for duplicate detection across imports of one account.
 *
 * A bank-provided id (OFX FITID, CAMT AcctSvcrRef, MT940 reference) is the identity when present.
 * Otherwise it is date + amount + normalized description + the occurrence number of that combination
 * within the statement, so two genuinely identical coffees on one day on one statement are both kept
 * (#1 and #2), while a second import of the same statement — or an overlapping one that contains the same
 * day — produces the same fingerprints and adds nothing.
 */
export function fingerprintTransactions(transactions: readonly ParsedTransaction[]): string[] {
  const seen = new Map<string, number>();
  return transactions.map((row) => {
    if (row.bankReference) return `ref:${hash(row.bankReference.trim())}`;
    const base = `${row.date}|${row.amountMinor}|${normalizeDescription(row.description)}`;
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return `row:${hash(base)}#${occurrence}`;
  });
}

// One-shot hashing (crypto.hash, Node ≥ 20.12) is several times faster than createHash for short texts.
const hash = (text: string) => cryptoHash('sha256', text, 'base64url').slice(0, 32);
