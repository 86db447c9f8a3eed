/**
 * A `Content-Disposition: attachment` value that is safe for any user-supplied file name: an ASCII
 * fallback with quotes, backslashes and control characters removed, plus the exact name in RFC 8187
 * `filename*` form for clients that support it (all current browsers).
 */
export function contentDisposition(fileName: string): string {
  const name = fileName.replace(/[\\/]/g, '_').trim() || 'download';
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\%;]/g, '_')
    .trim();
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii || 'download'}"; filename*=UTF-8''${encoded}`;
}
