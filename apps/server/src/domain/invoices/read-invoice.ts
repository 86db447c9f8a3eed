import type { DocumentText } from '../document-text.js';
import { crossCheck } from './cross-check.js';
import { pickEInvoiceAttachment, readEInvoiceXml } from './e-invoice/read.js';
import { extractInvoice } from './extract-invoice.js';
import { ISSUE_CODES, type ExtractInvoiceResult } from './model.js';

/**
 * A PDF invoice, read both ways: its printed text, and the e-invoice XML embedded in it (Factur-X,
 * ZUGFeRD, XRechnung), if any. With XML the invoice is the XML's (source `embedded_xml`, every field
 * exact), checked against the print; an embedded XML that cannot be read leaves the text reading, with
 * an issue saying so. Without XML the text reading stands alone.
 */
export interface InvoiceDocument {
  text: DocumentText;
  attachments: readonly { fileName: string; content: Uint8Array }[];
}

export function readInvoiceDocument(document: InvoiceDocument): ExtractInvoiceResult {
  const hasText = document.text.pages.some((p) => p.items.length > 0);
  const printed = hasText ? extractInvoice(document.text) : undefined;
  const failures: string[] = [];
  for (const attachment of pickEInvoiceAttachment(document.attachments)) {
    const xml = readEInvoiceXml(attachment.content, attachment.fileName);
    if (xml.error) {
      failures.push(`${attachment.fileName}: ${xml.error.message}`);
      continue;
    }
    if (printed?.invoice) crossCheck(xml.invoice, printed.invoice);
    return { invoice: xml.invoice };
  }
  if (!printed) {
    return {
      error: {
        code: 'NOT_AN_INVOICE',
        message: `The PDF has no text and its embedded XML could not be read (${failures.join('; ')}).`,
      },
    };
  }
  if (printed.invoice && failures.length > 0) {
    printed.invoice.issues.push({
      code: ISSUE_CODES.eInvoiceUnreadable,
      message: `The PDF embeds XML that could not be read as an e-invoice, so the printed text was read instead: ${failures.join('; ')}`,
    });
  }
  return printed;
}
