/**
 * Cell text safety. Spreadsheet programs treat a field that starts with one of these characters as a
 * formula when they import CSV (OWASP "CSV Injection"): "=HYPERLINK(...)", "@SUM(1)", "+1+cmd|..." and
 * "-2+3" all run. Tab and carriage return are on the list because Excel skips them before looking.
 */
const FORMULA_TRIGGERS = /^[=+\-@\t\r]/;

/** Excel refuses (asks to "repair") a cell longer than this many characters. */
export const MAX_CELL_TEXT = 32_767;

/** U+FFFE and U+FFFF are not XML characters; one in a sheet makes the whole file unreadable. */
const NON_XML_CHARACTERS = /[\uFFFE\uFFFF]/g;

export const startsLikeFormula = (text: string): boolean => FORMULA_TRIGGERS.test(text);

/**
 * Text for an xlsx string cell. The writer always stores text as a string cell, never a formula, so
 * "=1+1" stays inert without the quote prefix CSV needs; this only keeps the file valid. (exceljs
 * already drops the C0 control characters that XML 1.0 forbids.)
 */
export function sheetText(text: string): string {
  const valid = text.replace(NON_XML_CHARACTERS, '');
  return valid.length > MAX_CELL_TEXT ? valid.slice(0, MAX_CELL_TEXT) : valid;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV text field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A
 * field that starts like a formula gets a leading apostrophe and is always quoted (OWASP's advice), so
 * Excel and LibreOffice show it as text: "=1+1" → "'=1+1" in quotes.
 */
export function csvText(text: string): string {
  if (startsLikeFormula(text)) return `"'${text.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
