import { describe, expect, it } from 'vitest';
import type { DocumentText, PageText } from '../document-text.js';
import { flagLowConfidenceRows } from './ocr-review.js';
import { parseStatementText } from './parse-statement.js';

/** OCR words as the OCR adapter gives them: one item per word, each with its confidence. */
function page(lines: [number, string, number][][]): PageText {
  const items = lines.flatMap((cells, row) =>
    cells.map(([x, text, confidence]) => ({
      text,
      x,
      y: 100 + row * 12,
      width: text.length * 4.4,
      height: 8,
      fontSize: 8,
      confidence,
    })),
  );
  return { pageNumber: 1, width: 595, height: 842, items };
}

const statement = (amountConfidence: number): DocumentText => ({
  metadata: {},
  ocr: { pages: [{ pageNumber: 1, confidence: 90, wordCount: 20 }], meanConfidence: 90 },
  pages: [
    page([
      [
        [40, 'Date', 96],
        [110, 'Description', 96],
        [380, 'Amount', 96],
        [470, 'Balance', 96],
      ],
      [
        [110, 'Opening', 96],
        [150, 'balance', 96],
        [470, '10.00', 96],
      ],
      [
        [40, '03/04/2026', 95],
        [110, 'Coffee', 93],
        [380, '-1.00', 94],
        [470, '9.00', 95],
      ],
      [
        [40, '04/04/2026', 95],
        [110, 'Rent', 91],
        [380, '-1.00', amountConfidence],
        [470, '8.00', 96],
      ],
      [
        [110, 'Closing', 96],
        [150, 'balance', 96],
        [470, '8.00', 96],
      ],
    ]),
  ],
});

describe('flagLowConfidenceRows', () => {
  it('flags the rows whose figures OCR read with low confidence, with a problem naming the figure', () => {
    const doc = statement(41);
    const result = parseStatementText(doc);
    if ('error' in result) throw new Error(result.error.message);
    expect(flagLowConfidenceRows(doc, result.statement)).toEqual([1]);
    expect(result.statement.problems).toContainEqual(
      expect.objectContaining({
        code: 'OCR_LOW_CONFIDENCE',
        message: expect.stringContaining('"-1.00" was read by OCR with 41 % confidence') as string,
      }),
    );
  });

  it('flags nothing when every figure reads clearly, or when no page was read by OCR', () => {
    const clear = statement(92);
    const parsed = parseStatementText(clear);
    if ('error' in parsed) throw new Error(parsed.error.message);
    expect(flagLowConfidenceRows(clear, parsed.statement)).toEqual([]);

    const typed = { ...statement(10), ocr: undefined };
    const fromText = parseStatementText(typed);
    if ('error' in fromText) throw new Error(fromText.error.message);
    expect(flagLowConfidenceRows(typed, fromText.statement)).toEqual([]);
    expect(fromText.statement.problems.map((p) => p.code)).not.toContain('OCR_LOW_CONFIDENCE');
  });
});
