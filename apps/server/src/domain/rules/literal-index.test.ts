import { describe, expect, it } from 'vitest';
import { buildLiteralIndex } from './literal-index.js';
import { normalizeText } from './text.js';
import { seeded } from '../../../test/generators/random.js';

const found = (literals: string[], text: string): string[] => {
  const marks = new Uint32Array(literals.length);
  const ids: number[] = [];
  buildLiteralIndex(literals).scan(text, marks, 7, ids);
  const marked = literals.filter((_, id) => marks[id] === 7);
  expect(ids.map((id) => literals[id]).sort()).toEqual([...marked].sort());
  return marked;
};

describe('buildLiteralIndex', () => {
  it('finds overlapping and nested literals in one pass', () => {
    expect(found(['he', 'she', 'his', 'hers', 'x'], 'ushers')).toEqual(['he', 'she', 'hers']);
  });

  it('handles characters outside the literals and outside ASCII', () => {
    expect(found(['café', 'naïve', 'zz'], 'le café est naïf')).toEqual(['café']);
  });

  it('agrees with String.includes on random literals and texts', () => {
    const next = seeded(3).below;
    const word = (length: number) => Array.from({ length }, () => 'abcé '[next(5)]).join('');
    for (let round = 0; round < 200; round++) {
      const literals = [...new Set(Array.from({ length: 1 + next(12) }, () => word(1 + next(4))))];
      const text = word(next(30));
      expect(found(literals, text)).toEqual(literals.filter((literal) => text.includes(literal)));
    }
  });

  it('leaves marks of other stamps alone', () => {
    const index = buildLiteralIndex(['uber', 'bolt']);
    const marks = new Uint32Array(2);
    const found: number[] = [];
    index.scan(normalizeText('UBER trip uber'), marks, 1, found);
    index.scan(normalizeText('Bolt ride'), marks, 2, found);
    expect([...marks]).toEqual([1, 2]);
    expect(found).toEqual([0, 1]);
  });
});
