import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context, Env, Hono } from 'hono';
import { contentDisposition } from '../../core/api/content-disposition';
import { LvuError } from '../../core/errors';
import type { PlatformDeps } from '../../core/jobs/deps';
import { admitUpload } from '../../core/jobs/uploads';
import type { BlobStore } from '../../core/ports/blob-store';

/** What the local blob endpoint needs: a verifier for signed URLs and the store. */
export interface LocalBlobEndpoint {
  verify(
    op: 'put' | 'get',
    key: string,
    query: Record<string, string>,
  ): { maxBytes?: number; contentType?: string; downloadName?: string; uploadFor?: string };
  blobs: BlobStore;
  /** Uploads stream here first, then move into the store (same disk: a rename). */
  scratchDir: string;
}

/**
 * Mounts `PUT|GET /blobs/{key}`: the `lvu serve` stand-in for S3 presigned URLs. The
 * signature in the query is the authorisation (no API key), it expires, and a PUT may not
 * exceed the signed size: an oversized body is cut off with 413 and nothing is stored. A
 * PUT lands only while its video awaits the upload (`admitUpload`, asked before reading
 * the body and again before storing it): a URL that outlived its upload answers 409.
 */
export function mountLocalBlobs<E extends Env>(app: Hono<E>, endpoint: LocalBlobEndpoint, deps: PlatformDeps): void {
  app.put('/blobs/:key{.+}', (c) => putBlob(c, endpoint, deps));
  app.get('/blobs/:key{.+}', (c) => getBlob(c, endpoint));
}

async function putBlob(c: Context, endpoint: LocalBlobEndpoint, deps: PlatformDeps): Promise<Response> {
  const key = c.req.param('key') ?? '';
  const grant = endpoint.verify('put', key, c.req.query());
  const admit = () => admitUpload(deps, grant.uploadFor ?? key, grant.uploadFor ? 'part' : 'single');
  await admit();
  const contentType = c.req.header('content-type');
  if (grant.contentType !== undefined && contentType !== grant.contentType) {
    throw new LvuError('SIGNATURE_INVALID', `this URL was signed for content-type ${grant.contentType}; send that header`);
  }
  const declared = Number(c.req.header('content-length') ?? NaN);
  const max = grant.maxBytes ?? Number.MAX_SAFE_INTEGER;
  if (declared > max) throw tooLarge(max);
  await fs.mkdir(endpoint.scratchDir, { recursive: true });
  const tmp = path.join(endpoint.scratchDir, `put-${randomUUID()}`);
  try {
    await streamToFile(c.req.raw.body, tmp, max);
    await admit();
    await endpoint.blobs.putFile(key, tmp, contentType ? { contentType } : {});
  } finally {
    await fs.rm(tmp, { force: true });
  }
  const info = await endpoint.blobs.head(key);
  c.header('ETag', `"${info?.etag ?? ''}"`);
  return c.json({ key, bytes: info?.bytes ?? 0, etag: info?.etag ?? '' }, 200);
}

async function getBlob(c: Context, endpoint: LocalBlobEndpoint): Promise<Response> {
  const key = c.req.param('key') ?? '';
  const grant = endpoint.verify('get', key, c.req.query());
  const info = await endpoint.blobs.head(key);
  if (!info) throw new LvuError('NOT_FOUND', `blob not found: ${key}`);
  const file = await endpoint.blobs.materialize(key, endpoint.scratchDir);
  const range = parseRange(c.req.header('range'), info.bytes);
  const headers: Record<string, string> = {
    'content-type': info.contentType ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    etag: `"${info.etag}"`,
    'content-length': String(range ? range.end - range.start + 1 : info.bytes),
  };
  if (grant.downloadName) headers['content-disposition'] = contentDisposition(grant.downloadName);
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${info.bytes}`;
  const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
  return new Response(Readable.toWeb(stream) as ReadableStream, { status: range ? 206 : 200, headers });
}

/** Writes the request body to `file`, failing with 413 as soon as it passes `max` bytes. */
async function streamToFile(body: ReadableStream<Uint8Array> | null, file: string, max: number): Promise<number> {
  let seen = 0;
  const source = body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  const counter = async function* (chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      seen += chunk.length;
      if (seen > max) throw tooLarge(max);
      yield chunk;
    }
  };
  await pipeline(source, counter, createWriteStream(file));
  return seen;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` → inclusive range; undefined for none/invalid (→ 200). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '') || size === 0) return undefined;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start <= end ? { start, end } : undefined;
}

function tooLarge(max: number): LvuError {
  return new LvuError('PAYLOAD_TOO_LARGE', `upload exceeds the ${max} bytes this URL allows`, { details: { maxBytes: max } });
}
