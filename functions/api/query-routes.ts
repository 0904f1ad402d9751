import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { ErrorBodySchema } from '../../core/api/contracts';
import { createQuery, getQuery, listQueries } from '../../core/batch/queries';
import {
  CreateQueryRequestSchema,
  ListQueriesQuerySchema,
  QueryIdParamsSchema,
  QueryListSchema,
  QueryRecordSchema,
} from '../../core/batch/query-contracts';
import type { PlatformDeps } from '../../core/jobs/deps';
import type { ApiEnv } from './api-env';

/**
 * Saved recurring queries (`/v1/queries`): a task over a set of the tenant's videos,
 * answered by the scheduled batch analysis from stored answers; results on the record.
 */
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const security = [{ apiKey: [] }];
const errors = {
  400: json(ErrorBodySchema, 'A field is missing, extra or of the wrong type (details.issues names it).'),
  401: json(ErrorBodySchema, 'Missing or invalid API key.'),
} as const;

export const createQueryRoute = createRoute({
  method: 'post',
  path: '/queries',
  operationId: 'createQuery',
  summary: 'Save a recurring query',
  description:
    'One LVU task over the videos uploaded in the last N days (or a list of ids), run by the scheduled batch analysis every hour/day/week.',
  security,
  request: { body: { content: { 'application/json': { schema: CreateQueryRequestSchema } }, required: true } },
  responses: { 201: json(QueryRecordSchema, 'Saved; the next batch run answers it.'), ...errors },
});

export const listQueriesRoute = createRoute({
  method: 'get',
  path: '/queries',
  operationId: 'listQueries',
  summary: 'List saved queries (newest first) with their latest results',
  security,
  request: { query: ListQueriesQuerySchema },
  responses: { 200: json(QueryListSchema, 'A page of queries.'), ...errors },
});

export const getQueryRoute = createRoute({
  method: 'get',
  path: '/queries/{id}',
  operationId: 'getQuery',
  summary: 'A saved query and its latest results',
  security,
  request: { params: QueryIdParamsSchema },
  responses: { 200: json(QueryRecordSchema, 'The query.'), ...errors, 404: json(ErrorBodySchema, 'No such query for this tenant.') },
});

/** Registers the query routes on the `/v1` app (auth and body limit are applied by the caller). */
export function registerQueryRoutes(api: OpenAPIHono<ApiEnv>, deps: PlatformDeps): void {
  api.openapi(createQueryRoute, async (c) => c.json(await createQuery(deps, c.get('principal'), c.req.valid('json')), 201));
  api.openapi(listQueriesRoute, async (c) => c.json(await listQueries(deps, c.get('principal'), c.req.valid('query')), 200));
  api.openapi(getQueryRoute, async (c) => c.json(await getQuery(deps, c.get('principal'), c.req.valid('param').id), 200));
}
