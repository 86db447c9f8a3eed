/**
 * The text of a document as positioned items, the input of the statement and invoice parsers. The PDF
 * adapter produces it (adapters/pdf); domain code only reads it. Coordinates are PDF points with the
 * origin at the page's top-left corner (y grows downwards), so reading order is (y, then x).
 */
export interface TextItem {
  text: string;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  width: number;
  height: number;
  /** Font size in points, where known. */
  fontSize?: number | undefined;
  /** Font name as the PDF names it, where known (bold fonts often mark headers). */
  fontName?: string | undefined;
  /** Recognition confidence 0–100 for a word read by OCR; absent for a text layer's items. */
  confidence?: number | undefined;
}

export interface PageText {
  /** 1-based. */
  pageNumber: number;
  width: number;
  height: number;
  items: TextItem[];
}

/** Which pages were read by OCR (they had no text layer), with Tesseract's mean word confidence. */
export interface OcrSummary {
  pages: Array<{ pageNumber: number; confidence: number; wordCount: number }>;
  /** Mean word confidence over every OCR'd word, 0–100. */
  meanConfidence: number;
}

export interface DocumentText {
  pages: PageText[];
  /** Present when at least one page was recognized by OCR. */
  ocr?: OcrSummary | undefined;
  metadata: {
    title?: string | undefined;
    author?: string | undefined;
    creator?: string | undefined;
    producer?: string | undefined;
  };
}
