/**
 * Hostile files of the #22 probe, generated small and fast so tests can use them: each is built in
 * milliseconds, whatever its decoded size.
 */
import { createDeflate, deflateRawSync } from 'node:zlib';

const CSV_HEADER = 'Date,Description,Amount,Balance\n';

/**
 * A bank CSV header followed by `bytes` commas: one row of that many empty cells, or rows of
 * `perRow` cells each.
 */
export function csvOfCommas(bytes: number, perRow = bytes): Buffer {
  const row = `${','.repeat(Math.min(perRow, bytes) - 1)}\n`;
  return Buffer.concat([Buffer.from(CSV_HEADER), Buffer.from(row.repeat(Math.ceil(bytes / row.length)))]);
}

/** A bank CSV header, then a row whose quoted description never closes, `bytes` long. */
export function csvWithUnterminatedQuote(bytes: number): Buffer {
  return Buffer.concat([Buffer.from(`${CSV_HEADER}2024-01-01,"`), Buffer.alloc(bytes, 'x')]);
}

/** A well-formed bank CSV of `rows` rows (about 40 bytes each). */
export function csvOfRows(rows: number): Buffer {
  const lines = [CSV_HEADER.trimEnd()];
  let balance = 1_000_000;
  for (let i = 0; i < rows; i++) {
    balance -= 1250;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`2024-01-${day},Coffee shop ${i},-12.50,${(balance / 100).toFixed(2)}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A zlib stream that inflates to `inflatedBytes` zero bytes (rounded up to whole MiB), built without
 * compressing them: one MiB of zeros is deflated once with a full flush (byte-aligned, no back
 * references across it), that block is repeated, and the stream is closed with an empty final block and
 * the Adler-32 of the zeros (a = 1, b = length mod 65521). 1.5 GB inflated is about 1.5 MB here.
 */
export function zlibBombOfZeros(inflatedBytes: number): Buffer {
  const chunk = 1024 * 1024;
  const blocks = Math.ceil(inflatedBytes / chunk);
  const one = deflateRawSync(Buffer.alloc(chunk), { level: 9, finishFlush: 3 /* Z_FULL_FLUSH */ });
  const last = Buffer.from([0x03, 0x00]); // an empty final fixed-Huffman block
  const length = blocks * chunk;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((length % 65_521) << 16) | 1) >>> 0);
  const header = Buffer.from([0x78, 0xda]);
  return Buffer.concat([header, ...Array.from({ length: blocks }, () => one), last, adler]);
}

/**
 * A one-page PDF whose content stream is a Flate bomb of `inflatedBytes` zeros (PDF whitespace), with a
 * correct cross-reference table: a reader inflates it all to find the page has no text.
 */
export function flateBombPdf(inflatedBytes: number): Buffer {
  const stream = zlibBombOfZeros(inflatedBytes);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (id: number, body: string | Buffer[]) => {
    offsets[id] = length;
    push(`${id} 0 obj\n`);
    if (typeof body === 'string') push(body);
    else body.forEach(push);
    push('\nendobj\n');
  };
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>');
  object(4, [
    Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
    stream,
    Buffer.from('\nendstream'),
  ]);
  const xref = length;
  push(`xref\n0 5\n0000000000 65535 f \n`);
  for (let id = 1; id <= 4; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/**
 * A one-page PDF whose content stream is a Flate bomb: `inflatedBytes` of spaces (PDF whitespace, so a
 * reader decodes all of it looking for operators) compressed to about 1/1000 of that. pdf.js keeps the
 * decoded stream in one growing ArrayBuffer, outside the V8 heap cap (#22 item 4).
 */
export async function pdfWithFlateBomb(inflatedBytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const chunk = Buffer.alloc(8 * 1024 * 1024, 0x20);
  for (let written = 0; written < inflatedBytes; written += chunk.length) {
    if (!deflate.write(chunk.subarray(0, Math.min(chunk.length, inflatedBytes - written))))
      await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const stream = Buffer.concat(compressed);

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const add = (object: Buffer) => {
    offsets.push(length);
    parts.push(object);
    length += object.length;
  };
  add(Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'));
  add(Buffer.from('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'));
  add(
    Buffer.from('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n'),
  );
  add(
    Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
      stream,
      Buffer.from('\nendstream\nendobj\n'),
    ]),
  );
  const xref = [
    'xref',
    `0 ${offsets.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
  ].join('\n');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}
