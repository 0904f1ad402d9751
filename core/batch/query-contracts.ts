import { z } from 'zod';
import { findLvuTask } from '../lvu-tasks';
import { VideoIdSchema } from '../jobs/model';

/**
 * Saved recurring queries: one LVU task over a set of a tenant's videos (e.g. "genre of
 * everything uploaded this week"), run by the scheduled batch analysis, results stored on
 * the query. Request and response bodies of `POST/GET /v1/queries`.
 */

/** Which videos a query covers: the last N days of uploads, or a fixed list. */
export const QuerySelectionSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('recent'), days: z.number().int().min(1).max(366) }).strict(),
    z.object({ kind: z.literal('ids'), videoIds: z.array(VideoIdSchema).min(1).max(500) }).strict(),
  ])
  .meta({ id: 'QuerySelection', description: '`recent`: videos uploaded in the last `days` days; `ids`: these videos.' });

export const QueryIdSchema = z.string().regex(/^q_[0-9a-z]{26}$/, 'not a query id');

export const CreateQueryRequestSchema = z
  .object({
    name: z.string().min(1).max(200),
    task: z
      .string()
      .refine(
        (t) => findLvuTask(t) !== undefined,
        'not an LVU task (relationship, speaking_style, scene, director, genre, writer, year, like_ratio, view_count)',
      ),
    videos: QuerySelectionSchema,
    every: z.enum(['hour', 'day', 'week']).default('day'),
    /** Answer model name; its registered version is used (default: the object transformer). */
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)
      .default('object-transformer'),
  })
  .strict()
  .meta({ id: 'CreateQueryRequest' });
export type CreateQueryRequest = z.infer<typeof CreateQueryRequestSchema>;

/** One video's line in a query result. */
export const QueryResultRowSchema = z
  .object({
    videoId: z.string(),
    filename: z.string().optional(),
    createdAt: z.string().optional(),
    /** `answered`; `pending` (not done, or no answers from the current model yet); `not_trained` (no head for the task); `unavailable` (deleted or unknown). */
    status: z.enum(['answered', 'pending', 'not_trained', 'unavailable']),
    prediction: z.string().optional(),
    probabilities: z.record(z.string(), z.number()).optional(),
    value: z.number().optional(),
  })
  .meta({ id: 'QueryResultRow' });
export type QueryResultRow = z.infer<typeof QueryResultRowSchema>;

export const QueryRunSchema = z
  .object({
    at: z.string(),
    model: z.object({ name: z.string(), version: z.string() }).nullable(),
    rows: z.array(QueryResultRowSchema),
    /** True when more videos matched than one run covers (`LVU_MAX_QUERY_VIDEOS`). */
    truncated: z.boolean(),
  })
  .meta({ id: 'QueryRun' });
export type QueryRun = z.infer<typeof QueryRunSchema>;

/** The stored query (also the GET response). */
export const QueryRecordSchema = z
  .object({
    queryId: QueryIdSchema,
    tenantId: z.string(),
    name: z.string(),
    task: z.string(),
    videos: QuerySelectionSchema,
    every: z.enum(['hour', 'day', 'week']),
    model: z.string(),
    createdAt: z.string(),
    nextRunAt: z.string(),
    lastRun: QueryRunSchema.nullable(),
  })
  .meta({ id: 'Query' });
export type QueryRecord = z.infer<typeof QueryRecordSchema>;

export const QueryListSchema = z.object({ queries: z.array(QueryRecordSchema), cursor: z.string().optional() }).meta({ id: 'QueryList' });
export type QueryList = z.infer<typeof QueryListSchema>;

export const ListQueriesQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().min(1).max(2000).optional() })
  .strict();

export const QueryIdParamsSchema = z.object({ id: QueryIdSchema });
