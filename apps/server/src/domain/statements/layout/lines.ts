import type { DocumentText, TextItem } from '../../document-text.js';

/** One whitespace-separated word with its horizontal extent and the gap to the word before it. */
export interface Word {
  text: string;
  x0: number;
  x1: number;
  /** Horizontal space before this word on its line; Infinity for the first word. */
  gap: number;
  fontSize: number;
  /** OCR confidence 0–100 (the lowest of the pieces that made the word); absent for a text layer. */
  confidence?: number | undefined;
}

/** Items that share a baseline, left to right. */
export interface Line {
  page: number;
  /** Top of the line, top-left origin. */
  y: number;
  height: number;
  /** How many PDF text items made the line: one item per line means positions inside it are estimates. */
  itemCount: number;
  words: Word[];
  text: string;
}

/**
 * Groups a document's items into lines. Items whose baselines lie within 40 % of the font size of each
 * other share a line (superscripts and mixed font sizes still fall on their row; the next row of a table
 * is at least ~110 % of the font size away).
 */
export function buildLines(doc: DocumentText): Line[] {
  const lines: Line[] = [];
  for (const page of doc.pages) {
    const items = page.items
      .map((item) => ({ item, baseline: item.y + (item.fontSize ?? item.height) }))
      .sort((a, b) => a.baseline - b.baseline || a.item.x - b.item.x);
    let group: TextItem[] = [];
    let groupBaseline = Number.NEGATIVE_INFINITY;
    for (const { item, baseline } of items) {
      const size = item.fontSize ?? item.height;
      if (group.length > 0 && Math.abs(baseline - groupBaseline) > 0.4 * size) {
        lines.push(toLine(page.pageNumber, group));
        group = [];
      }
      if (group.length === 0) groupBaseline = baseline;
      group.push(item);
    }
    if (group.length > 0) lines.push(toLine(page.pageNumber, group));
  }
  return lines;
}

function toLine(page: number, items: TextItem[]): Line {
  items.sort((a, b) => a.x - b.x);
  const words: Word[] = [];
  let previousEnd = Number.NEGATIVE_INFINITY;
  let previousText = ' ';
  for (const item of items) {
    const fontSize = item.fontSize ?? item.height;
    // Positions inside an item are estimated from character counts (pdf.js gives only the item's width).
    const charWidth = item.text.length > 0 ? item.width / item.text.length : 0;
    for (const match of item.text.matchAll(/\S+/g)) {
      const x0 = item.x + (match.index ?? 0) * charWidth;
      const x1 = x0 + match[0].length * charWidth;
      const last = words.at(-1);
      // Some producers place every glyph or syllable separately; pieces that touch are one word.
      if (last && match.index === 0 && x0 - previousEnd < 0.1 * fontSize && !/\s$/.test(previousText)) {
        last.text += match[0];
        last.x1 = x1;
        if (item.confidence !== undefined)
          last.confidence = Math.min(last.confidence ?? item.confidence, item.confidence);
      } else {
        words.push({ text: match[0], x0, x1, gap: x0 - previousEnd, fontSize, confidence: item.confidence });
      }
      previousEnd = x1;
    }
    previousText = item.text;
  }
  return {
    page,
    y: Math.min(...items.map((item) => item.y)),
    height: Math.max(...items.map((item) => item.fontSize ?? item.height)),
    itemCount: items.length,
    words,
    text: words.map((word) => word.text).join(' '),
  };
}
