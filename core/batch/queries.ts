import type { z } from 'zod';
import { NotFoundError } from '../errors';
import type { Principal } from '../jobs/api-keys';
import type { PlatformDeps } from '../jobs/deps';
import { newVideoId } from '../jobs/model';
import { parseOrThrow } from '../validate';
import { CreateQueryRequestSchema, QueryRecordSchema, type QueryList, type QueryRecord } from './query-contracts';

/**
 * Saved queries live in one partition, `queries`, under `{tenantId}#{queryId}`: a tenant
 * lists and reads only under its own prefix (another tenant's id is simply not found),
 * while the batch analysis pages through every tenant's queries in one partition.
 */
export const QueryKeys = {
  pk: 'queries',
  sk: (tenantId: string, queryId: string) => `${tenantId}#${queryId}`,
  tenantPrefix: (tenantId: string) => `${tenantId}#`,
} as const;

/** Seconds between runs of a recurring query. */
export const QUERY_PERIOD_SEC = { hour: 3600, day: 86_400, week: 7 * 86_400 } as const;

/**
 * `POST /queries`: stores a saved query for the tenant; the next batch run answers it
 * (`nextRunAt` is now), then every `every`. Returns the stored record (`lastRun: null`).
 *
 * @example
 *   await createQuery(deps, principal, { name: 'genre this week', task: 'genre', videos: { kind: 'recent', days: 7 } });
 */
export async function createQuery(
  deps: PlatformDeps,
  principal: Principal,
  body: z.input<typeof CreateQueryRequestSchema>,
): Promise<QueryRecord> {
  const request = parseOrThrow(CreateQueryRequestSchema, body, 'query');
  const now = deps.now();
  const record: QueryRecord = {
    queryId: `q_${newVideoId(now).slice(2)}`,
    tenantId: principal.tenantId,
    name: request.name,
    task: request.task,
    videos: request.videos,
    every: request.every,
    model: request.model,
    createdAt: now.toISOString(),
    nextRunAt: now.toISOString(),
    lastRun: null,
  };
  await deps.meta.put(QueryKeys.pk, QueryKeys.sk(record.tenantId, record.queryId), record, { expectedVersion: null });
  return record;
}

/** `GET /queries`: the tenant's saved queries, newest first, with their latest results. */
export async function listQueries(deps: PlatformDeps, principal: Principal, query: { limit: number; cursor?: string }): Promise<QueryList> {
  const page = await deps.meta.query(QueryKeys.pk, {
    skPrefix: QueryKeys.tenantPrefix(principal.tenantId),
    descending: true,
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const queries = page.items.map((i) => QueryRecordSchema.parse(i.data));
  return page.cursor ? { queries, cursor: page.cursor } : { queries };
}

/** `GET /queries/{id}`: one of the tenant's queries; NOT_FOUND for unknown and other tenants' ids. */
export async function getQuery(deps: PlatformDeps, principal: Principal, queryId: string): Promise<QueryRecord> {
  const item = await deps.meta.get(QueryKeys.pk, QueryKeys.sk(principal.tenantId, queryId));
  if (!item) throw new NotFoundError(`query ${queryId} not found`, { details: { queryId } });
  return QueryRecordSchema.parse(item.data);
}
