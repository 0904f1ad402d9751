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

/** A model version, as in `answers/{name}@{version}.json`. */
export const ModelRefSchema = z
  .object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/), version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/) })
  .strict();
export type ModelRef = z.infer<typeof ModelRefSchema>;

/**
 * Re-answer a finished video with `model` from its stored feature bank (scheduled batch
 * analysis; never decodes video). CPU queue.
 */
export const AnswersTaskSchema = z.object({ type: z.literal('answers'), ...Base, model: ModelRefSchema }).strict();

/**
 * Train a task head (core/tasks/train.ts). There is no video: `videoId` carries the training
 * job's id, under which its heartbeat and attempts are filed like any task's. CPU queue.
 */
export const TrainTaskSchema = z
  .object({
    type: z.literal('train'),
    videoId: z.string().regex(/^train_[a-z0-9_-]{1,120}$/),
    tenantId: z.string().min(1),
    task: z.string().min(1).max(64),
    version: z.number().int().positive(),
  })
  .strict();

export const TaskSchema = z.discriminatedUnion('type', [
  ProbeTaskSchema,
  ChunkTaskSchema,
  MergeTaskSchema,
  AnswersTaskSchema,
  TrainTaskSchema,
]);
export type Task = z.infer<typeof TaskSchema>;
export type TaskType = Task['type'];

/** The idempotency key of a task: `{type}`, `chunk-{chunkIndex}` or `answers-{model}@{version}` (per video). */
export function taskKey(task: Task): string {
  if (task.type === 'chunk') return `chunk-${task.chunkIndex}`;
  if (task.type === 'answers') return `answers-${task.model.name}@${task.model.version}`;
  if (task.type === 'train') return `train-${task.task}-${task.version}`;
  return task.type;
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
