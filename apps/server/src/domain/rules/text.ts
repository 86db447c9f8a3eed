/**
 * The one text normalization that rule matching uses, applied to a transaction's description once and to
 * every literal in a rule once at compile time, so all comparisons are plain string operations.
 */

const WHITESPACE_RUN = /\s+/g;

/**
 * Trims, collapses every whitespace run to one space and lower-cases. It also maps U+017F (long s) to
 * "s": RE2's case folding treats ſ as a form of s but `toLowerCase` leaves it alone, and the regex
 * prefilter (regex-literals.ts) relies on "a case-insensitive match of `s` is a literal `s` here".
 * (The only other non-ASCII character that folds to ASCII, U+212A Kelvin sign, lower-cases to "k".)
 */
export function normalizeText(text: string): string {
  const lowered = text.replace(WHITESPACE_RUN, ' ').trim().toLowerCase();
  return lowered.includes('\u017f') ? lowered.replaceAll('\u017f', 's') : lowered;
}
