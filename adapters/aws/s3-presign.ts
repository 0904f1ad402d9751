import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { z } from 'zod';
import { contentDisposition } from '../../core/api/content-disposition';
import { ValidationError } from '../../core/errors';
import { assertValidKey } from '../../core/ports/blob-store';
import type { MultipartUploadPlan, Presigner, PresignPutOptions, UploadedPart } from '../../core/ports/presigner';
import { parseOrThrow } from '../../core/validate';
import { awsErrorName } from './clients';
import { completeUpload, partSizeFor } from './s3-multipart';

/** Presigned URLs live at most 12 h (SigV4 with role credentials caps at the session length anyway). */
const MAX_EXPIRES_SEC = 12 * 3600;

const expiresSchema = z.number().int().min(1).max(MAX_EXPIRES_SEC).default(900);

/** S3 errors that mean "the parts the client reported do not make this object". */
const BAD_PARTS = new Set(['InvalidPart', 'InvalidPartOrder', 'NoSuchUpload', 'EntityTooSmall', 'MalformedXML']);

/**
 * The Presigner port on S3: presigned URLs for direct browser ↔ S3 transfers, so video
 * bytes never pass through Lambda. Uploads of large videos use presigned multipart parts;
 * the client PUTs each part, collects the ETags and calls `completeMultipartUpload`.
 * `maxBytes` cannot be enforced by a presigned PUT; ingest checks the size again.
 */
export class S3Presigner implements Presigner {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** Conditional write: S3 answers 412 to a PUT whose object already exists (a URL that outlived its upload). */
  readonly putHeaders = { 'if-none-match': '*' } as const;

  /**
   * A URL that accepts one PUT of the object (≤ 5 GiB) while it does not exist yet; the
   * client sends `contentType` and `putHeaders` (`If-None-Match: *` is signed into the URL).
   */
  async presignPut(key: string, options: PresignPutOptions = {}): Promise<string> {
    assertValidKey(key);
    const expiresIn = parseOrThrow(expiresSchema, options.expiresSec, 'expiresSec');
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType, IfNoneMatch: '*' });
    return getSignedUrl(this.client, command, { expiresIn });
  }

  /** A URL that serves GETs of the object (Range requests included) until it expires. */
  async presignGet(key: string, options: { expiresSec?: number; downloadName?: string } = {}): Promise<string> {
    assertValidKey(key);
    const expiresIn = parseOrThrow(expiresSchema, options.expiresSec, 'expiresSec');
    // S3 echoes this into the response header, so it must be ASCII (RFC 6266 filename*).
    const disposition = options.downloadName ? contentDisposition(options.downloadName) : undefined;
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition });
    return getSignedUrl(this.client, command, { expiresIn });
  }

  /**
   * Starts a multipart upload of `totalBytes` and presigns every part. Part size grows with
   * the file so it fits in S3's 10,000 parts.
   */
  async createMultipartUpload(
    key: string,
    totalBytes: number,
    options: PresignPutOptions & { partBytes?: number } = {},
  ): Promise<MultipartUploadPlan> {
    assertValidKey(key);
    parseOrThrow(z.number().int().positive(), totalBytes, 'totalBytes');
    const expiresIn = parseOrThrow(expiresSchema, options.expiresSec, 'expiresSec');
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType }),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error(`S3 returned no UploadId for ${key}`);
    const partBytes = partSizeFor(totalBytes, options.partBytes);
    const count = Math.ceil(totalBytes / partBytes);
    const parts = await Promise.all(
      Array.from({ length: count }, async (_, i) => ({
        partNumber: i + 1,
        url: await this.presignPart(key, uploadId, i + 1, expiresIn),
      })),
    );
    return { key, uploadId, partBytes, parts };
  }

  /** Presigns one part of an upload (e.g. to retry a part after its URL expired). */
  async presignPart(key: string, uploadId: string, partNumber: number, expiresSec = 900): Promise<string> {
    assertValidKey(key);
    const command = new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber });
    return getSignedUrl(this.client, command, { expiresIn: parseOrThrow(expiresSchema, expiresSec, 'expiresSec') });
  }

  /**
   * Completes an upload from the ETags the client collected; S3 then emits ObjectCreated.
   * A missing part, a wrong ETag or an unknown upload is a ValidationError.
   */
  async completeMultipartUpload(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    assertValidKey(key);
    if (parts.length === 0) throw new ValidationError('no parts to complete', { details: { field: 'parts' } });
    try {
      await completeUpload(this.client, this.bucket, key, uploadId, parts);
    } catch (err) {
      const name = awsErrorName(err) ?? '';
      if (!BAD_PARTS.has(name)) throw err;
      throw new ValidationError(`cannot complete upload of ${key}: ${name}`, { cause: err, details: { field: 'parts', key } });
    }
  }

  /** Abandons an upload and frees its parts; an unknown upload is not an error. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      if (awsErrorName(err) !== 'NoSuchUpload') throw err;
    }
  }
}
