import { LvuError } from '../errors';
import { taskRecordExpiry } from './activity';
import type { PlatformDeps } from './deps';
import { Keys, type ErrorInfo, type VideoRecord } from './model';
import { taskKey, TaskSchema, type Task } from './tasks';
import { VideoRepository } from './videos';
import { videoTombstone } from './delete';
import { videoEventId } from '../ports/events';
import { clientMessage } from './client-messages';
import { failTraining } from '../tasks/train';

/** Longest error message kept on a record (ffmpeg's stderr can be long). */
const MAX_MESSAGE_CHARS = 2000;

/** Turns anything thrown into the `{code, message}` a video record carries. */
export function toErrorInfo(err: unknown): ErrorInfo {
  const code = err instanceof LvuError ? err.code : 'INTERNAL';
  const raw = err instanceof Error ? err.message : String(err);
  return { code, message: raw.length > MAX_MESSAGE_CHARS ? `${raw.slice(0, MAX_MESSAGE_CHARS)}…` : raw };
}

/**
 * Remembers why a task attempt failed, so that when the task lands in the dead-letter
 * queue the video can be marked failed with the last real error (not "exhausted").
 */
export async function recordTaskFailure(deps: PlatformDeps, task: Task, err: unknown, receiveCount: number): Promise<void> {
  const info = toErrorInfo(err);
  const key = [Keys.video(task.videoId), Keys.attempt(taskKey(task))] as const;
  const now = deps.now();
  await deps.meta.put(...key, { ...info, receiveCount, at: now.toISOString() }, taskRecordExpiry(task, now));
  // Written, then checked: if the video was deleted meanwhile, this record must not outlive it.
  if (await videoTombstone(deps.meta, task.videoId)) await deps.meta.delete(...key);
}

/**
 * Whether another attempt of a failed task can succeed. `permanent`: the input itself is
 * bad (not a video, truncated, corrupt, …) or the task is malformed, so every attempt fails
 * the same way and the video is failed at once. `transient`: anything else (ffmpeg missing
 * on this machine, storage or network trouble, a merge that is NOT_READY, a crash), which
 * is retried with backoff up to `maxAttempts` and then dead-lettered.
 */
export type FailureKind = 'permanent' | 'transient';

/**
 * The error codes that are `permanent` (the one place this is decided). The video codes
 * are those of `stages/video/errors.ts` that describe the file, not the machine:
 * `VIDEO_DECODE_FAILED` and `FFMPEG_MISSING` stay transient (a bad decoder setting or a
 * missing binary on one worker says nothing about the file).
 */
export const PERMANENT_ERROR_CODES = [
  'VIDEO_NOT_A_VIDEO',
  'VIDEO_CORRUPT',
  'VIDEO_TRUNCATED',
  'VIDEO_ZERO_DURATION',
  'VIDEO_UNSUPPORTED_CODEC',
  'VIDEO_ABSURD_DIMENSIONS',
  'VALIDATION_FAILED',
] as const;
export type PermanentErrorCode = (typeof PERMANENT_ERROR_CODES)[number];

const PERMANENT: ReadonlySet<string> = new Set<PermanentErrorCode>(PERMANENT_ERROR_CODES);

/** Classifies anything a task threw (see FailureKind); untyped errors are transient. */
export function classifyFailure(err: unknown): FailureKind {
  return err instanceof LvuError && PERMANENT.has(err.code) ? 'permanent' : 'transient';
}

/**
 * Fails a task's video at once after a `permanent` error (no retry, no dead-letter):
 * marks it failed with the error and publishes `VideoFailed`. Answers tasks leave the
 * video as it is (its earlier answers stay; the next batch run retries). Returns what
 * happened, for logs.
 */
export async function failTaskNow(deps: PlatformDeps, task: Task, err: unknown): Promise<'failed' | 'unchanged' | 'discarded'> {
  if (task.type === 'answers') return 'discarded';
  if (task.type === 'train') return failTraining(deps, task, toErrorInfo(err).message);
  const info = toErrorInfo(err);
  return failVideo(deps, task, { ...info, message: `${task.type} task failed: ${info.message}`, stage: stageOf(task) });
}

/**
 * Handles one dead-lettered task: marks its video failed with the last recorded error and
 * publishes `VideoFailed`. Videos already finished or deleted are left alone. Returns what
 * happened, for logs.
 */
export async function handleDeadTask(deps: PlatformDeps, body: unknown): Promise<'failed' | 'unchanged' | 'discarded'> {
  const parsed = TaskSchema.safeParse(body);
  if (!parsed.success) return 'discarded';
  const task = parsed.data;
  // A failed re-answer leaves the video's earlier answers in place; the next batch retries.
  if (task.type === 'answers') return 'discarded';
  const last = await deps.meta.get<Partial<ErrorInfo>>(Keys.video(task.videoId), Keys.attempt(taskKey(task)));
  // A training job has no video: its task record ends `failed` with the last error.
  if (task.type === 'train')
    return failTraining(
      deps,
      task,
      `training failed after ${deps.config.maxAttempts} attempt(s): ${last?.data.message ?? 'no error was recorded'}`,
    );
  return failVideo(deps, task, {
    code: typeof last?.data.code === 'string' ? last.data.code : 'TASK_FAILED',
    message: `${task.type} task failed after ${deps.config.maxAttempts} attempt(s): ${last?.data.message ?? 'no error was recorded (the worker may have crashed)'}`,
    stage: stageOf(task),
  });
}

/** Marks the video failed with `error` and publishes `VideoFailed`; finished or deleted videos are left alone. */
async function failVideo(
  deps: PlatformDeps,
  task: Exclude<Task, { type: 'answers' | 'train' }>,
  error: ErrorInfo,
): Promise<'failed' | 'unchanged'> {
  const repo = new VideoRepository(deps.meta);
  try {
    const result = await repo.apply(task.videoId, { type: 'failed', error }, deps.now);
    if (result.kind === 'unchanged') return 'unchanged';
    await publishFailure(deps, result.record, error);
    return 'failed';
  } catch (err) {
    if (err instanceof LvuError && (err.code === 'INVALID_TRANSITION' || err.code === 'NOT_FOUND')) return 'unchanged';
    throw err;
  }
}

/** Publishes `VideoFailed` (id stable per video, so replays dedupe downstream). */
export async function publishFailure(deps: PlatformDeps, record: VideoRecord, error: ErrorInfo): Promise<void> {
  await deps.events.publish({
    id: videoEventId('VideoFailed', record.videoId),
    type: 'VideoFailed',
    time: deps.now().toISOString(),
    tenantId: record.tenantId,
    videoId: record.videoId,
    detail: { error: { ...error, message: clientMessage(error.message, record) } },
  });
}

/** Publishes `VideoAnalyzed` with a short summary. */
export async function publishAnalyzed(deps: PlatformDeps, record: VideoRecord, detail: Record<string, unknown>): Promise<void> {
  await deps.events.publish({
    id: videoEventId('VideoAnalyzed', record.videoId),
    type: 'VideoAnalyzed',
    time: deps.now().toISOString(),
    tenantId: record.tenantId,
    videoId: record.videoId,
    detail,
  });
}

function stageOf(task: Exclude<Task, { type: 'answers' | 'train' }>): ErrorInfo['stage'] {
  return task.type === 'chunk' ? 'chunks' : task.type;
}
