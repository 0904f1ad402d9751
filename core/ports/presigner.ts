/**
 * Short-lived URLs that let a client move bytes straight to and from object storage, so
 * video bytes never pass through the API (S3 presigned URLs on AWS; HMAC-signed URLs to the
 * local blob endpoint under `lvu serve`). Keys follow the BlobStore rules.
 */
export interface Presigner {
  /**
   * Headers a client must send with a presigned PUT of a whole object, besides its content
   * type. S3: `If-None-Match: *` (signed into the URL), so the PUT never replaces an object
   * that exists; the local endpoint checks the video's state instead and needs none.
   */
  readonly putHeaders: Readonly<Record<string, string>>;
  /** A URL accepting one PUT of the whole object, at most `maxBytes` where enforceable. */
  presignPut(key: string, options: PresignPutOptions): Promise<string>;
  /** A URL serving GETs (Range included) of the object until it expires. */
  presignGet(key: string, options?: { expiresSec?: number; downloadName?: string }): Promise<string>;
  /**
   * Starts a multipart upload of `totalBytes` and signs one URL per part. `partBytes` is a
   * preference; stores with a minimum part size (S3: 5 MiB) may raise it, so clients must
   * use the returned plan's `partBytes`.
   */
  createMultipartUpload(key: string, totalBytes: number, options: PresignPutOptions & { partBytes?: number }): Promise<MultipartUploadPlan>;
  /** Signs one part of an upload again (an expired URL, or an idempotent replay). */
  presignPart(key: string, uploadId: string, partNumber: number, expiresSec?: number): Promise<string>;
  /**
   * Joins the parts into the object (which then exists atomically and emits its
   * object-created event). Rejects with VALIDATION_FAILED when a part is missing or an
   * ETag does not match.
   */
  completeMultipartUpload(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void>;
  /** Abandons an upload and frees its parts; unknown uploads are not an error. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

export interface PresignPutOptions {
  expiresSec?: number;
  contentType?: string;
  /** Upper bound on the body size (enforced by the local endpoint; checked again at ingest). */
  maxBytes?: number;
}

/** A plan for uploading a large file in parts: PUT each part's bytes to its URL. */
export interface MultipartUploadPlan {
  key: string;
  uploadId: string;
  partBytes: number;
  parts: { partNumber: number; url: string }[];
}

/** A part already uploaded: its number (1-based) and the ETag its PUT returned. */
export interface UploadedPart {
  partNumber: number;
  etag: string;
}
