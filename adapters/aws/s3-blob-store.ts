import { createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { NotFoundError } from '../../core/errors';
import { assertValidKey, type BlobInfo, type BlobStore, type ByteRange } from '../../core/ports/blob-store';
import { awsErrorName, awsHttpStatus } from './clients';
import { DEFAULT_PART_BYTES, filePartReader, uploadInParts } from './s3-multipart';

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * BlobStore on one S3 bucket. Objects are written whole (PUT, or multipart above
 * `multipartThreshold` bytes), so readers never see partial bytes. Besides the port it
 * offers `openStream` for streaming (ranged) reads; presigned URLs are in S3Presigner.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    private readonly multipartThreshold = DEFAULT_PART_BYTES,
  ) {}

  async put(key: string, body: Uint8Array | string, options: { contentType?: string } = {}): Promise<void> {
    assertValidKey(key);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (bytes.byteLength > this.multipartThreshold) {
      const target = { client: this.client, bucket: this.bucket, key, contentType: options.contentType };
      await uploadInParts(target, bytes.byteLength, async (o, n) => bytes.subarray(o, o + n));
      return;
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: options.contentType }));
  }

  async putFile(key: string, filePath: string, options: { contentType?: string } = {}): Promise<void> {
    assertValidKey(key);
    const { size } = await stat(filePath);
    if (size <= this.multipartThreshold) {
      await this.put(key, await readFile(filePath), options);
      return;
    }
    const target = { client: this.client, bucket: this.bucket, key, contentType: options.contentType };
    await uploadInParts(target, size, filePartReader(filePath));
  }

  async get(key: string): Promise<Uint8Array> {
    return collect(await this.openStream(key));
  }

  async getRange(key: string, start: number, end: number): Promise<Uint8Array> {
    assertRange(start, end);
    if (start < end) {
      try {
        return await collect(await this.openStream(key, { start, end }));
      } catch (err) {
        // S3 answers 416 when `start` is at or past the end; the port clamps to empty.
        if (awsErrorName(err) !== 'InvalidRange' && awsHttpStatus(err) !== 416) throw err;
      }
    }
    if (!(await this.head(key))) throw new NotFoundError(`blob not found: ${key}`, { details: { key } });
    return new Uint8Array(0);
  }

  /**
   * Streams an object, or bytes [start, end) of it (S3 Range GET), without buffering it
   * whole: the way to read multi-GiB sources. Throws NotFoundError when absent.
   */
  async openStream(key: string, range?: { start: number; end: number }): Promise<Readable> {
    assertValidKey(key);
    if (range) assertRange(range.start, range.end);
    const header = range ? `bytes=${range.start}-${range.end - 1}` : undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: header }));
      return out.Body as Readable;
    } catch (err) {
      throw mapNotFound(err, key);
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, bytes: out.ContentLength ?? 0, contentType: out.ContentType, etag: unquote(out.ETag) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of out.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    if (prefix.length === 0) throw new Error('deleteByPrefix needs a non-empty prefix (refusing to empty the bucket)');
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const out = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        throw new Error(`could not delete ${failed.length} objects under ${prefix}: ${failed[0]?.Code} ${failed[0]?.Key}`);
      }
    }
    return keys.length;
  }

  async materialize(key: string, scratchDir: string, options: { ranges?: readonly ByteRange[] } = {}): Promise<string> {
    assertValidKey(key);
    if (options.ranges) return this.materializeRanges(key, scratchDir, options.ranges);
    const target = join(scratchDir, ...key.split('/'));
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    await mkdir(dirname(target), { recursive: true });
    const source = await this.openStream(key);
    try {
      await pipeline(source, createWriteStream(partial));
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return target;
  }

  /**
   * A sparse local copy holding only `ranges` of the object (ranged GETs, written at their
   * offsets into a file of the object's size; zeros elsewhere), named by its ranges so two
   * tasks' copies never collide.
   */
  private async materializeRanges(key: string, scratchDir: string, ranges: readonly ByteRange[]): Promise<string> {
    const info = await this.head(key);
    if (!info) throw new NotFoundError(`blob not found: ${key}`, { details: { key } });
    const tag = createHash('sha256').update(JSON.stringify(ranges)).digest('hex').slice(0, 12);
    const target = `${join(scratchDir, ...key.split('/'))}.ranges-${tag}`;
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    await mkdir(dirname(target), { recursive: true });
    const file = await open(partial, 'w');
    try {
      await file.truncate(info.bytes);
      for (const [start, end] of ranges) {
        const bytes = await this.getRange(key, start, Math.min(end, info.bytes));
        await file.write(bytes, 0, bytes.length, start);
      }
      await file.close();
      await rename(partial, target);
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(partial, { force: true });
      throw err;
    }
    return target;
  }
}

async function collect(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

function assertRange(start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range [${start}, ${end})`);
  }
}

function isNotFound(err: unknown): boolean {
  const name = awsErrorName(err);
  return name === 'NoSuchKey' || name === 'NotFound' || awsHttpStatus(err) === 404;
}

function mapNotFound(err: unknown, key: string): unknown {
  return isNotFound(err) ? new NotFoundError(`blob not found: ${key}`, { cause: err, details: { key } }) : err;
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}
