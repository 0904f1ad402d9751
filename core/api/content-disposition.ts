/**
 * Characters RFC 5987 allows unescaped in an `ext-value` (attr-char); everything else,
 * including `'`, `(`, `)` and `*` that encodeURIComponent leaves alone, is %-encoded.
 */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/**
 * A `Content-Disposition: attachment` value that names the download `filename` exactly
 * and is pure printable ASCII, so every HTTP stack (Node's `writeHead`, S3's
 * `response-content-disposition`) accepts it: `filename*=UTF-8''…` (RFC 6266 / 5987)
 * carries the real name, and `filename="…"` an ASCII fallback for old clients (accents
 * folded, other non-ASCII, quotes, backslashes and control characters replaced by `_`).
 *
 * @example
 *   contentDisposition('café.mp4') === `attachment; filename="cafe.mp4"; filename*=UTF-8''caf%C3%A9.mp4`
 */
export function contentDisposition(filename: string): string {
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}

/** The name folded to printable ASCII without `"` or `\` (é → e, 日 → _). */
export function asciiFallback(filename: string): string {
  const folded = filename.normalize('NFKD').replace(/\p{M}/gu, '');
  const ascii = Array.from(folded, (ch) => (/^[\x20-\x7e]$/.test(ch) && ch !== '"' && ch !== '\\' ? ch : '_')).join('');
  return ascii.trim() === '' ? 'download' : ascii;
}

function encodeExtValue(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) => {
    const ch = String.fromCharCode(byte);
    return byte < 0x80 && ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}
