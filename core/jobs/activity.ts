import type { MetadataStore } from '../ports/metadata-store';
import { Keys, type VideoRecord } from './model';
import { taskKey, type Task } from './tasks';

/** A worker's heartbeat for a video: when it last proved it was working, and on what. */
export interface Heartbeat {
  at: string;
  task: string;
}

/**
 * How long the records a training task files under its job id (heartbeat, failed attempts)
 * are kept: no video record owns them, so no DELETE or purge ever removes them; they expire
 * through the store's TTL instead, long after the task's retries and dead-lettering are over.
 */
export const TRAIN_TASK_RECORD_TTL_SEC = 14 * 24 * 3600;

/** `expiresAt` for a record a task writes under its `videoId`: only a training task's expire. */
export function taskRecordExpiry(task: Task, now: Date): { expiresAt?: Date } {
  return task.type === 'train' ? { expiresAt: new Date(now.getTime() + TRAIN_TASK_RECORD_TTL_SEC * 1000) } : {};
}

/**
 * Records that a worker is alive and working on `task` (at task start and on every
 * visibility extension). The stuck-job sweep reads it: a job whose record and heartbeat
 * are both older than the deadline has no worker. `mustExist` for the periodic beats, so a
 * beat that lands after its video was deleted is refused instead of recreating the item.
 */
export async function recordHeartbeat(meta: MetadataStore, task: Task, now: Date, options: { mustExist?: boolean } = {}): Promise<void> {
  const data: Heartbeat = { at: now.toISOString(), task: taskKey(task) };
  await meta.put(Keys.video(task.videoId), Keys.heartbeat, data, { ...options, ...taskRecordExpiry(task, now) });
}

/**
 * The last sign of life of a video's job, in ms since the epoch: the latest of the record's
 * `updatedAt`, the workers' heartbeat and the sweep's own last re-enqueue.
 */
export async function lastActivityMs(meta: MetadataStore, record: VideoRecord): Promise<number> {
  const pk = Keys.video(record.videoId);
  const [beat, sweep] = await Promise.all([meta.get<{ at?: unknown }>(pk, Keys.heartbeat), meta.get<{ at?: unknown }>(pk, Keys.sweep)]);
  const times = [record.updatedAt, beat?.data.at, sweep?.data.at].filter((t): t is string => typeof t === 'string');
  return Math.max(...times.map((t) => Date.parse(t)).filter((n) => Number.isFinite(n)));
}
