import type { DocumentText } from '../document-text.js';
import { DayMonthOrder } from './date-text.js';

/**
 * What the generic parser cannot learn from one statement: who issued it, and the bank's habits where a
 * statement alone is ambiguous. Layout itself (columns, signs, sections) is always learned generically.
 */
export interface BankProfile {
  id: string;
  name: string;
  /** Matched against the first page's text and the PDF metadata. */
  patterns: RegExp[];
  /** Day-month order of numeric dates when the statement's own dates cannot prove it. */
  dayMonthOrder: DayMonthOrder;
  currency: string;
}

export const BANK_PROFILES: readonly BankProfile[] = [
  {
    id: 'standard_bank',
    name: 'Standard Bank',
    patterns: [/\bstandard bank\b/i, /\bsbsa\b/i],
    // Current-account statements print "MM DD" dates ("05 02" is 2 May).
    dayMonthOrder: DayMonthOrder.monthFirst,
    currency: 'ZAR',
  },
  {
    id: 'fnb',
    name: 'FNB',
    patterns: [/\bfirst national bank\b/i, /\bfnb\b/i],
    dayMonthOrder: DayMonthOrder.dayFirst,
    currency: 'ZAR',
  },
  {
    id: 'absa',
    name: 'Absa',
    patterns: [/\babsa\b/i],
    dayMonthOrder: DayMonthOrder.dayFirst,
    currency: 'ZAR',
  },
  {
    id: 'nedbank',
    name: 'Nedbank',
    patterns: [/\bnedbank\b/i],
    dayMonthOrder: DayMonthOrder.dayFirst,
    currency: 'ZAR',
  },
  {
    id: 'capitec',
    name: 'Capitec',
    patterns: [/\bcapitec\b/i],
    dayMonthOrder: DayMonthOrder.dayFirst,
    currency: 'ZAR',
  },
];

/**
 * The profile of the bank that issued the document: a hint wins (by id or name), otherwise the first
 * profile named on page 1 or in the metadata. Page 1 only, because a transaction to another bank ("FNB
 * TRANSFER") on a later page says nothing about the issuer.
 */
export function detectBank(doc: DocumentText, hint?: string): BankProfile | undefined {
  if (hint) {
    const wanted = hint.toLowerCase().replace(/[\s-]+/g, '_');
    const byHint = BANK_PROFILES.find(
      (profile) => profile.id === wanted || profile.name.toLowerCase() === hint,
    );
    if (byHint) return byHint;
  }
  const firstPage = doc.pages[0]?.items.map((item) => item.text).join(' ') ?? '';
  const { title, author, creator, producer } = doc.metadata;
  const haystack = [firstPage, title, author, creator, producer].filter(Boolean).join(' ');
  let best: { profile: BankProfile; at: number } | undefined;
  for (const profile of BANK_PROFILES) {
    for (const pattern of profile.patterns) {
      const at = haystack.search(pattern);
      if (at >= 0 && (!best || at < best.at)) best = { profile, at };
    }
  }
  return best?.profile;
}
