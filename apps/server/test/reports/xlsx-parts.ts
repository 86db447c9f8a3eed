/**
 * A second xlsx reader, independent of exceljs: unzips the file with yauzl and parses its XML parts
 * with fast-xml-parser, so tests can check what is really stored (cell types, formulas, styles).
 */
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';

/** Every part of the zip as text, by name (e.g. `xl/workbook.xml`). */
export function readZipParts(path: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const parts = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (readError, stream) => {
          if (readError) return reject(readError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(parts));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

export interface RawCell {
  ref: string;
  /** The `t` attribute: `str`, `s`, `inlineStr`, `b`, `e`, or undefined for a number. */
  type: string | undefined;
  styleId: number;
  value: string | undefined;
  formula: string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['row', 'c', 'sheet', 'Relationship', 'xf', 'numFmt'].includes(name),
});

type Xml = Record<string, unknown>;
const node = (value: unknown): Xml => (value ?? {}) as Xml;
const list = (value: unknown): Xml[] => (Array.isArray(value) ? (value as Xml[]) : []);
/** An element's or attribute's text; an element with attributes comes back from the parser as an object. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object') return text(node(value)['#text']) ?? '';
  return undefined;
}

function part(parts: Map<string, string>, name: string): Xml {
  const xml = parts.get(name);
  if (xml === undefined) throw new Error(`no ${name} in the zip`);
  return parser.parse(xml) as Xml;
}

/** Sheet names in tab order, each with the zip part that holds it. */
export function sheetParts(parts: Map<string, string>): { name: string; part: string }[] {
  const sheets = list(node(node(part(parts, 'xl/workbook.xml')['workbook'])['sheets'])['sheet']);
  const rels = list(node(part(parts, 'xl/_rels/workbook.xml.rels')['Relationships'])['Relationship']);
  return sheets.map((sheet) => {
    const target = rels.find((rel) => rel['Id'] === sheet['r:id'])?.['Target'];
    return { name: text(sheet['name']) ?? '', part: `xl/${text(target) ?? ''}` };
  });
}

/** Every cell of a sheet part, row by row. */
export function sheetCells(parts: Map<string, string>, partName: string): RawCell[][] {
  const worksheet = node(part(parts, partName)['worksheet']);
  return list(node(worksheet['sheetData'])['row']).map((row) =>
    list(row['c']).map((cell) => ({
      ref: text(cell['r']) ?? '',
      type: text(cell['t']),
      styleId: Number(text(cell['s']) ?? 0),
      value: text(cell['v']),
      formula: text(cell['f']),
    })),
  );
}

/** The number format code a style id (a cell's `s`) applies. */
export function numberFormat(parts: Map<string, string>, styleId: number): string | undefined {
  const styleSheet = node(part(parts, 'xl/styles.xml')['styleSheet']);
  const xf = list(node(styleSheet['cellXfs'])['xf'])[styleId];
  const formats = list(node(styleSheet['numFmts'])['numFmt']);
  return text(formats.find((format) => format['numFmtId'] === xf?.['numFmtId'])?.['formatCode']);
}
