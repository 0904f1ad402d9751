import { z } from 'zod';
import { VideoIdSchema } from '../jobs/model';
import { ModelRefSchema } from '../jobs/tasks';
import { LvuTaskSchema } from '../lvu-tasks';

/**
 * Contracts of user-taught tasks: the HTTP bodies of `/v1/tasks`, the task and label
 * records in the MetadataStore, and the stored head (a versioned blob per tenant). `.meta({ id })`
 * names the OpenAPI component.
 */

/** A task name: as in the LVU catalog (lowercase letters, digits, `_`, `-`; 64 at most). */
export const TaskNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ and -, starting with a letter (at most 64)');

const description = z.string().max(500).default('');

/** `POST /v1/tasks`: a classification over `labels`, or a regression. */
export const DefineTaskRequestSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        name: TaskNameSchema,
        kind: z.literal('classification'),
        description,
        labels: z
          .array(z.string().min(1).max(100))
          .min(2)
          .max(100)
          .refine((l) => new Set(l).size === l.length, 'labels must be distinct'),
      })
      .strict(),
    z.object({ name: TaskNameSchema, kind: z.literal('regression'), description }).strict(),
  ])
  .meta({ id: 'DefineTaskRequest' });
export type DefineTaskRequest = z.infer<typeof DefineTaskRequestSchema>;

export const TaskNameParamsSchema = z.object({ name: TaskNameSchema });
export const TaskLabelParamsSchema = z.object({ name: TaskNameSchema, videoId: VideoIdSchema });

/** A label: a class name (classification) or a finite number (regression). */
export const LabelValueSchema = z.union([z.string().min(1).max(100), z.number().finite()]);
export type LabelValue = z.infer<typeof LabelValueSchema>;

/** `PUT /v1/tasks/{name}/labels`: many at once; all or nothing. */
export const PutLabelsRequestSchema = z
  .object({
    labels: z
      .array(z.object({ videoId: VideoIdSchema, label: LabelValueSchema }).strict())
      .min(1)
      .max(500),
  })
  .strict()
  .meta({ id: 'PutLabelsRequest' });
export type PutLabelsRequest = z.infer<typeof PutLabelsRequestSchema>;

/** One label that was not stored, and why (`code` is stable). */
export const RejectedLabelSchema = z
  .object({ videoId: z.string(), label: LabelValueSchema.optional(), code: z.string(), reason: z.string() })
  .meta({ id: 'RejectedLabel' });
export type RejectedLabel = z.infer<typeof RejectedLabelSchema>;

export const PutLabelsResponseSchema = z
  .object({ task: TaskNameSchema, stored: z.number().int(), rejected: z.array(RejectedLabelSchema), labelled: z.number().int() })
  .meta({
    id: 'PutLabelsResponse',
    description: 'Every label stored (rejected is empty); otherwise the request fails with LABELS_REJECTED and stores none.',
  });

/** `POST /v1/tasks/{name}/labels/import`: an LVU-benchmark CSV, rows mapped to videos by their `externalId`. */
export const ImportLabelsRequestSchema = z
  .object({
    csv: z.string().min(1).max(60_000),
    /** Column holding the id the videos were uploaded with (`externalId`); default: youtube_id, video_id, id, externalId. */
    idColumn: z.string().min(1).max(64).optional(),
    /** Column holding the label; default: label, class, class_id, or the task's name. */
    labelColumn: z.string().min(1).max(64).optional(),
  })
  .strict()
  .meta({ id: 'ImportLabelsRequest' });
export type ImportLabelsRequest = z.infer<typeof ImportLabelsRequestSchema>;

/** `POST /v1/tasks/{name}/train` (body optional). */
export const TrainRequestSchema = z
  .object({ folds: z.number().int().min(2).max(20).default(5), lambda: z.number().positive().max(100).optional() })
  .strict()
  .meta({ id: 'TrainRequest' });
export type TrainRequest = z.infer<typeof TrainRequestSchema>;

/** Cross-validation of one head version: grouped by video, next to the majority-class (or mean) baseline. */
export const CvFiguresSchema = z
  .object({
    metric: z.enum(['accuracy', 'mse']),
    folds: z.number().int(),
    perFold: z.array(z.number()),
    mean: z.number().nullable(),
    baseline: z.number().nullable(),
  })
  .meta({ id: 'CvFigures' });
export type CvFigures = z.infer<typeof CvFiguresSchema>;

/** A fitted linear head on standardised span embeddings (stages/transformer/heads.ts). */
export const LinearHeadSchema = z.object({
  kind: z.enum(['classification', 'regression']),
  dim: z.number().int().positive(),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  lambda: z.number(),
});
export type LinearHead = z.infer<typeof LinearHeadSchema>;

/** One head version as the task record lists it. */
export const HeadVersionSchema = z
  .object({
    version: z.number().int().positive(),
    trainedAt: z.string(),
    model: ModelRefSchema,
    cv: CvFiguresSchema,
    videos: z.number().int(),
    spans: z.number().int(),
    /** Labelled videos per label (class name; `value` for regression). */
    labelCounts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'HeadVersion' });
export type HeadVersion = z.infer<typeof HeadVersionSchema>;

/**
 * The stored head (`tenants/{tenant}/heads/{task}/{version}`): the task definition, the
 * transformer version whose span embeddings it was fitted on, weights and CV figures.
 */
export const StoredHeadSchema = z.object({
  task: LvuTaskSchema,
  version: z.number().int().positive(),
  model: ModelRefSchema,
  head: LinearHeadSchema,
  cv: CvFiguresSchema,
  videos: z.number().int(),
  spans: z.number().int(),
  trainedAt: z.string().optional(),
});
export type StoredHead = z.infer<typeof StoredHeadSchema>;

/** Where a task's training stands. */
export const TrainingStateSchema = z
  .object({
    status: z.enum(['idle', 'queued', 'running', 'done', 'refused', 'failed']),
    /** The version being (or last) trained. */
    version: z.number().int().positive().optional(),
    requestedAt: z.string().optional(),
    /** Id of the training job (the train task's key); a late delivery of an older job is skipped. */
    job: z.string().optional(),
    finishedAt: z.string().optional(),
    folds: z.number().int().optional(),
    lambda: z.number().optional(),
    /** Why training was refused or failed. */
    reason: z.string().optional(),
  })
  .meta({ id: 'TrainingState' });
export type TrainingState = z.infer<typeof TrainingStateSchema>;

/** The task record (`tenant#{t}` / `task#{name}`); LVU tasks get one when first labelled. */
export const TaskRecordSchema = z.object({
  tenantId: z.string(),
  definition: LvuTaskSchema,
  createdAt: z.string(),
  /** The head answers come from (null until trained). */
  current: z.number().int().positive().nullable(),
  versions: z.array(HeadVersionSchema),
  training: TrainingStateSchema,
});
export type TaskRecord = z.infer<typeof TaskRecordSchema>;

/** A stored label (`tenant#{t}` / `tasklabel#{name}#{videoId}`). */
export const LabelRecordSchema = z.object({ videoId: z.string(), label: LabelValueSchema, at: z.string() });
export type LabelRecord = z.infer<typeof LabelRecordSchema>;

/** `GET /v1/tasks/{name}`. */
export const TaskViewSchema = z
  .object({
    name: TaskNameSchema,
    kind: z.enum(['classification', 'regression']),
    description: z.string(),
    source: z.enum(['lvu', 'user']),
    labels: z.array(z.string()).optional(),
    labelled: z.number().int(),
    labelCounts: z.record(z.string(), z.number().int()),
    current: z.number().int().nullable(),
    versions: z.array(HeadVersionSchema),
    training: TrainingStateSchema,
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof TaskViewSchema>;

export const TaskListSchema = z.object({ tasks: z.array(TaskViewSchema) }).meta({ id: 'TaskList' });
export const TrainResponseSchema = z
  .object({ task: TaskNameSchema, version: z.number().int(), status: z.literal('queued') })
  .meta({ id: 'TrainResponse', description: 'Training queued (CPU queue); GET /v1/tasks/{name} shows its progress and figures.' });
export const DeleteTaskResponseSchema = z.object({ task: TaskNameSchema, deleted: z.literal(true) }).meta({ id: 'DeleteTaskResponse' });
export const DeleteLabelResponseSchema = z
  .object({ task: TaskNameSchema, videoId: z.string(), deleted: z.boolean() })
  .meta({ id: 'DeleteLabelResponse' });

/** MetadataStore and BlobStore keys of tasks (all in the tenant's partition / prefix). */
export const TaskKeys = {
  taskPrefix: 'task#',
  task: (name: string) => `task#${name}`,
  labelPrefix: (name: string) => `tasklabel#${name}#`,
  label: (name: string, videoId: string) => `tasklabel#${name}#${videoId}`,
  /** Reverse pointer in the video's own partition, so deleting the video finds its labels. */
  videoLabel: (name: string) => `label#${name}`,
  videoLabelPrefix: 'label#',
  headsPrefix: (tenantId: string, name: string) => `tenants/${tenantId}/heads/${name}/`,
  head: (tenantId: string, name: string, version: number) => `tenants/${tenantId}/heads/${name}/${version}`,
  /** `videos/{id}/span-embeddings/{model}@{version}.safetensors`, written by the answers task. */
  spanEmbeddingsPrefix: (videoId: string) => `videos/${videoId}/span-embeddings/`,
  spanEmbeddings: (videoId: string, model: { name: string; version: string }) =>
    `videos/${videoId}/span-embeddings/${model.name}@${model.version}.safetensors`,
} as const;
