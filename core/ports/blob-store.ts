import { ValidationError } from '../errors';

/**
 * Object storage for artifacts (`videos/{videoId}/...`). Implemented on the local
 * filesystem (atomic write-then-rename) and on S3. Keys are `/`-separated, never start
 * with `/`, and never contain `..`.
 */
export interface BlobStore {
  /** Writes the whole object atomically: readers see the old bytes or the new, never a mix. */
  put(key: string, body: Uint8Array | string, options?: { contentType?: string }): Promise<void>;
  /** Writes an object from a local file (large sources); atomic like `put`. */
  putFile(key: string, filePath: string, options?: { contentType?: string }): Promise<void>;
  /** Reads a whole object; throws NotFoundError (code NOT_FOUND) when absent. */
  get(key: string): Promise<Uint8Array>;
  /** Reads bytes [start, end) (end exclusive, clamped to the size); NOT_FOUND when absent. */
  getRange(key: string, start: number, end: number): Promise<Uint8Array>;
  /** Size and content type, or undefined when absent. */
  head(key: string): Promise<BlobInfo | undefined>;
  /** Keys under a prefix, ascending. */
  list(prefix: string): Promise<string[]>;
  /** Removes one object; absent keys are not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object under a prefix; returns how many were removed. */
  deleteByPrefix(prefix: string): Promise<number>;
  /**
   * A local path holding the object's bytes, for tools that need a file (ffmpeg). The
   * filesystem store returns its own path; remote stores download to `scratchDir`. With
   * `ranges`, a remote store fetches only those byte ranges (ranged GETs) into a sparse file
   * of the object's size, zeros elsewhere: enough for a tool that reads only them (a chunk
   * decode reading its keyframe-aligned span and the container index).
   */
  materialize(key: string, scratchDir: string, options?: { ranges?: readonly ByteRange[] }): Promise<string>;
}

/** Bytes [start, end) of an object. */
export type ByteRange = readonly [number, number];

export interface BlobInfo {
  key: string;
  bytes: number;
  contentType?: string;
  /** Opaque content version (S3 ETag; mtime+size locally) for idempotency keys. */
  etag: string;
}

/**
 * Rejects keys that could escape the store's root or confuse prefixes, with a
 * ValidationError (code VALIDATION_FAILED; still an `Error`) so callers can map it to a 400.
 */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.length > 1024) {
    throw new ValidationError(`invalid blob key: length ${key.length}`, { details: { key } });
  }
  if (key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new ValidationError(`invalid blob key: ${JSON.stringify(key)}`, { details: { key } });
  }
}
