import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ErrorBodySchema } from '../../core/api/contracts';
import type { PlatformDeps } from '../../core/jobs/deps';
import {
  DefineTaskRequestSchema,
  DeleteLabelResponseSchema,
  DeleteTaskResponseSchema,
  ImportLabelsRequestSchema,
  PutLabelsRequestSchema,
  PutLabelsResponseSchema,
  TaskLabelParamsSchema,
  TaskListSchema,
  TaskNameParamsSchema,
  TaskViewSchema,
  TrainRequestSchema,
  TrainResponseSchema,
  type TrainRequest,
} from '../../core/tasks/contracts';
import { defineTask, deleteTask, getTask, listTasks } from '../../core/tasks/define';
import { deleteLabel, importLabels, putLabels } from '../../core/tasks/labels';
import { requestTraining } from '../../core/tasks/train';
import type { ApiEnv } from './api-env';

/**
 * Tasks a tenant teaches lvu (`/v1/tasks`): define, label videos, train a head on their
 * span embeddings (a CPU-queue task), read the head versions with their cross-validation
 * figures. The nine LVU tasks exist in every tenant. Answers appear in `/videos/{id}/results`.
 */
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T, required = true) => ({ content: { 'application/json': { schema } }, required });
const security = [{ apiKey: [] }];
const errors = {
  400: json(ErrorBodySchema, 'A field is missing, extra or of the wrong type (details.issues names it).'),
  401: json(ErrorBodySchema, 'Missing or invalid API key.'),
} as const;
const notFound = { 404: json(ErrorBodySchema, 'No such task in this tenant.') };
const rejected = {
  422: json(
    ErrorBodySchema,
    'LABELS_REJECTED: details.rejected lists each label with a code (VIDEO_NOT_FOUND, VIDEO_NOT_DONE, NO_SPAN_EMBEDDINGS, LABEL_NOT_IN_TASK, DUPLICATE_VIDEO) and reason; none was stored.',
  ),
};

export const defineTaskRoute = createRoute({
  method: 'post',
  path: '/tasks',
  operationId: 'defineTask',
  summary: 'Define a task',
  security,
  description: 'A classification over `labels`, or a regression. The nine LVU tasks exist already and their names are taken.',
  request: { body: body(DefineTaskRequestSchema) },
  responses: {
    201: json(TaskViewSchema, 'Defined.'),
    ...errors,
    409: json(ErrorBodySchema, 'TASK_EXISTS, or LVU_TASK_NAME (one of the nine LVU tasks).'),
  },
});

export const listTasksRoute = createRoute({
  method: 'get',
  path: '/tasks',
  operationId: 'listTasks',
  summary: "The nine LVU tasks, then the tenant's own",
  security,
  responses: { 200: json(TaskListSchema, 'Every task with label counts, head versions and training state.'), ...errors },
});

export const getTaskRoute = createRoute({
  method: 'get',
  path: '/tasks/{name}',
  operationId: 'getTask',
  summary: 'A task: definition, label counts, head versions with CV figures, training state',
  security,
  request: { params: TaskNameParamsSchema },
  responses: { 200: json(TaskViewSchema, 'The task.'), ...errors, ...notFound },
});

export const deleteTaskRoute = createRoute({
  method: 'delete',
  path: '/tasks/{name}',
  operationId: 'deleteTask',
  summary: 'Delete a user task with its labels and heads',
  security,
  request: { params: TaskNameParamsSchema },
  responses: {
    200: json(DeleteTaskResponseSchema, 'Deleted.'),
    ...errors,
    ...notFound,
    409: json(ErrorBodySchema, 'LVU_TASK_NAME (LVU tasks stay) or TRAINING_IN_PROGRESS.'),
  },
});

export const putLabelsRoute = createRoute({
  method: 'put',
  path: '/tasks/{name}/labels',
  operationId: 'putTaskLabels',
  summary: 'Label videos (all or nothing)',
  security,
  description:
    'Each video must be this tenant\'s, done, and analysed with span embeddings (uploaded with tasks ["answers"]). A video labelled again gets the new label.',
  request: { params: TaskNameParamsSchema, body: body(PutLabelsRequestSchema) },
  responses: { 200: json(PutLabelsResponseSchema, 'Every label stored.'), ...errors, ...notFound, ...rejected },
});

export const importLabelsRoute = createRoute({
  method: 'post',
  path: '/tasks/{name}/labels/import',
  operationId: 'importTaskLabels',
  summary: 'Import labels from an LVU-benchmark CSV',
  security,
  description:
    'Rows are mapped to videos by the `externalId` given at upload (e.g. the YouTube id); rows matching no video are counted in `unmatched`.',
  request: { params: TaskNameParamsSchema, body: body(ImportLabelsRequestSchema) },
  responses: {
    200: json(PutLabelsResponseSchema.extend({ unmatched: z.number().int() }), 'Labels stored.'),
    ...errors,
    ...notFound,
    ...rejected,
  },
});

export const deleteLabelRoute = createRoute({
  method: 'delete',
  path: '/tasks/{name}/labels/{videoId}',
  operationId: 'deleteTaskLabel',
  summary: "Remove one video's label",
  security,
  request: { params: TaskLabelParamsSchema },
  responses: { 200: json(DeleteLabelResponseSchema, 'Removed (deleted: false when there was none).'), ...errors, ...notFound },
});

export const trainTaskRoute = createRoute({
  method: 'post',
  path: '/tasks/{name}/train',
  operationId: 'trainTask',
  summary: 'Train a new head version (queued)',
  security,
  description:
    "Fits the head on the stored span embeddings of the labelled videos with k-fold cross-validation grouped by video, stores it as the next version and re-answers the tenant's videos with it.",
  request: { params: TaskNameParamsSchema, body: body(TrainRequestSchema, false) },
  responses: {
    202: json(TrainResponseSchema, 'Training queued.'),
    ...errors,
    ...notFound,
    409: json(ErrorBodySchema, 'TRAINING_IN_PROGRESS: one training per task at a time.'),
    422: json(ErrorBodySchema, 'NOT_ENOUGH_LABELS: e.g. one class only, or a class with fewer than 2 labelled videos.'),
  },
});

/** Registers the task routes on the `/v1` app (auth and body limit are applied by the caller). */
export function registerTaskRoutes(api: OpenAPIHono<ApiEnv>, deps: PlatformDeps): void {
  api.openapi(defineTaskRoute, async (c) => c.json(await defineTask(deps, c.get('principal'), c.req.valid('json')), 201));
  api.openapi(listTasksRoute, async (c) => c.json(await listTasks(deps, c.get('principal')), 200));
  api.openapi(getTaskRoute, async (c) => c.json(await getTask(deps, c.get('principal'), c.req.valid('param').name), 200));
  api.openapi(deleteTaskRoute, async (c) => c.json(await deleteTask(deps, c.get('principal'), c.req.valid('param').name), 200));
  api.openapi(putLabelsRoute, async (c) =>
    c.json(await putLabels(deps, c.get('principal'), c.req.valid('param').name, c.req.valid('json')), 200),
  );
  api.openapi(importLabelsRoute, async (c) => {
    const result = await importLabels(deps, c.get('principal'), c.req.valid('param').name, c.req.valid('json'));
    return c.json({ ...result, unmatched: result.unmatched ?? 0 }, 200);
  });
  api.openapi(deleteLabelRoute, async (c) => {
    const { name, videoId } = c.req.valid('param');
    return c.json(await deleteLabel(deps, c.get('principal'), name, videoId), 200);
  });
  api.openapi(trainTaskRoute, async (c) => {
    // The body is optional: without one, training uses the defaults.
    const given = c.req.valid('json') as TrainRequest | undefined;
    const request = given && Object.keys(given).length > 0 ? given : TrainRequestSchema.parse({});
    return c.json(await requestTraining(deps, c.get('principal'), c.req.valid('param').name, request), 202);
  });
}
