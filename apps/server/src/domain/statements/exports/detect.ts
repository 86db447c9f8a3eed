/**
 * Which export format a file is, from its content first: a `.csv` that holds OFX is OFX. The file name
 * only settles text that no content rule claims (a one-column or unusual CSV).
 */
import { sniffDelimiter } from './csv-layout.js';
import { asciiPrefix } from './decode.js';
import type { ExportFormat } from './result.js';

export type DetectedFormat = ExportFormat | 'unknown';

const EXTENSIONS: Record<string, ExportFormat> = {
  csv: 'csv',
  tsv: 'csv',
  ofx: 'ofx',
  qfx: 'ofx',
  qif: 'qif',
  sta: 'mt940',
  mt940: 'mt940',
  940: 'mt940',
};

/** PDF, ZIP (xlsx), OLE (xls) and gzip signatures: files people upload by mistake. */
const BINARY_SIGNATURES = ['%PDF-', 'PK\u0003\u0004', '\u00d0\u00cf\u0011\u00e0', '\u001f\u008b'];

export function detectExportFormat(bytes: Uint8Array, fileName?: string): DetectedFormat {
  const head = asciiPrefix(bytes);
  if (BINARY_SIGNATURES.some((signature) => head.startsWith(signature))) return 'unknown';
  const text = head.replace(/^[\s\uFEFF]+/, '');
  if (/^OFXHEADER\s*:/i.test(text) || /<\?OFX\b/i.test(text) || /<OFX>/i.test(text)) return 'ofx';
  if (/^<\?xml/i.test(text) || /^<(\w+:)?Document\b/.test(text)) {
    return /<(\w+:)?BkToCstmr(?:Stmt|AcctRpt)\b|camt\.05[23]/.test(text) ? 'camt053' : 'unknown';
  }
  if (/^!(Type|Account|Option)\b/i.test(text)) return 'qif';
  if (/^\{1:/.test(text) || (/^:20:/m.test(text) && /^:(60[FM]|61|25):/m.test(text))) return 'mt940';
  const extension = EXTENSIONS[/\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase() ?? ''];
  if (looksTabular(text)) return 'csv';
  return extension ?? 'unknown';
}

/** Two or more lines split into the same number (2+) of cells by one delimiter. */
function looksTabular(text: string): boolean {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 20);
  if (lines.length < 2) return false;
  const delimiter = sniffDelimiter(lines.join('\n'));
  return lines.filter((line) => line.includes(delimiter)).length >= Math.min(lines.length, 2);
}
