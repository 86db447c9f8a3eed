import { type DecimalSeparator, type ParsedAmount, parseAmount } from '../amount-text.js';
import { type DateShape, readDateShape } from '../date-text.js';
import type { Word } from './lines.js';

export type Token =
  | { kind: 'date'; text: string; x0: number; x1: number; shape: DateShape }
  | { kind: 'amount'; text: string; x0: number; x1: number; amount: ParsedAmount }
  | { kind: 'text'; text: string; x0: number; x1: number };

export interface NumberFormat {
  decimalSeparator: DecimalSeparator;
  currency: string;
  /** Whether `1 234.56` is one amount: only when the statement groups thousands with spaces. */
  spaceGrouping: boolean;
}

// A date is at most three words ("1 May 2026"); an amount at most five ("R 1 234 567,89 CR").
const MAX_DATE_WORDS = 3;
const MAX_AMOUNT_WORDS = 5;
// Words further apart than this (in font sizes) sit in different cells and are never joined into one
// token; a space is ~0.28 em, and estimated positions inside one item blur that up to ~0.6 em.
const JOIN_GAP_EM = 0.9;

/** Tokens of a line, computed once per parse (the table and the facts scan read the same lines). */
export type LineTokens = (line: { words: readonly Word[] }) => Token[];

export function lineTokenizer(format: NumberFormat): LineTokens {
  const cache = new WeakMap<object, Token[]>();
  return (line) => {
    let tokens = cache.get(line);
    if (!tokens) {
      tokens = tokenize(line.words, format);
      cache.set(line, tokens);
    }
    return tokens;
  };
}

/**
 * Splits a line's words into date, amount and text tokens, longest match first, dates before amounts
 * (so `05 01 1,000.00` is a date and an amount, not `01 1,000.00`).
 */
export function tokenize(words: readonly Word[], format: NumberFormat): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < words.length) {
    const token = matchAt(words, i, format);
    tokens.push(token.token);
    i += token.length;
  }
  return tokens;
}

function matchAt(
  words: readonly Word[],
  start: number,
  format: NumberFormat,
): { token: Token; length: number } {
  const first = words[start]!;
  const limit = joinableRun(words, start, MAX_AMOUNT_WORDS);
  for (let length = Math.min(MAX_DATE_WORDS, limit); length >= 1; length -= 1) {
    const text = joinWords(words, start, length);
    const shape = readDateShape(text);
    // "25.08" without a year is an amount, not 25 August.
    const amountLike = shape?.kind === 'numeric' && shape.year === undefined && text.includes('.');
    if (shape && !amountLike)
      return { token: { kind: 'date', text, ...span(words, start, length), shape }, length };
  }
  for (let length = limit; length >= 1; length -= 1) {
    const text = joinWords(words, start, length);
    if (length > 1 && !format.spaceGrouping && !/^(?:[^\d\s]+ )?\S+(?: (?:CR|DR|Cr|Dr|cr|dr))?$/.test(text)) {
      continue;
    }
    const amount = parseAmount(text, format);
    if (amount) return { token: { kind: 'amount', text, ...span(words, start, length), amount }, length };
  }
  return { token: { kind: 'text', text: first.text, x0: first.x0, x1: first.x1 }, length: 1 };
}

/** How many words from `start` are close enough to belong to one token (at most `max`). */
function joinableRun(words: readonly Word[], start: number, max: number): number {
  let length = 1;
  while (length < max) {
    const next = words[start + length];
    if (!next || next.gap > JOIN_GAP_EM * next.fontSize) break;
    length += 1;
  }
  return length;
}

const joinWords = (words: readonly Word[], start: number, length: number): string =>
  words
    .slice(start, start + length)
    .map((word) => word.text)
    .join(' ');

const span = (words: readonly Word[], start: number, length: number) => ({
  x0: words[start]!.x0,
  x1: words[start + length - 1]!.x1,
});
