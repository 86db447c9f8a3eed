import { decodeText } from '../../statements/exports/decode.js';
import { parseXml, type XmlElement } from '../../statements/exports/xml.js';
import type { Invoice } from '../model.js';
import { buildInvoice } from './build.js';
import { readCii } from './cii.js';
import { readUbl } from './ubl.js';

/**
 * An e-invoice's XML → an Invoice (source `embedded_xml`). Parsing is the bank exports' safe parser
 * (domain/statements/exports/xml.ts): any DOCTYPE or ENTITY declaration is refused before parsing, no
 * entity is expanded, nesting is capped; on top of that the bytes are capped here. An e-invoice is tens
 * of kilobytes; XRechnung may carry base64 attachments (BG-24), hence a generous cap.
 */
export const MAX_EINVOICE_XML_BYTES = 16 * 1024 * 1024;

export const EInvoiceErrorCode = {
  tooLarge: 'INVOICE_XML_TOO_LARGE',
  unsafe: 'INVOICE_XML_UNSAFE',
  malformed: 'INVOICE_XML_MALFORMED',
  encoding: 'INVOICE_XML_ENCODING_UNSUPPORTED',
  notAnInvoice: 'NOT_AN_INVOICE',
} as const;
export type EInvoiceErrorCode = (typeof EInvoiceErrorCode)[keyof typeof EInvoiceErrorCode];

export type ReadEInvoiceResult =
  | { invoice: Invoice; error?: undefined }
  | { error: { code: EInvoiceErrorCode; message: string }; invoice?: undefined };

const fail = (code: EInvoiceErrorCode, message: string): ReadEInvoiceResult => ({ error: { code, message } });

/** Whether the bytes start like XML (after a byte-order mark and white space): `<?xml` or an element. */
export function looksLikeXml(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .replace(/\0/g, '')
    .trimStart();
  return /^<(?:\?xml|[A-Za-z_][\w.:-]*[\s>/])/.test(text);
}

function rootOf(root: XmlElement): { name: string; element: XmlElement } | undefined {
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === 'object' && !Array.isArray(value)) return { name, element: value };
  }
  return undefined;
}

export function readEInvoiceXml(bytes: Uint8Array, fileName?: string): ReadEInvoiceResult {
  if (bytes.byteLength > MAX_EINVOICE_XML_BYTES) {
    return fail(
      EInvoiceErrorCode.tooLarge,
      `The XML is ${bytes.byteLength} bytes; e-invoices over ${MAX_EINVOICE_XML_BYTES} bytes are refused.`,
    );
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1];
  const decoded = decodeText(bytes, declared);
  if (!decoded.ok)
    return fail(EInvoiceErrorCode.encoding, `The XML could not be decoded: ${decoded.error.message}.`);
  const parsed = parseXml(decoded.value.text);
  if (!parsed.ok) {
    const code =
      parsed.error.code === 'EXPORT_XML_UNSAFE' ? EInvoiceErrorCode.unsafe : EInvoiceErrorCode.malformed;
    return fail(code, `The XML was refused: ${parsed.error.message}.`);
  }
  const root = rootOf(parsed.value.root);
  switch (root?.name) {
    case 'CrossIndustryInvoice':
    case 'CrossIndustryDocument':
      return { invoice: buildInvoice(readCii(root.element), fileName) };
    case 'Invoice':
    case 'CreditNote':
      return { invoice: buildInvoice(readUbl(root.element), fileName) };
    default:
      return fail(
        EInvoiceErrorCode.notAnInvoice,
        `The XML's root element is <${root?.name ?? '?'}>, not a CII (Factur-X, ZUGFeRD, XRechnung) or UBL invoice.`,
      );
  }
}

/** Names under which Factur-X, ZUGFeRD 1/2 and XRechnung embed their XML in a PDF/A-3. */
const EINVOICE_ATTACHMENT = /^(?:factur-x|zugferd-invoice|xrechnung|order-x)\.xml$/i;

/** Of a PDF's attachments, the e-invoice: a known name first, else any XML that reads as an invoice. */
export function pickEInvoiceAttachment<T extends { fileName: string }>(attachments: readonly T[]): T[] {
  const known = attachments.filter((a) => EINVOICE_ATTACHMENT.test(a.fileName));
  const otherXml = attachments.filter((a) => !known.includes(a) && /\.xml$/i.test(a.fileName));
  return [...known, ...otherXml];
}
