import type { RawRow, TableEvent, TextEvent } from './table.js';

// Lines of one row are at most ~1.5 line heights apart; 1.9 leaves room for loose leading without
// reaching a footer or the next block (≥ 2.5 line heights away on the layouts we know).
const ROW_GAP = 1.9;

/**
 * Gives each block of description-only lines to the row above (the figures sit on the first line of a
 * wrapped description) or the row below (they sit on the last line). Which one is decided once per
 * statement: a block with a row only below it (right under a header or an opening balance) proves
 * "below"; a block with a row only above it (before a closing balance or a page foot) proves "above".
 */
export function attachText(events: TableEvent[]): TableEvent[] {
  const blocks = findBlocks(events);
  let below = 0;
  let above = 0;
  for (const block of blocks) {
    if (block.next && !block.previous) below += 1;
    if (block.previous && !block.next) above += 1;
  }
  const preferBelow = below > above;
  for (const { lines, previous, next } of blocks) {
    const words = lines.flatMap((line) => line.words);
    const text = lines.map((line) => line.text).join('\n');
    const target = preferBelow ? (next ?? previous) : (previous ?? next);
    if (!target) continue;
    if (target === next) {
      target.description.unshift(...words);
      target.text = `${text}\n${target.text}`;
    } else {
      target.description.push(...words);
      target.text += `\n${text}`;
    }
  }
  return events.filter((event) => event.type !== 'text');
}

interface Block {
  lines: TextEvent[];
  /** The row right above the block, when it touches it. */
  previous?: RawRow | undefined;
  /** The row right below the block, when it touches it. */
  next?: RawRow | undefined;
}

function findBlocks(events: TableEvent[]): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < events.length) {
    const event = events[index]!;
    if (event.type !== 'text') {
      index += 1;
      continue;
    }
    const start = index;
    const lines: TextEvent[] = [];
    while (events[index]?.type === 'text') {
      const line = events[index] as TextEvent;
      const last = lines.at(-1);
      if (last && (line.page !== last.page || line.y - last.y > ROW_GAP * line.height)) break;
      lines.push(line);
      index += 1;
    }
    const first = lines[0]!;
    const last = lines.at(-1)!;
    const before = events[start - 1];
    const after = events[index];
    // Touching means just above or just below: the right half of a two-column page comes after the left
    // in the events, but its rows may stand higher on the page than the left half's last lines.
    const touches = (gap: number, height: number) => gap >= 0 && gap <= ROW_GAP * height;
    const previous =
      before?.type === 'row' &&
      before.row.page === first.page &&
      touches(first.y - before.row.lastY, first.height)
        ? before.row
        : undefined;
    const next =
      after?.type === 'row' && after.row.page === last.page && touches(after.row.y - last.y, last.height)
        ? after.row
        : undefined;
    blocks.push({ lines, previous, next });
  }
  return blocks;
}
