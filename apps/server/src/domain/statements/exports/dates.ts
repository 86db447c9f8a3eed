/**
 * Compact `YYYYMMDD` dates (OFX, ING and other CSV exports), which ../date-text.ts does not read because
 * printed statements never use them. Everything else about dates lives there.
 */
import { isoDate } from '../date-text.js';

/** `20240131`, and with `prefix` also `20240131120000[-5:EST]` → `2024-01-31`; undefined otherwise. */
export function compactDate(text: string, prefix = false): string | undefined {
  const match = (prefix ? /^(\d{4})(\d{2})(\d{2})/ : /^(\d{4})(\d{2})(\d{2})$/).exec(text.trim());
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}
