import { z } from 'zod';

/**
 * Messages on the work queues. Each task names its video and tenant and is idempotent:
 * the same task run twice writes the same keys with the same bytes. `probe` and `merge` go
 * to the CPU queue, `chunk` to the GPU queue.
 */
const Base = { videoId: z.string().min(1), tenantId: z.string().min(1) };

export const ProbeTaskSchema = z.object({ type: z.literal('probe'), ...Base }).strict();
export const ChunkTaskSchema = z.object({ type: z.literal('chunk'), ...Base, chunkIndex: z.number().int().nonnegative() }).strict();
export const MergeTaskSchema = z.object({ type: z.literal('merge'), ...Base }).strict();

export const TaskSchema = z.discriminatedUnion('type', [ProbeTaskSchema, ChunkTaskSchema, MergeTaskSchema]);
export type Task = z.infer<typeof TaskSchema>;
export type TaskType = Task['type'];

/** Which queue a task type belongs on. */
export const TASK_QUEUE: Record<TaskType, 'cpu' | 'gpu'> = { probe: 'cpu', chunk: 'gpu', merge: 'cpu' };

/** The idempotency key of a task: `{type}` or `{type}-{chunkIndex}` (per video). */
export function taskKey(task: Task): string {
  return task.type === 'chunk' ? `chunk-${task.chunkIndex}` : task.type;
}

/**
 * "Bytes landed at `key`": emitted by the local blob store, or by S3 (ObjectCreated, via
 * SQS) once the AWS ingest handler has mapped the S3 record to this shape.
 */
export const ObjectCreatedSchema = z.object({
  type: z.literal('ObjectCreated'),
  key: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  etag: z.string().optional(),
});
export type ObjectCreated = z.infer<typeof ObjectCreatedSchema>;
