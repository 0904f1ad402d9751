import { hasCode } from '../errors';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, videoIdFromSourceKey, type ErrorInfo, type VideoRecord } from './model';
import type { ObjectCreated, Task } from './tasks';
import { publishFailure } from './outcomes';
import { purgeVideoData, videoTombstone } from './delete';
import { isTerminal } from './state';
import { VideoRepository } from './videos';

/** What ingest did with one object-created event (for logs and tests). */
export type IngestOutcome = 'started' | 'ignored' | 'replayed' | 'rejected';

/**
 * Starts the job for a freshly uploaded source: checks the real bytes against the declared
 * size and the limits, enqueues the probe task and marks the video `queued`. Safe to run
 * twice for the same event (S3 and SQS deliver at least once): the probe task is enqueued
 * before the state changes, so a crash in between only repeats the enqueue.
 */
export async function startJob(deps: PlatformDeps, event: ObjectCreated): Promise<IngestOutcome> {
  const videoId = videoIdFromSourceKey(event.key);
  if (!videoId) return 'ignored';
  const repo = new VideoRepository(deps.meta);
  const found = await repo.getById(videoId).catch((err: unknown) => {
    if (hasCode(err, 'NOT_FOUND')) return undefined;
    throw err;
  });
  if (!found) {
    // A late upload to a deleted video: its bytes go too.
    if (await videoTombstone(deps.meta, videoId)) await purgeVideoData(deps, videoId);
    return 'ignored';
  }
  // A signed URL outlived its video (S3 cannot refuse the PUT): nothing of a deleted video stays.
  if (found.record.status === 'deleted') {
    await deps.blobs.delete(event.key);
    return 'ignored';
  }
  const { record } = found;
  // Bytes that landed after their upload was expired belong to no job: they go.
  if (record.status === 'failed' && record.error?.code === 'UPLOAD_EXPIRED') {
    await deps.blobs.deleteByPrefix(ArtifactKeys.prefix(videoId));
    return 'ignored';
  }
  if (record.status !== 'awaiting_upload') return lateUpload(deps, record, event);
  const checked = await checkUploadedBytes(deps, videoId, record.bytes);
  if ('problem' in checked) {
    await repo.apply(videoId, { type: 'failed', error: checked.problem }, deps.now);
    await publishFailure(deps, record, checked.problem);
    return 'rejected';
  }
  const task: Task = { type: 'probe', videoId, tenantId: record.tenantId };
  await deps.queues.cpu.send(task);
  await repo.apply(videoId, { type: 'uploaded', sourceEtag: checked.etag }, deps.now);
  return 'started';
}

/**
 * An object-created for a video past its upload. The same ETag is a redelivery (a replay);
 * another one means a still-valid signed URL replaced the source, which S3 cannot refuse.
 * A job in flight then fails (SOURCE_REPLACED) rather than analyse other bytes than those
 * it started on; a finished video keeps its results and its record (`ignored`).
 */
async function lateUpload(deps: PlatformDeps, record: VideoRecord, event: ObjectCreated): Promise<IngestOutcome> {
  const unquote = (etag: string) => etag.replace(/^"|"$/g, '');
  const replaced = record.sourceEtag !== undefined && event.etag !== undefined && unquote(event.etag) !== unquote(record.sourceEtag);
  if (!replaced) return 'replayed';
  if (isTerminal(record.status)) return 'ignored';
  const error: ErrorInfo = {
    code: 'SOURCE_REPLACED',
    message: `${JSON.stringify(record.filename)} was overwritten through its upload URL after processing started; upload the new file as a new video`,
    stage: record.stage,
  };
  try {
    await new VideoRepository(deps.meta).apply(record.videoId, { type: 'failed', error }, deps.now);
  } catch (err) {
    if (hasCode(err, 'INVALID_TRANSITION')) return 'ignored';
    throw err;
  }
  await publishFailure(deps, record, error);
  return 'rejected';
}

/** The limits checked on the bytes that actually landed (a signed URL may not enforce them). */
async function checkUploadedBytes(
  deps: PlatformDeps,
  videoId: string,
  declared: number,
): Promise<{ problem: ErrorInfo } | { etag: string }> {
  const info = await deps.blobs.head(ArtifactKeys.source(videoId));
  if (!info) return { problem: { code: 'UPLOAD_MISSING', message: 'the uploaded source is not in storage', stage: 'upload' } };
  if (info.bytes > deps.config.maxUploadBytes) {
    return {
      problem: {
        code: 'UPLOAD_TOO_LARGE',
        message: `upload of ${info.bytes} bytes exceeds the limit of ${deps.config.maxUploadBytes}`,
        stage: 'upload',
      },
    };
  }
  if (info.bytes !== declared) {
    return {
      problem: { code: 'UPLOAD_SIZE_MISMATCH', message: `uploaded ${info.bytes} bytes but ${declared} were declared`, stage: 'upload' },
    };
  }
  return { etag: info.etag };
}
