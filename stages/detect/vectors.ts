/**
 * Float32 vectors in JSON: base64 of little-endian float32 bytes (exact, ~5.3 characters per
 * value instead of ~20 for decimal text), so chunk results and identities.json stay small
 * and byte-identical for identical vectors.
 */
import { ValidationError } from '../../core/errors';

/** Encodes a vector as base64 of its little-endian float32 bytes. */
export function encodeF32(v: Float32Array): string {
  const bytes = new Uint8Array(v.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(4 * i, v[i]!, true);
  return Buffer.from(bytes).toString('base64');
}

/** Decodes `encodeF32`'s output; throws on a length that is not a multiple of 4 bytes. */
export function decodeF32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new ValidationError(`float32 vector: ${bytes.length} bytes is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
