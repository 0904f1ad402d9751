import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LvuError, ValidationError } from '../../core/errors';
import { assertValidKey, type BlobStore } from '../../core/ports/blob-store';
import type { MultipartUploadPlan, Presigner, PresignPutOptions, UploadedPart } from '../../core/ports/presigner';
import { PRIVATE_FILE_MODE } from './private-fs';

/** Default URL lifetime when the caller gives none (S3's presigner default is also 15 min). */
const DEFAULT_EXPIRES_SEC = 900;
/** Most parts one upload may have (S3's limit). */
const MAX_PARTS = 10_000;

const ManifestSchema = z.object({
  key: z.string(),
  totalBytes: z.number().int().positive(),
  partBytes: z.number().int().positive(),
  partCount: z.number().int().positive(),
  contentType: z.string().optional(),
});
type Manifest = z.infer<typeof ManifestSchema>;

/** What a verified URL allows. */
export interface SignedGrant {
  op: 'put' | 'get';
  key: string;
  maxBytes?: number;
  contentType?: string;
  downloadName?: string;
  /** For a multipart part: the object the part belongs to (the upload endpoint checks it is still open). */
  uploadFor?: string;
}

export interface LocalPresignerOptions {
  /** The running server's origin, e.g. `http://127.0.0.1:8080` (known once it listens). */
  baseUrl: () => string;
  secret: Uint8Array;
  /** Where completing a multipart upload assembles the file before storing it. */
  scratchDir: string;
  now: () => Date;
}

/**
 * The local stand-in for S3 presigned URLs: HMAC-SHA256-signed, expiring URLs to the
 * `lvu serve` blob endpoint (`/v1/blobs/{key}`), carrying the operation, the key, the size
 * limit and the content type in the signature. Multipart parts are stored as ordinary
 * blobs under `multipart/{uploadId}/` and joined on completion.
 */
export class LocalPresigner implements Presigner {
  constructor(
    private readonly blobs: BlobStore,
    private readonly options: LocalPresignerOptions,
  ) {}

  /** None: the blob endpoint refuses a PUT to a video that no longer awaits its upload. */
  readonly putHeaders = {};

  async presignPut(key: string, options: PresignPutOptions): Promise<string> {
    assertValidKey(key);
    return this.sign({ op: 'put', key, ...pick(options) }, options.expiresSec);
  }

  async presignGet(key: string, options: { expiresSec?: number; downloadName?: string } = {}): Promise<string> {
    assertValidKey(key);
    return this.sign({ op: 'get', key, ...(options.downloadName ? { downloadName: options.downloadName } : {}) }, options.expiresSec);
  }

  async createMultipartUpload(
    key: string,
    totalBytes: number,
    options: PresignPutOptions & { partBytes?: number },
  ): Promise<MultipartUploadPlan> {
    assertValidKey(key);
    const partBytes = Math.max(options.partBytes ?? 16 * 1024 * 1024, Math.ceil(totalBytes / MAX_PARTS));
    const partCount = Math.ceil(totalBytes / partBytes);
    const uploadId = randomUUID().replace(/-/g, '');
    const manifest: Manifest = {
      key,
      totalBytes,
      partBytes,
      partCount,
      ...(options.contentType ? { contentType: options.contentType } : {}),
    };
    await this.blobs.put(manifestKey(uploadId), JSON.stringify(manifest), { contentType: 'application/json' });
    const parts = await Promise.all(
      Array.from({ length: partCount }, async (_, i) => ({
        partNumber: i + 1,
        url: await this.presignPart(key, uploadId, i + 1, options.expiresSec),
      })),
    );
    return { key, uploadId, partBytes, parts };
  }

  async presignPart(key: string, uploadId: string, partNumber: number, expiresSec?: number): Promise<string> {
    const manifest = await this.manifest(uploadId, key);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > manifest.partCount) {
      throw new ValidationError(`part ${partNumber} is outside 1..${manifest.partCount}`);
    }
    return this.sign({ op: 'put', key: partKey(uploadId, partNumber), maxBytes: manifest.partBytes, uploadFor: manifest.key }, expiresSec);
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    const manifest = await this.manifest(uploadId, key);
    const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    await this.checkParts(uploadId, manifest, ordered);
    await fs.mkdir(this.options.scratchDir, { recursive: true });
    const assembled = path.join(this.options.scratchDir, `upload-${uploadId}-${randomUUID()}`);
    try {
      await this.concatenate(uploadId, ordered, assembled);
      await this.blobs.putFile(key, assembled, manifest.contentType ? { contentType: manifest.contentType } : {});
    } finally {
      await fs.rm(assembled, { force: true });
    }
    await this.blobs.deleteByPrefix(`multipart/${uploadId}/`);
  }

  async abortMultipartUpload(_key: string, uploadId: string): Promise<void> {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return;
    await this.blobs.deleteByPrefix(`multipart/${uploadId}/`);
  }

  /**
   * Checks a URL presented to the blob endpoint: signature, expiry, operation. Returns what
   * it grants; SIGNATURE_INVALID or URL_EXPIRED (both 403) otherwise.
   */
  verify(op: 'put' | 'get', key: string, query: Record<string, string | undefined>): SignedGrant {
    const expires = Number(query['X-Lvu-Expires']);
    const grant: SignedGrant = { op, key, ...grantFromQuery(query) };
    const expected = this.signature(grant, expires);
    const given = Buffer.from(query['X-Lvu-Signature'] ?? '', 'hex');
    if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new LvuError('SIGNATURE_INVALID', 'the URL signature does not match (request a new URL)');
    }
    if (expires * 1000 < this.options.now().getTime()) {
      throw new LvuError('URL_EXPIRED', `the URL expired at ${new Date(expires * 1000).toISOString()} (request a new URL)`);
    }
    return grant;
  }

  private sign(grant: SignedGrant, expiresSec = DEFAULT_EXPIRES_SEC): string {
    const expires = Math.floor(this.options.now().getTime() / 1000) + expiresSec;
    const params = new URLSearchParams({ 'X-Lvu-Expires': String(expires) });
    if (grant.maxBytes !== undefined) params.set('X-Lvu-Max-Bytes', String(grant.maxBytes));
    if (grant.contentType !== undefined) params.set('X-Lvu-Content-Type', grant.contentType);
    if (grant.downloadName !== undefined) params.set('X-Lvu-Name', grant.downloadName);
    if (grant.uploadFor !== undefined) params.set('X-Lvu-Upload', grant.uploadFor);
    params.set('X-Lvu-Signature', this.signature(grant, expires).toString('hex'));
    const encodedKey = grant.key.split('/').map(encodeURIComponent).join('/');
    return `${this.options.baseUrl()}/v1/blobs/${encodedKey}?${params.toString()}`;
  }

  private signature(grant: SignedGrant, expires: number): Buffer {
    const fields = [
      grant.op,
      grant.key,
      expires,
      grant.maxBytes ?? '',
      grant.contentType ?? '',
      grant.downloadName ?? '',
      grant.uploadFor ?? '',
    ];
    const canonical = fields.join('\n');
    return createHmac('sha256', this.options.secret).update(canonical).digest();
  }

  private async manifest(uploadId: string, key: string): Promise<Manifest> {
    const bad = new ValidationError('unknown upload id for this object', {
      details: { issues: [{ path: 'uploadId', message: 'unknown upload' }] },
    });
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw bad;
    const raw = await this.blobs.get(manifestKey(uploadId)).catch(() => undefined);
    const manifest = raw ? ManifestSchema.parse(JSON.parse(Buffer.from(raw).toString('utf8'))) : undefined;
    if (!manifest || manifest.key !== key) throw bad;
    return manifest;
  }

  private async checkParts(uploadId: string, manifest: Manifest, parts: readonly UploadedPart[]): Promise<void> {
    const issues: { path: string; message: string }[] = [];
    for (const [i, part] of parts.entries()) {
      const info = await this.blobs.head(partKey(uploadId, part.partNumber));
      const wantBytes =
        part.partNumber < manifest.partCount ? manifest.partBytes : manifest.totalBytes - manifest.partBytes * (manifest.partCount - 1);
      if (!info) issues.push({ path: `parts.${i}`, message: `part ${part.partNumber} was never uploaded` });
      else if (unquote(part.etag) !== info.etag)
        issues.push({ path: `parts.${i}.etag`, message: `ETag does not match part ${part.partNumber}` });
      else if (info.bytes !== wantBytes)
        issues.push({ path: `parts.${i}`, message: `part ${part.partNumber} has ${info.bytes} bytes, expected ${wantBytes}` });
    }
    if (parts.length !== manifest.partCount) issues.push({ path: 'parts', message: `expected ${manifest.partCount} parts` });
    if (issues.length > 0)
      throw new ValidationError(`cannot complete the upload: ${issues.map((x) => x.message).join('; ')}`, { details: { issues } });
  }

  private async concatenate(uploadId: string, parts: readonly UploadedPart[], target: string): Promise<void> {
    const out = await fs.open(target, 'w', PRIVATE_FILE_MODE);
    try {
      for (const part of parts) {
        const file = await this.blobs.materialize(partKey(uploadId, part.partNumber), this.options.scratchDir);
        for await (const chunk of createReadStream(file)) await out.write(chunk as Buffer);
      }
      await out.sync();
    } finally {
      await out.close();
    }
  }
}

function pick(options: PresignPutOptions): Partial<SignedGrant> {
  return {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
  };
}

function grantFromQuery(query: Record<string, string | undefined>): Partial<SignedGrant> {
  const max = query['X-Lvu-Max-Bytes'];
  return {
    ...(max !== undefined ? { maxBytes: Number(max) } : {}),
    ...(query['X-Lvu-Content-Type'] !== undefined ? { contentType: query['X-Lvu-Content-Type'] } : {}),
    ...(query['X-Lvu-Name'] !== undefined ? { downloadName: query['X-Lvu-Name'] } : {}),
    ...(query['X-Lvu-Upload'] !== undefined ? { uploadFor: query['X-Lvu-Upload'] } : {}),
  };
}

function manifestKey(uploadId: string): string {
  return `multipart/${uploadId}/manifest.json`;
}

function partKey(uploadId: string, partNumber: number): string {
  return `multipart/${uploadId}/part-${String(partNumber).padStart(5, '0')}`;
}

function unquote(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}
