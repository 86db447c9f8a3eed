import { describe, expect, it } from 'vitest';
import { scanPages } from '../../../test/generators/statements/index.js';
import { renderPdf } from '../../../test/generators/statements/render-pdf.js';
import { PdfExtractionError, extractDocumentText } from './index.js';

const helloPdf = () =>
  renderPdf(
    (doc) => {
      doc.font('Helvetica').fontSize(12).text('Opening balance', 50, 100, { lineBreak: false });
      doc.text('1,234.56', 300, 100, { lineBreak: false });
      doc.addPage({ size: 'A4', margin: 0 }).fontSize(10).text('Page two', 72, 700, { lineBreak: false });
    },
    { info: { Title: 'Test statement', Producer: 'Ledgerflow tests' } },
  );

/** A hand-written PDF from object bodies, with a correct cross-reference table. */
function rawPdf(objects: string[]): Uint8Array {
  let body = '%PDF-1.7\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PdfExtractionError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('extractDocumentText', () => {
  it('returns positioned items with a top-left origin, per page, with metadata', async () => {
    const text = await extractDocumentText(await helloPdf());
    expect(text.metadata).toMatchObject({ title: 'Test statement', producer: 'Ledgerflow tests' });
    expect(text.pages.map((page) => page.pageNumber)).toEqual([1, 2]);
    const [first, second] = text.pages;
    expect(first?.width).toBeCloseTo(595.28, 1);
    const opening = first?.items.find((item) => item.text === 'Opening balance');
    const amount = first?.items.find((item) => item.text === '1,234.56');
    // pdfkit places text by its top edge; the baseline sits ~0.8 font sizes lower for Helvetica.
    expect(opening?.x).toBeCloseTo(50, 0);
    expect(opening?.y).toBeGreaterThan(95);
    expect(opening?.y).toBeLessThan(105);
    expect(opening?.fontSize).toBeCloseTo(12, 1);
    expect(amount?.x).toBeCloseTo(300, 0);
    expect(amount?.width).toBeGreaterThan(30);
    expect(second?.items[0]?.text).toBe('Page two');
    expect(second?.items[0]?.y).toBeGreaterThan(690);
  });

  it('does not consume the caller’s buffer', async () => {
    const bytes = await helloPdf();
    await extractDocumentText(bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    await expect(extractDocumentText(bytes)).resolves.toHaveProperty('pages');
  });

  it('reports empty, truncated and corrupt files as PDF_INVALID', async () => {
    const bytes = await helloPdf();
    expect(await failureCode(extractDocumentText(new Uint8Array()))).toBe('PDF_INVALID');
    expect(await failureCode(extractDocumentText(bytes.slice(0, 40)))).toBe('PDF_INVALID');
    expect(
      await failureCode(extractDocumentText(new TextEncoder().encode('not a pdf at all '.repeat(50)))),
    ).toBe('PDF_INVALID');
  });

  it('tells a missing password from a wrong one, and opens with the right one', async () => {
    const secret = await renderPdf(
      (doc) => {
        doc.fontSize(12).text('Secret statement', 50, 50);
      },
      { userPassword: 'open-sesame', ownerPassword: 'owner', pdfVersion: '1.7' },
    );
    expect(await failureCode(extractDocumentText(secret))).toBe('PDF_PASSWORD_REQUIRED');
    expect(await failureCode(extractDocumentText(secret, { password: 'wrong' }))).toBe(
      'PDF_PASSWORD_INCORRECT',
    );
    const text = await extractDocumentText(secret, { password: 'open-sesame' });
    expect(text.pages[0]?.items.map((item) => item.text).join(' ')).toContain('Secret statement');
  });

  it('reports a document without text as PDF_NO_TEXT_LAYER', async () => {
    const drawing = await renderPdf((doc) => {
      doc.rect(50, 50, 300, 400).fill('#777');
    });
    expect(await failureCode(extractDocumentText(drawing))).toBe('PDF_NO_TEXT_LAYER');
  });

  it('reads a page without a text layer by OCR, and keeps the text layer of the others', async () => {
    const paper = await renderPdf((doc) => {
      doc.font('Helvetica').fontSize(11);
      doc.text('Closing balance', 60, 80, { lineBreak: false });
      doc.text('1,234.56', 300, 80, { lineBreak: false });
    });
    const [scan] = await scanPages(paper, { dpi: 200, skewDegrees: 0.5, jpegQuality: 70 });
    const mixed = await renderPdf((doc) => {
      doc.font('Helvetica').fontSize(12).text('Typed page', 50, 100, { lineBreak: false });
      doc.addPage({ size: [scan!.width, scan!.height], margin: 0 });
      doc.image(scan!.jpeg, 0, 0, { width: scan!.width, height: scan!.height });
    });
    // Without OCR, the text page is all there is.
    const plain = await extractDocumentText(mixed);
    expect(plain.ocr).toBeUndefined();
    expect(plain.pages[1]?.items).toEqual([]);

    const recognizing: string[] = [];
    const text = await extractDocumentText(mixed, {
      ocr: { languages: ['eng'], onPage: (page, count) => recognizing.push(`${page}/${count}`) },
    });
    expect(recognizing).toEqual(['2/2']);
    expect(text.pages[0]?.items.map((item) => [item.text, item.confidence])).toEqual([
      ['Typed page', undefined],
    ]);
    const words = text.pages[1]!.items;
    expect(words.map((item) => item.text)).toEqual(['Closing', 'balance', '1,234.56']);
    // Positions in points, as pdf.js gives them: the figure where it was printed, one line for all three.
    const amount = words[2]!;
    expect(amount.x).toBeGreaterThan(295);
    expect(amount.x).toBeLessThan(305);
    expect(amount.fontSize).toBeGreaterThan(9);
    expect(amount.fontSize).toBeLessThan(13);
    expect(Math.abs(words[0]!.y - amount.y)).toBeLessThan(2);
    expect(amount.confidence).toBeGreaterThan(80);
    expect(text.ocr?.pages.map((page) => page.pageNumber)).toEqual([2]);
    expect(text.ocr?.meanConfidence).toBeGreaterThan(80);
    // OCR is seconds of CPU; a loaded CI machine may take several times that.
  }, 90_000);

  it('reports a page tree that contains itself as PDF_INVALID instead of looping', async () => {
    const cyclic = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
    expect(await failureCode(extractDocumentText(cyclic))).toBe('PDF_INVALID');
  });

  it('reports progress per page and stops when aborted', async () => {
    const progress: string[] = [];
    await extractDocumentText(await helloPdf(), {
      onPage: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(progress).toEqual(['1/2', '2/2']);
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const pending = extractDocumentText(await helloPdf(), {
      signal: controller.signal,
      onPage: () => controller.abort(reason),
    });
    await expect(pending).rejects.toBe(reason);
  });

  it('refuses more pages than allowed', async () => {
    expect(await failureCode(extractDocumentText(await helloPdf(), { maxPages: 1 }))).toBe(
      'PDF_TOO_MANY_PAGES',
    );
  });
});
