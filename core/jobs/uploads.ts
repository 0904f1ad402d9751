import type { CompleteUploadRequest, CreateVideoRequest, CreateVideoResponse } from '../api/contracts';
import { hasCode, LvuError, NotFoundError, ValidationError } from '../errors';
import type { Principal } from './api-keys';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, Keys, newVideoId, videoIdFromSourceKey, type UploadInfo, type VideoRecord } from './model';
import { VideoRepository } from './videos';

/** The completion marker's sort key in the video's own partition (removed with the video). */
const COMPLETION_SK = 'upload#completion';
/**
 * A claim this old belongs to a call that died mid-assembly. Joining parts takes seconds
 * (S3 completes server-side; locally a copy on the same disk), far below 15 minutes.
 */
const STALE_CLAIM_SEC = 15 * 60;
/** How long a concurrent call waits for the claimant before answering the current status. */
const COMPLETION_WAIT_MS = 20_000;
const COMPLETION_POLL_MS = 50;

/**
 * Declares an upload: checks the limits, creates the video record (`awaiting_upload`) and
 * returns where to send the bytes: one signed URL, or a multipart plan above the
 * configured threshold. With an `Idempotency-Key`, a repeated request returns the same
 * video (with freshly signed URLs); the same key with a different body is a CONFLICT.
 */
export async function createVideo(
  deps: PlatformDeps,
  principal: Principal,
  request: CreateVideoRequest,
  idempotencyKey?: string,
): Promise<CreateVideoResponse> {
  checkLimits(deps, request.bytes, request.contentType);
  const repo = new VideoRepository(deps.meta);
  // The request itself (a few hundred bytes) identifies it for idempotent replays.
  const fingerprint = JSON.stringify(request);
  let videoId = newVideoId(deps.now());
  if (idempotencyKey) {
    const claimed = await claimIdempotencyKey(deps, principal.tenantId, idempotencyKey, videoId, fingerprint);
    videoId = claimed.videoId;
    const existing = await repo.getForTenant(principal.tenantId, videoId);
    if (existing) return replayResponse(deps, existing.record);
  }
  const upload = await startUpload(deps, videoId, request);
  const record = newRecord(deps, principal.tenantId, videoId, request, upload.info, idempotencyKey);
  await repo.create(record);
  return { videoId, status: record.status, upload: upload.response };
}

/**
 * Completes a multipart upload from the part ETags the client collected. The object then
 * exists and its object-created event starts the job. Exactly one call assembles: it
 * claims the completion with a conditional write in the metadata store; concurrent calls
 * wait for that one to finish, and every repeat (also just after success, before ingest
 * ran) answers with the current status.
 */
export async function completeUpload(
  deps: PlatformDeps,
  principal: Principal,
  videoId: string,
  request: CompleteUploadRequest,
): Promise<{ videoId: string; status: VideoRecord['status'] }> {
  const record = await requireMultipartVideo(deps, principal, videoId);
  if (record.status !== 'awaiting_upload' || record.upload.mode !== 'multipart') return { videoId, status: record.status };
  if (request.uploadId !== record.upload.uploadId) {
    throw new ValidationError('uploadId does not belong to this video', {
      details: { issues: [{ path: 'uploadId', message: 'unknown upload id' }] },
    });
  }
  checkPartNumbers(request, record.upload.partCount);
  const deadline = Date.now() + COMPLETION_WAIT_MS;
  for (;;) {
    const claim = await claimCompletion(deps, videoId, request.uploadId);
    if (claim.kind === 'claimed') {
      await assemble(deps, videoId, request, claim.version);
      break;
    }
    if (claim.kind === 'completed' || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, COMPLETION_POLL_MS));
  }
  return { videoId, status: (await requireMultipartVideo(deps, principal, videoId)).status };
}

/**
 * Whether bytes for `sourceKey` (the source itself, or a part of its multipart upload)
 * may still land: only while its video awaits its upload, and a multipart upload's parts
 * only until a complete call claimed them. A signed URL outlives that moment, so the blob
 * endpoint asks before and after reading the body. NOT_FOUND for a deleted (or unknown)
 * video; UPLOAD_CLOSED (409) otherwise.
 */
export async function admitUpload(deps: PlatformDeps, sourceKey: string, kind: 'single' | 'part'): Promise<void> {
  const videoId = videoIdFromSourceKey(sourceKey);
  if (!videoId) throw new LvuError('SIGNATURE_INVALID', 'this URL does not upload a video');
  const found = await new VideoRepository(deps.meta).getById(videoId).catch((err: unknown) => {
    if (hasCode(err, 'NOT_FOUND')) return undefined;
    throw err;
  });
  if (!found || found.record.status === 'deleted')
    throw new NotFoundError(`video ${videoId} not found: its upload URLs no longer accept bytes`, { details: { videoId } });
  const { status, upload } = found.record;
  const closed = (why: string) =>
    new LvuError('UPLOAD_CLOSED', `video ${videoId} ${why}; this upload URL no longer accepts bytes`, { details: { videoId, status } });
  if (status !== 'awaiting_upload') throw closed(`is ${status}`);
  if (upload.mode !== (kind === 'part' ? 'multipart' : 'single')) throw closed(`was declared as a ${upload.mode} upload`);
  if (kind === 'part' && (await deps.meta.get(Keys.video(videoId), COMPLETION_SK)))
    throw closed('has its multipart upload completed (or being completed)');
}

/** The tenant's multipart video (NOT_FOUND, or CONFLICT for a single-PUT upload). */
async function requireMultipartVideo(deps: PlatformDeps, principal: Principal, videoId: string): Promise<VideoRecord> {
  const found = await new VideoRepository(deps.meta).getForTenant(principal.tenantId, videoId);
  if (!found || found.record.status === 'deleted') throw new NotFoundError(`video ${videoId} not found`, { details: { videoId } });
  if (found.record.upload.mode !== 'multipart') {
    throw new LvuError('CONFLICT', 'this video was declared as a single-PUT upload; there is nothing to complete', {
      details: { videoId },
    });
  }
  return found.record;
}

/** The completion marker: `assembling` while one call joins the parts, then `completed`. */
interface Completion {
  state: 'assembling' | 'completed';
  uploadId: string;
  at: string;
}

/**
 * Claims the right to assemble (put-if-absent), or says who has it. A claim older than
 * STALE_CLAIM_SEC belongs to a call that died mid-way; it is taken over (conditional on
 * its version, so only one taker wins).
 */
async function claimCompletion(
  deps: PlatformDeps,
  videoId: string,
  uploadId: string,
): Promise<{ kind: 'claimed'; version: number } | { kind: 'completed' | 'busy' }> {
  const pk = Keys.video(videoId);
  const mine: Completion = { state: 'assembling', uploadId, at: deps.now().toISOString() };
  const existing = await deps.meta.get<Completion>(pk, COMPLETION_SK);
  if (existing?.data.state === 'completed') return { kind: 'completed' };
  const stale = existing !== undefined && deps.now().getTime() - Date.parse(existing.data.at) > STALE_CLAIM_SEC * 1000;
  if (existing && !stale) return { kind: 'busy' };
  try {
    return {
      kind: 'claimed',
      version: await deps.meta.put(pk, COMPLETION_SK, mine, { expectedVersion: existing ? existing.version : null }),
    };
  } catch (err) {
    if (hasCode(err, 'CONDITION_FAILED')) return { kind: 'busy' };
    throw err;
  }
}

/**
 * Joins the parts (the presigner stores the source, which emits object-created), then marks
 * the completion done. On failure the claim is released so the client can correct the
 * parts and call again. A source already stored (the claimant died after storing it) needs
 * no second assembly.
 */
async function assemble(deps: PlatformDeps, videoId: string, request: CompleteUploadRequest, version: number): Promise<void> {
  const pk = Keys.video(videoId);
  const key = ArtifactKeys.source(videoId);
  try {
    if (!(await deps.blobs.head(key))) await deps.presigner.completeMultipartUpload(key, request.uploadId, request.parts);
  } catch (err) {
    await deps.meta.delete(pk, COMPLETION_SK, { expectedVersion: version }).catch(() => undefined);
    throw err;
  }
  const done: Completion = { state: 'completed', uploadId: request.uploadId, at: deps.now().toISOString() };
  await deps.meta.put(pk, COMPLETION_SK, done, { expectedVersion: version });
}

/** Enforces the configured size and type limits (again at ingest, on the real bytes). */
function checkLimits(deps: PlatformDeps, bytes: number, contentType: string): void {
  const { maxUploadBytes, allowedContentTypes } = deps.config;
  if (bytes > maxUploadBytes) {
    throw new LvuError('PAYLOAD_TOO_LARGE', `bytes ${bytes} exceeds the limit of ${maxUploadBytes}`, {
      details: { issues: [{ path: 'bytes', message: `at most ${maxUploadBytes}` }], maxBytes: maxUploadBytes },
    });
  }
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  if (!allowedContentTypes.includes(base)) {
    throw new LvuError('UNSUPPORTED_MEDIA_TYPE', `content type ${JSON.stringify(contentType)} is not accepted`, {
      details: { issues: [{ path: 'contentType', message: 'not an accepted video type' }], allowed: allowedContentTypes },
    });
  }
}

function checkPartNumbers(request: CompleteUploadRequest, partCount: number): void {
  const numbers = request.parts.map((p) => p.partNumber).sort((a, b) => a - b);
  const complete = numbers.length === partCount && numbers.every((n, i) => n === i + 1);
  if (!complete) {
    throw new ValidationError(`parts must list each part 1..${partCount} exactly once`, {
      details: { issues: [{ path: 'parts', message: `expected ${partCount} parts numbered 1..${partCount}` }] },
    });
  }
}

async function claimIdempotencyKey(
  deps: PlatformDeps,
  tenantId: string,
  key: string,
  videoId: string,
  fingerprint: string,
): Promise<{ videoId: string }> {
  const pk = Keys.tenant(tenantId);
  try {
    await deps.meta.put(pk, Keys.idempotency(key), { videoId, fingerprint }, { expectedVersion: null });
    return { videoId };
  } catch (err) {
    if (!hasCode(err, 'CONDITION_FAILED')) throw err;
  }
  const item = await deps.meta.get<{ videoId: string; fingerprint: string }>(pk, Keys.idempotency(key));
  if (!item) throw new LvuError('CONFLICT', 'idempotency key is being used concurrently; retry');
  if (item.data.fingerprint !== fingerprint) {
    throw new LvuError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used with a different request body', {
      details: { idempotencyKey: key },
    });
  }
  return { videoId: item.data.videoId };
}

async function startUpload(
  deps: PlatformDeps,
  videoId: string,
  request: CreateVideoRequest,
): Promise<{ info: UploadInfo; response: CreateVideoResponse['upload'] }> {
  const key = ArtifactKeys.source(videoId);
  const expiresSec = deps.config.urlTtlSec;
  const expiresAt = new Date(deps.now().getTime() + expiresSec * 1000).toISOString();
  const common = { expiresSec, contentType: request.contentType, maxBytes: request.bytes };
  if (request.bytes <= deps.config.multipartThresholdBytes) {
    const url = await deps.presigner.presignPut(key, common);
    const headers = { 'content-type': request.contentType, ...deps.presigner.putHeaders };
    return { info: { mode: 'single' }, response: { mode: 'single', method: 'PUT', url, headers, expiresAt } };
  }
  const plan = await deps.presigner.createMultipartUpload(key, request.bytes, { ...common, partBytes: deps.config.partBytes });
  const info: UploadInfo = { mode: 'multipart', uploadId: plan.uploadId, partBytes: plan.partBytes, partCount: plan.parts.length };
  return { info, response: { mode: 'multipart', uploadId: plan.uploadId, partBytes: plan.partBytes, parts: plan.parts, expiresAt } };
}

/** The response of an idempotent replay: same video, URLs signed again. */
async function replayResponse(deps: PlatformDeps, record: VideoRecord): Promise<CreateVideoResponse> {
  const key = ArtifactKeys.source(record.videoId);
  const expiresSec = deps.config.urlTtlSec;
  const expiresAt = new Date(deps.now().getTime() + expiresSec * 1000).toISOString();
  if (record.upload.mode === 'single') {
    const url = await deps.presigner.presignPut(key, { expiresSec, contentType: record.contentType, maxBytes: record.bytes });
    const headers = { 'content-type': record.contentType, ...deps.presigner.putHeaders };
    return { videoId: record.videoId, status: record.status, upload: { mode: 'single', method: 'PUT', url, headers, expiresAt } };
  }
  const { uploadId, partBytes, partCount } = record.upload;
  const parts = await Promise.all(
    Array.from({ length: partCount }, async (_, i) => ({
      partNumber: i + 1,
      url: await deps.presigner.presignPart(key, uploadId, i + 1, expiresSec),
    })),
  );
  return { videoId: record.videoId, status: record.status, upload: { mode: 'multipart', uploadId, partBytes, parts, expiresAt } };
}

function newRecord(
  deps: PlatformDeps,
  tenantId: string,
  videoId: string,
  request: CreateVideoRequest,
  upload: UploadInfo,
  idempotencyKey: string | undefined,
): VideoRecord {
  const at = deps.now().toISOString();
  return {
    videoId,
    tenantId,
    status: 'awaiting_upload',
    stage: 'upload',
    filename: request.filename,
    bytes: request.bytes,
    contentType: request.contentType,
    tasks: request.tasks ?? ['shots'],
    options: request.options ?? {},
    upload,
    createdAt: at,
    updatedAt: at,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(request.externalId ? { externalId: request.externalId } : {}),
  };
}
