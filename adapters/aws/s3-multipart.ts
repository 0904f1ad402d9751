import { open } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { UploadedPart } from '../../core/ports/presigner';

/** S3's smallest part (except the last) and our default; 8 MiB also stays under emulator request limits. */
export const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
/** S3 allows at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
/** S3's minimum size of every part but the last. */
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Where a multipart upload goes. */
export interface MultipartTarget {
  client: S3Client;
  bucket: string;
  key: string;
  contentType?: string;
}

/**
 * Part size for an object of `totalBytes`: the default, grown when needed so the object
 * fits in 10,000 parts (a 100 GiB source gets ~10.7 MiB parts).
 */
export function partSizeFor(totalBytes: number, preferred = DEFAULT_PART_BYTES): number {
  const needed = Math.ceil(totalBytes / MAX_PARTS);
  return Math.max(preferred, needed, MIN_PART_BYTES);
}

/**
 * Uploads an object in parts read by `readPart(offset, length)`, then completes it. The
 * object appears atomically on completion; on any failure the upload is aborted so no
 * orphaned parts are billed (the bucket lifecycle rule is the second line of defence).
 */
export async function uploadInParts(
  target: MultipartTarget,
  totalBytes: number,
  readPart: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<void> {
  const { client, bucket, key } = target;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: target.contentType }));
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`S3 returned no UploadId for ${key}`);
  try {
    const partBytes = partSizeFor(totalBytes);
    const parts: UploadedPart[] = [];
    for (let offset = 0, n = 1; offset < totalBytes || n === 1; offset += partBytes, n += 1) {
      const body = await readPart(offset, Math.min(partBytes, totalBytes - offset));
      const out = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: n, Body: body }));
      parts.push({ partNumber: n, etag: out.ETag ?? '' });
    }
    await completeUpload(client, bucket, key, uploadId, parts);
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => {});
    throw err;
  }
}

/** Completes a multipart upload from its parts (sorted by part number, as S3 requires). */
export async function completeUpload(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
  parts: readonly UploadedPart[],
): Promise<void> {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }),
  );
}

/** Reads `[offset, offset+length)` of a local file; used as `readPart` for `putFile`. */
export function filePartReader(filePath: string): (offset: number, length: number) => Promise<Uint8Array> {
  return async (offset, length) => {
    const handle = await open(filePath, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      if (bytesRead !== length) throw new Error(`short read of ${filePath} at ${offset}: ${bytesRead}/${length}`);
      return buf;
    } finally {
      await handle.close();
    }
  };
}
