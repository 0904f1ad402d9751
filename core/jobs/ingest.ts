import { hasCode } from '../errors';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, videoIdFromSourceKey, type ErrorInfo } from './model';
import type { ObjectCreated, Task } from './tasks';
import { publishFailure } from './outcomes';
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
  if (!found) return 'ignored';
  const { record } = found;
  if (record.status !== 'awaiting_upload') return 'replayed';
  const problem = await checkUploadedBytes(deps, videoId, record.bytes);
  if (problem) {
    await repo.apply(videoId, { type: 'failed', error: problem }, deps.now);
    await publishFailure(deps, record, problem);
    return 'rejected';
  }
  const task: Task = { type: 'probe', videoId, tenantId: record.tenantId };
  await deps.queues.cpu.send(task);
  await repo.apply(videoId, { type: 'uploaded' }, deps.now);
  return 'started';
}

/** The limits checked on the bytes that actually landed (a signed URL may not enforce them). */
async function checkUploadedBytes(deps: PlatformDeps, videoId: string, declared: number): Promise<ErrorInfo | undefined> {
  const info = await deps.blobs.head(ArtifactKeys.source(videoId));
  if (!info) return { code: 'UPLOAD_MISSING', message: 'the uploaded source is not in storage', stage: 'upload' };
  if (info.bytes > deps.config.maxUploadBytes) {
    return { code: 'UPLOAD_TOO_LARGE', message: `upload of ${info.bytes} bytes exceeds the limit of ${deps.config.maxUploadBytes}`, stage: 'upload' };
  }
  if (info.bytes !== declared) {
    return { code: 'UPLOAD_SIZE_MISMATCH', message: `uploaded ${info.bytes} bytes but ${declared} were declared`, stage: 'upload' };
  }
  return undefined;
}
