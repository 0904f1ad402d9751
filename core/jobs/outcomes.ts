import { LvuError } from '../errors';
import type { PlatformDeps } from './deps';
import { Keys, type ErrorInfo, type VideoRecord } from './model';
import { taskKey, TaskSchema, type Task } from './tasks';
import { VideoRepository } from './videos';

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
  await deps.meta.put(Keys.video(task.videoId), Keys.attempt(taskKey(task)), { ...info, receiveCount, at: deps.now().toISOString() });
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
  const error: ErrorInfo = {
    code: typeof last?.data.code === 'string' ? last.data.code : 'TASK_FAILED',
    message: `${task.type} task failed after ${deps.config.maxAttempts} attempt(s): ${last?.data.message ?? 'no error was recorded (the worker may have crashed)'}`,
    stage: stageOf(task),
  };
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
    id: `VideoFailed:${record.videoId}`,
    type: 'VideoFailed',
    time: deps.now().toISOString(),
    tenantId: record.tenantId,
    videoId: record.videoId,
    detail: { error },
  });
}

/** Publishes `VideoAnalyzed` with a short summary. */
export async function publishAnalyzed(deps: PlatformDeps, record: VideoRecord, detail: Record<string, unknown>): Promise<void> {
  await deps.events.publish({
    id: `VideoAnalyzed:${record.videoId}`,
    type: 'VideoAnalyzed',
    time: deps.now().toISOString(),
    tenantId: record.tenantId,
    videoId: record.videoId,
    detail,
  });
}

function stageOf(task: Exclude<Task, { type: 'answers' }>): ErrorInfo['stage'] {
  return task.type === 'chunk' ? 'chunks' : task.type;
}
