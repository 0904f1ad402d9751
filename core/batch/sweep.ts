import { hasCode } from '../errors';
import { lastActivityMs } from '../jobs/activity';
import type { PlatformDeps } from '../jobs/deps';
import { ArtifactKeys, Keys, type ErrorInfo, type VideoRecord } from '../jobs/model';
import { publishFailure } from '../jobs/outcomes';
import { applyEvent, isTerminal, type Transition } from '../jobs/state';
import type { Task } from '../jobs/tasks';
import { VideoRepository } from '../jobs/videos';
import type { PhaseContext, PhasePage } from './phase';

/**
 * One page of the active-jobs index: expires uploads whose bytes never landed (after
 * `abandonedUploadSec`: the multipart upload is aborted, partial bytes removed, the video
 * failed with UPLOAD_EXPIRED) and rescues stuck jobs — no record change and no worker
 * heartbeat for `stuckAfterSec` — by re-enqueueing the tasks they wait for (up to
 * `maxRequeues` times, then failing them with JOB_STUCK). Entries of finished videos are
 * dropped.
 */
export async function sweepPage(ctx: PhaseContext, cursor: string | undefined): Promise<PhasePage> {
  const { deps } = ctx;
  const page = await deps.meta.query<{ tenantId?: string }>(Keys.activeJobs, { limit: ctx.limit, ...(cursor ? { cursor } : {}) });
  const repo = new VideoRepository(deps.meta);
  for (const item of page.items) {
    const found = typeof item.data.tenantId === 'string' ? await repo.getForTenant(item.data.tenantId, item.sk) : undefined;
    if (!found || isTerminal(found.record.status)) {
      // An expired upload whose clean-up a crash cut short: finish it (each step is idempotent).
      if (found?.record.status === 'failed' && found.record.error?.code === UPLOAD_EXPIRED) await removeUpload(deps, found.record);
      await deps.meta.delete(Keys.activeJobs, item.sk);
      ctx.counts.staleIndexEntries += 1;
      continue;
    }
    await sweepVideo(ctx, found.record);
  }
  return { examined: page.items.length, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function sweepVideo(ctx: PhaseContext, record: VideoRecord): Promise<void> {
  const { deps, config } = ctx;
  const now = deps.now().getTime();
  if (record.status === 'awaiting_upload') {
    if (now - Date.parse(record.createdAt) > config.abandonedUploadSec * 1000) await expireUpload(ctx, record);
    return;
  }
  if (now - (await lastActivityMs(deps.meta, record)) <= config.stuckAfterSec * 1000) return;
  const sweep = await deps.meta.get<{ requeues?: number }>(Keys.video(record.videoId), Keys.sweep);
  const requeues = sweep?.data.requeues ?? 0;
  if (requeues >= config.maxRequeues) {
    const error: ErrorInfo = {
      code: 'JOB_STUCK',
      message: `no progress for ${config.stuckAfterSec} s after ${requeues} re-enqueue(s); the job was given up`,
    };
    await fail(deps, record, error);
    ctx.counts.stuckFailed += 1;
    return;
  }
  const tasks = await pendingTasks(deps, record);
  for (const task of tasks) await (task.type === 'chunk' ? deps.queues.gpu : deps.queues.cpu).send(task);
  await deps.meta.put(Keys.video(record.videoId), Keys.sweep, {
    requeues: requeues + 1,
    at: deps.now().toISOString(),
    tasks: tasks.length,
  });
  ctx.counts.requeued += 1;
  ctx.log.warn(
    `batch: ${record.videoId} stuck in ${record.status}/${record.stage}; re-enqueued ${tasks.length} task(s) (${requeues + 1}/${config.maxRequeues})`,
    { videoId: record.videoId, stage: record.stage, requeues: requeues + 1 },
  );
}

/**
 * The tasks a stuck job is waiting for: the probe (queued), the chunks not yet counted in
 * the fan-in set (or the merge once all are), or the merge. Duplicates are harmless: every
 * task is idempotent and the fan-in set never counts a chunk twice.
 */
async function pendingTasks(deps: PlatformDeps, record: VideoRecord): Promise<Task[]> {
  const base = { videoId: record.videoId, tenantId: record.tenantId };
  if (record.status === 'queued' || record.stage === 'probe' || record.chunksTotal === undefined) return [{ type: 'probe', ...base }];
  if (record.stage === 'merge') return [{ type: 'merge', ...base }];
  const done = new Set(await deps.meta.getSet(Keys.video(record.videoId), Keys.fanIn, Keys.fanInSet));
  const missing = Array.from({ length: record.chunksTotal }, (_, i) => i).filter((i) => !done.has(String(i)));
  if (missing.length === 0) return [{ type: 'merge', ...base }];
  return missing.map((chunkIndex) => ({ type: 'chunk', ...base, chunkIndex }));
}

const UPLOAD_EXPIRED = 'UPLOAD_EXPIRED';

/**
 * Expires one abandoned upload. The state changes first, and only from `awaiting_upload`:
 * the record this page read may be stale, and an upload that landed since (now `queued`)
 * keeps its bytes and its job. Only after the video is failed are the multipart upload
 * aborted, the partial bytes removed and VideoFailed published; the active-jobs entry goes
 * last, so a crash in between leaves it, and the next sweep that reaches it finishes the
 * clean-up (`sweepPage`) — never deleting a live upload.
 */
async function expireUpload(ctx: PhaseContext, record: VideoRecord): Promise<void> {
  const { deps, config } = ctx;
  const hours = Math.round((config.abandonedUploadSec / 3600) * 10) / 10;
  const error: ErrorInfo = {
    code: UPLOAD_EXPIRED,
    message: `the upload was declared but its bytes did not arrive within ${hours} h`,
    stage: 'upload',
  };
  const repo = new VideoRepository(deps.meta);
  let result: Transition;
  try {
    result = await repo.mutate(
      record.videoId,
      (current) =>
        current.status === 'awaiting_upload'
          ? applyEvent(current, { type: 'failed', error }, deps.now())
          : { kind: 'unchanged', record: current },
      { keepActiveEntry: true },
    );
  } catch (err) {
    if (hasCode(err, 'NOT_FOUND')) return; // deleted while we looked
    throw err;
  }
  if (result.kind === 'unchanged') return; // the upload landed (or the video moved on) while we looked
  await removeUpload(deps, result.record);
  await deps.meta.delete(Keys.activeJobs, record.videoId);
  ctx.counts.uploadsExpired += 1;
}

/** Aborts the expired video's multipart upload, removes its bytes, publishes VideoFailed (idempotent: one event id). */
async function removeUpload(deps: PlatformDeps, record: VideoRecord): Promise<void> {
  if (record.upload.mode === 'multipart')
    await deps.presigner.abortMultipartUpload(ArtifactKeys.source(record.videoId), record.upload.uploadId);
  await deps.blobs.deleteByPrefix(ArtifactKeys.prefix(record.videoId));
  if (record.error) await publishFailure(deps, record, record.error);
}

/** Fails the video (the index entry goes with the terminal status) and publishes VideoFailed. */
async function fail(deps: PlatformDeps, record: VideoRecord, error: ErrorInfo): Promise<void> {
  try {
    const result = await new VideoRepository(deps.meta).apply(record.videoId, { type: 'failed', error }, deps.now);
    if (result.kind === 'changed') await publishFailure(deps, result.record, error);
  } catch (err) {
    // The job finished (or was deleted) while we looked: nothing to sweep.
    if (!hasCode(err, 'INVALID_TRANSITION')) throw err;
  }
}
