/**
 * XML for OFX 2.x and CAMT.053, parsed safely with fast-xml-parser.
 *
 * Bank exports never need a DTD, so any `<!DOCTYPE` or `<!ENTITY` is refused before parsing: that closes
 * entity expansion (billion laughs) and external entities whatever the parser would do. The parser is also
 * configured not to process entities at all (`processEntities: false`, verified by the billion-laughs
 * test), and text is decoded here with only the five predefined entities and character references.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ExportErrorCode, fail, ok, type ExportResult } from './result.js';

export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [name: string]: XmlValue;
}

/** CAMT nests about 12 deep (Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/RltdPties/Cdtr/Pty/Nm). */
const MAX_DEPTH = 40;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes `&amp;`-style predefined entities and `&#233;`/`&#xE9;`; any other `&name;` stays literal. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** The parser configuration, exported so the test can prove it expands nothing even without the DTD check. */
export const SAFE_XML_OPTIONS = {
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
  captureMetaData: true,
  tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
  attributeValueProcessor: (_name: string, value: string) => decodeXmlText(value),
} as const;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

export interface XmlDocument {
  root: XmlElement;
  /** The 1-based line where an element (not a text leaf) starts, for problem messages. */
  lineOf: (element: XmlElement) => number | undefined;
}

// Typed as the `Symbol` wrapper object upstream; at run time it is a plain symbol.
const META = XMLParser.getMetaDataSymbol() as symbol;

/** Line lookup by binary search over line starts: a 100k-entry file asks 100k times. */
function lineLocator(text: string): XmlDocument['lineOf'] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (element) => {
    const meta = (element as unknown as Record<symbol, { startIndex?: number } | undefined>)[META];
    const index = meta?.startIndex;
    if (index === undefined) return undefined;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/** EXPORT_XML_UNSAFE for any DTD or entity declaration in the text, else undefined. */
export function refuseDtd(text: string): ExportResult<never> | undefined {
  const dtd = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (!dtd) return undefined;
  const line = lineOf(text, dtd.index);
  return fail(
    ExportErrorCode.xmlUnsafe,
    `line ${line}: <!${dtd[1]}> declarations are refused (entity expansion)`,
    line,
  );
}

/** Parses a document into plain objects; element names lose their namespace prefixes. */
export function parseXml(text: string): ExportResult<XmlDocument> {
  const refused = refuseDtd(text);
  if (refused) return refused;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, msg } = valid.err;
    return fail(ExportErrorCode.malformed, `line ${line}: ${msg}`, line);
  }
  try {
    const root = new XMLParser(SAFE_XML_OPTIONS).parse(text) as XmlElement;
    return ok({ root, lineOf: lineLocator(text) });
  } catch (error) {
    // The parser throws on depth and name limits the validator does not check.
    return fail(ExportErrorCode.malformed, `XML refused: ${(error as Error).message}`);
  }
}

const isElement = (value: XmlValue | undefined): value is XmlElement =>
  typeof value === 'object' && !Array.isArray(value);

/** All children called `name` (a single child and a repeated one read alike). */
export function children(node: XmlElement | undefined, name: string): XmlElement[] {
  const value = node?.[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'string' ? { '#text': item } : isElement(item) ? item : {}));
}

/** The first child called `name`, following a path of names. */
export function child(node: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = node;
  for (const name of path) current = children(current, name)[0];
  return current;
}

/** The text of the element at `path`, or undefined when absent or empty. */
export function textAt(node: XmlElement | undefined, ...path: string[]): string | undefined {
  const element = child(node, ...path);
  const value = element?.['#text'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An attribute of the element at `path`. */
export function attrAt(node: XmlElement | undefined, attr: string, ...path: string[]): string | undefined {
  const value = child(node, ...path)?.[`@${attr}`];
  return typeof value === 'string' ? value : undefined;
}
