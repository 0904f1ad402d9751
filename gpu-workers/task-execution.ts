import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { hasCode } from '../core/errors';
import type { PlatformDeps, StageFunctions } from '../core/jobs/deps';
import { recordHeartbeat } from '../core/jobs/activity';
import { Keys } from '../core/jobs/model';
import { classifyFailure, failTaskNow, recordTaskFailure } from '../core/jobs/outcomes';
import { runTask, type TaskOutcome } from '../core/jobs/run-tasks';
import { taskKey, TaskSchema, type Task } from '../core/jobs/tasks';
import type { LogFields, Logger } from '../core/log';
import type { ReceivedMessage, WorkQueue } from '../core/ports/work-queue';

/** Progress writes per running chunk are throttled to one per this many ms. */
const PROGRESS_EVERY_MS = 1000;
/** Longest pause before a failed task is retried (exponential backoff caps here). */
const MAX_BACKOFF_SEC = 60;

export interface ExecutionSettings {
  visibilitySec: number;
  retryBackoffSec: number;
  scratchDir: string;
  log: Logger;
}

/** How one delivery ended: acknowledged, handed back (shutdown), or failed (will retry / DLQ). */
export type DeliveryResult = 'acked' | 'released' | 'failed';

/**
 * Runs one received task message: heartbeats its visibility while it works, records
 * progress, acknowledges only after `runTask` made every output and the fan-in count
 * durable. On failure it records the error (for the DLQ handler) and hides the message
 * for an exponential backoff; when `stop` aborts, it releases the message at once.
 */
export async function executeDelivery(
  deps: PlatformDeps,
  stages: StageFunctions,
  queue: WorkQueue,
  message: ReceivedMessage,
  settings: ExecutionSettings,
  stop: AbortSignal,
): Promise<DeliveryResult> {
  const parsed = TaskSchema.safeParse(message.body);
  if (!parsed.success) {
    settings.log.warn(`malformed task ${message.id} (left for the dead-letter queue): ${parsed.error.issues[0]?.message}`, {
      messageId: message.id,
    });
    await queue.extendVisibility(message.receiptHandle, settings.retryBackoffSec).catch(() => undefined);
    return 'failed';
  }
  const task = parsed.data;
  const work = new AbortController();
  const onStop = () => work.abort(new Error('worker is shutting down'));
  stop.addEventListener('abort', onStop, { once: true });
  const heartbeat = startHeartbeat(deps, task, queue, message, settings, work);
  const progress = progressWriter(deps, task);
  const scratchDir = await mkdtemp(path.join(settings.scratchDir, `task-${task.type}-`));
  settings.log.info(`${describe(task)} started (attempt ${message.receiveCount})`, taskFields(task, message));
  try {
    await recordHeartbeat(deps.meta, task, deps.now());
    await progress.start();
    const outcome = await runTask(deps, stages, task, { signal: work.signal, onProgress: progress.update, scratchDir });
    await progress.flush();
    await queue.ack(message.receiptHandle);
    settings.log.info(
      `${describe(task)} ${outcome === 'skipped' ? 'skipped (video finished or deleted)' : 'done'} (attempt ${message.receiveCount})`,
      taskFields(task, message),
    );
    return 'acked';
  } catch (err) {
    return await handleFailure(deps, queue, message, task, err, settings, stop);
  } finally {
    clearInterval(heartbeat);
    stop.removeEventListener('abort', onStop);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function handleFailure(
  deps: PlatformDeps,
  queue: WorkQueue,
  message: ReceivedMessage,
  task: Task,
  err: unknown,
  settings: ExecutionSettings,
  stop: AbortSignal,
): Promise<DeliveryResult> {
  if (stop.aborted) {
    await queue.release(message.receiptHandle).catch(() => undefined);
    settings.log.info(`${describe(task)} released for another worker (shutdown)`, taskFields(task, message));
    return 'released';
  }
  const code = (err as { code?: string })?.code ?? 'INTERNAL';
  const reason = `${code}: ${(err as Error)?.message ?? err}`;
  const attempt = `attempt ${message.receiveCount} of ${deps.config.maxAttempts}`;
  if (classifyFailure(err) === 'permanent' && (await failPermanently(deps, queue, message, task, err, settings))) {
    settings.log.error(`${describe(task)} failed (${attempt}, permanent: not retried): ${reason}`, { ...taskFields(task, message), err });
    return 'failed';
  }
  await recordTaskFailure(deps, task, err, message.receiveCount).catch(() => undefined);
  if (message.receiveCount >= deps.config.maxAttempts) {
    // The last attempt: hand it straight back, so the next receive dead-letters it.
    await queue.release(message.receiptHandle).catch(() => undefined);
    settings.log.error(`${describe(task)} failed (${attempt}, giving up: dead-lettered): ${reason}`, { ...taskFields(task, message), err });
    return 'failed';
  }
  const backoff = Math.min(MAX_BACKOFF_SEC, settings.retryBackoffSec * 2 ** (message.receiveCount - 1));
  await queue.extendVisibility(message.receiptHandle, backoff).catch(() => undefined);
  settings.log.warn(`${describe(task)} failed (${attempt}, retry in ${backoff}s): ${reason}`, {
    ...taskFields(task, message),
    retryInSec: backoff,
    err,
  });
  return 'failed';
}

/**
 * A permanent error (see `classifyFailure`): fails the video now and acknowledges the task.
 * False when that could not be recorded (the task then takes the retry path).
 */
async function failPermanently(
  deps: PlatformDeps,
  queue: WorkQueue,
  message: ReceivedMessage,
  task: Task,
  err: unknown,
  settings: ExecutionSettings,
): Promise<boolean> {
  try {
    await failTaskNow(deps, task, err);
    await queue.ack(message.receiptHandle);
    return true;
  } catch (failure) {
    settings.log.warn(`${describe(task)} could not be failed at once (${(failure as Error).message}); retrying it`, {
      ...taskFields(task, message),
      err: failure,
    });
    return false;
  }
}

/**
 * Extends visibility every third of the timeout and records the heartbeat the stuck-job
 * sweep reads; a lost receipt aborts the work (someone else has it).
 */
function startHeartbeat(
  deps: PlatformDeps,
  task: Task,
  queue: WorkQueue,
  message: ReceivedMessage,
  settings: ExecutionSettings,
  work: AbortController,
): NodeJS.Timeout {
  const everyMs = Math.max(200, (settings.visibilitySec * 1000) / 3);
  return setInterval(() => {
    // Update only: a beat after the video was deleted (and purged) is refused.
    recordHeartbeat(deps.meta, task, deps.now(), { mustExist: true }).catch(() => undefined);
    queue.extendVisibility(message.receiptHandle, settings.visibilitySec).catch((err: unknown) => {
      if (hasCode(err, 'RECEIPT_INVALID')) work.abort(new Error('task lease lost'));
      settings.log.warn(`heartbeat for ${describe(task)} failed: ${(err as Error).message}`, { ...taskFields(task, message), err });
    });
  }, everyMs);
}

/**
 * Throttled writer of a chunk's own progress item (read by GET /videos/{id}). `start()`
 * creates the item (when absent) before the task runs (if the video is deleted meanwhile, the task's
 * clean-up removes it); later writes only update it, so one that lands after a DELETE is
 * refused instead of recreating it.
 */
function progressWriter(
  deps: PlatformDeps,
  task: Task,
): { start: () => Promise<void>; update: (fraction: number) => void; flush: () => Promise<void> } {
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const put = (fraction: number, options: { mustExist: true } | { expectedVersion: null }) => {
    if (task.type !== 'chunk') return Promise.resolve();
    const data = { chunkIndex: task.chunkIndex, fraction: Math.max(0, Math.min(1, fraction)) };
    return deps.meta.put(Keys.video(task.videoId), Keys.chunkProgress(task.chunkIndex), data, options).then(() => undefined);
  };
  return {
    // Created when absent; a redelivered chunk keeps the item it had.
    start: () =>
      put(0, { expectedVersion: null }).catch((err: unknown) => {
        if (!hasCode(err, 'CONDITION_FAILED')) throw err;
      }),
    update: (fraction) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      pending = pending.then(() => put(fraction, { mustExist: true })).catch(() => undefined);
    },
    flush: () => pending.then(() => undefined),
  };
}

/** The context fields of a task's log lines: its video, stable id, chunk and stage, and the attempt. */
function taskFields(task: Task, message: ReceivedMessage): LogFields {
  const chunk = task.type === 'chunk' ? { chunk: task.chunkIndex } : {};
  return {
    videoId: task.videoId,
    taskId: `${task.videoId}/${taskKey(task)}`,
    ...chunk,
    stage: task.type,
    attempt: message.receiveCount,
    messageId: message.id,
  };
}

function describe(task: Task): string {
  return task.type === 'chunk' ? `chunk ${task.chunkIndex} of ${task.videoId}` : `${task.type} of ${task.videoId}`;
}

export type { TaskOutcome };
