import { type ReportPeriod } from './model.js';

export const ReportFormat = { xlsx: 'xlsx', csv: 'csv' } as const;
export type ReportFormat = (typeof ReportFormat)[keyof typeof ReportFormat];

/**
 * 80 characters of title keep the whole name (title + two dates + extension, about 105) under the
 * 255-byte file-name limit of every common file system, with room for a browser's " (1)" suffix.
 */
const MAX_TITLE_LENGTH = 80;
/** Device names Windows refuses as a file's base name, whatever the extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Letters and digits survive (accents dropped: "Café" → "Cafe"); every other run becomes one "-". */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A report's download name: ASCII letters, digits, "-", "_" and one ".", so it is safe in any file system
 * and in a `Content-Disposition` header without encoding. "Q1 Ünternehmen/Ausgaben" for 2024-01-01 to
 * 2024-03-31 as xlsx → "Q1-Unternehmen-Ausgaben_2024-01-01_2024-03-31.xlsx".
 */
export function reportFileName(title: string, period: ReportPeriod | null, format: ReportFormat): string {
  let base = asciiSlug(title).slice(0, MAX_TITLE_LENGTH).replace(/-+$/, '') || 'report';
  if (WINDOWS_RESERVED.test(base)) base = `report-${base}`;
  const dates = period ? [asciiSlug(period.from), asciiSlug(period.to)].filter((d) => d !== '') : [];
  const span = dates[0] === dates[1] ? dates.slice(0, 1) : dates;
  return `${[base, ...span].join('_')}.${format}`;
}
