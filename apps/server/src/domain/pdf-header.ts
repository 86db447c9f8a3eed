/** How many leading bytes PDF readers search for the `%PDF-` header (junk may precede it). */
export const PDF_HEADER_WINDOW = 1024;

/** True when the bytes start like a PDF: `%PDF-` within the first KiB, as readers accept it. */
export const hasPdfHeader = (bytes: Uint8Array): boolean =>
  Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW)).includes(
    '%PDF-',
  );
