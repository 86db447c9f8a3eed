/**
 * Bytes → text for every export format. Order of evidence: a byte-order mark, then an encoding the
 * file or caller declares (OFX `CHARSET:1252`, XML `encoding="..."`, a CSV option), then UTF-16 by
 * its zero bytes, then strict UTF-8, then Windows-1252 (what Excel on Windows saves as "CSV"), which
 * accepts any byte, so a binary file is caught by its control characters instead.
 */
import iconv from 'iconv-lite';
import { ExportErrorCode, fail, ok, type ExportResult } from './result.js';

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it (`utf8`, `utf16le`, `utf16be`, `windows1252`...). */
  encoding: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's built-in decoders (ICU) for the common encodings: 3 times faster than iconv-lite on 8 MiB. */
const NATIVE: Record<string, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  windows1252: 'windows-1252',
};

function decodeWith(body: Uint8Array, encoding: string): string {
  const native = NATIVE[encoding];
  return native ? new TextDecoder(native).decode(body) : iconv.decode(body, encoding, { stripBOM: false });
}

/** UTF-16 without a BOM shows as a zero in every other byte of ASCII text; a quarter is plenty of proof. */
function sniffUtf16(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs / 4 && evenZeros < pairs / 20) return 'utf16le';
  if (evenZeros > pairs / 4 && oddZeros < pairs / 20) return 'utf16be';
  return undefined;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  const [a, b, c, d] = bytes;
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) {
    return { encoding: 'utf32', skip: 4 };
  }
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf8', skip: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf16le', skip: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf16be', skip: 2 };
  return undefined;
}

/** Maps names banks write (`1252`, `USASCII`, `ISO-8859-1`, `UTF-8`) to iconv-lite's; undefined if unknown. */
export function normalizeEncodingName(declared: string): string | undefined {
  const name = declared.trim().toLowerCase().replace(/[\s_]/g, '');
  if (name === '' || name === 'none') return undefined;
  if (name === '1252') return 'windows1252';
  // ASCII files decode as UTF-8 first anyway; one that is not is almost always Windows-1252 mislabelled.
  if (name === 'usascii' || name === 'ascii') return 'windows1252';
  return iconv.encodingExists(name) ? name : undefined;
}

/**
 * Control characters other than tab, LF, form feed and CR betray binary content or a wrong encoding;
 * the first 64 KiB are enough to tell.
 */
function firstControlCharacter(text: string): number {
  const end = Math.min(text.length, 65_536);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) return i;
  }
  return -1;
}

/**
 * Decodes a whole file. `declared` is an encoding named by the caller or the file's own header. Valid
 * UTF-8 wins over a declared single-byte code page: files that say `CHARSET:1252` but hold UTF-8 are
 * common, while non-ASCII Windows-1252 text that happens to be valid UTF-8 practically never occurs. A
 * declared name iconv-lite does not know is EXPORT_ENCODING_UNSUPPORTED rather than a silent guess.
 */
export function decodeText(bytes: Uint8Array, declared?: string): ExportResult<DecodedText> {
  const bom = bomEncoding(bytes);
  if (bom?.encoding === 'utf32') {
    return fail(
      ExportErrorCode.encodingUnsupported,
      'UTF-32 files are not supported; save as UTF-8 or UTF-16',
    );
  }
  const known = declared === undefined ? undefined : normalizeEncodingName(declared);
  if (declared !== undefined && declared.trim() !== '' && !/^none$/i.test(declared.trim()) && !known) {
    return fail(ExportErrorCode.encodingUnsupported, `unsupported encoding "${declared}"`);
  }
  const wide = bom ? undefined : sniffUtf16(bytes);
  let encoding = bom?.encoding ?? wide ?? known ?? 'utf8';
  const body = bom ? bytes.subarray(bom.skip) : bytes;
  let text: string | undefined;
  if (!bom && !wide) {
    try {
      text = utf8.decode(body);
      encoding = 'utf8';
    } catch {
      if (encoding === 'utf8' && known === 'utf8') {
        return fail(
          ExportErrorCode.encodingUnsupported,
          `the file is declared ${declared} but is not valid UTF-8`,
        );
      }
      if (encoding === 'utf8') encoding = 'windows1252';
    }
  }
  text ??= decodeWith(body, encoding);
  const control = firstControlCharacter(text);
  if (control >= 0) {
    return fail(
      ExportErrorCode.encodingUnsupported,
      `character ${control + 1} is a control character: the file is binary or in an unsupported encoding`,
    );
  }
  return ok({ text, encoding });
}

/** The first `limit` bytes as Latin-1, for sniffing ASCII headers without decoding the whole file. */
export function asciiPrefix(bytes: Uint8Array, limit = 4096): string {
  const bom = bomEncoding(bytes);
  if (bom?.encoding === 'utf16le' || bom?.encoding === 'utf16be' || (!bom && sniffUtf16(bytes))) {
    const encoding = bom?.encoding ?? sniffUtf16(bytes) ?? 'utf16le';
    return iconv.decode(bytes.subarray(bom?.skip ?? 0, (bom?.skip ?? 0) + limit * 2), encoding);
  }
  return iconv.decode(bytes.subarray(bom?.skip ?? 0, (bom?.skip ?? 0) + limit), 'latin1');
}
