import { hasCode } from '../errors';
import { z } from 'zod';
import type { PlatformDeps } from '../jobs/deps';
import { ArtifactKeys, type VideoRecord } from '../jobs/model';
import type { ModelRef } from '../jobs/tasks';
import { VideoRepository } from '../jobs/videos';
import type { PhaseContext, PhasePage } from './phase';
import { QUERY_PERIOD_SEC, QueryKeys } from './queries';
import { QueryRecordSchema, type QueryRecord, type QueryResultRow, type QueryRun } from './query-contracts';

/**
 * The part of `answers/{model}@{version}.json` a query reads (the transformer stage's
 * AnswersFile): per task, `status` and the prediction or value.
 */
const StoredAnswersSchema = z.object({
  tasks: z.record(
    z.string(),
    z.object({
      status: z.string(),
      prediction: z.string().optional(),
      probabilities: z.record(z.string(), z.number()).optional(),
      value: z.number().optional(),
    }),
  ),
});

/**
 * One page of saved queries (every tenant): each query whose `nextRunAt` has come is run —
 * its videos' stored answers for the registered model are collected (no stage runs here)
 * — and the results and the next run time are stored on the query.
 */
export async function runQueriesPage(ctx: PhaseContext, cursor: string | undefined): Promise<PhasePage> {
  const { deps } = ctx;
  const page = await deps.meta.query(QueryKeys.pk, { limit: ctx.limit, ...(cursor ? { cursor } : {}) });
  const now = deps.now();
  for (const item of page.items) {
    const parsed = QueryRecordSchema.safeParse(item.data);
    if (!parsed.success || Date.parse(parsed.data.nextRunAt) > now.getTime()) continue;
    const query = parsed.data;
    const lastRun = await runQuery(deps, query, ctx.models.get(query.model), ctx.config.maxQueryVideos);
    const nextRunAt = new Date(Date.parse(lastRun.at) + QUERY_PERIOD_SEC[query.every] * 1000).toISOString();
    // Conditional on the version read: a concurrent change of the query wins; the next pass reruns it.
    await deps.meta.put(QueryKeys.pk, item.sk, { ...query, lastRun, nextRunAt }, { expectedVersion: item.version }).catch(ignoreConflict);
    ctx.counts.queriesRun += 1;
  }
  return { examined: page.items.length, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Answers one query from stored answers (bounded by `maxVideos`). */
async function runQuery(deps: PlatformDeps, query: QueryRecord, model: ModelRef | undefined, maxVideos: number): Promise<QueryRun> {
  const { videos, truncated } = await selectVideos(deps, query, maxVideos);
  const rows: QueryResultRow[] = [];
  for (const entry of videos)
    rows.push(entry.record ? await rowFor(deps, query.task, entry.record, model) : { videoId: entry.videoId, status: 'unavailable' });
  return { at: deps.now().toISOString(), model: model ?? null, rows, truncated };
}

type Selected = { videoId: string; record?: VideoRecord };

async function selectVideos(
  deps: PlatformDeps,
  query: QueryRecord,
  maxVideos: number,
): Promise<{ videos: Selected[]; truncated: boolean }> {
  const repo = new VideoRepository(deps.meta);
  if (query.videos.kind === 'ids') {
    const ids = query.videos.videoIds.slice(0, maxVideos);
    const videos = await Promise.all(
      ids.map(async (videoId) => {
        const found = await repo.getForTenant(query.tenantId, videoId);
        return found && found.record.status !== 'deleted' ? { videoId, record: found.record } : { videoId };
      }),
    );
    return { videos, truncated: query.videos.videoIds.length > maxVideos };
  }
  const since = deps.now().getTime() - query.videos.days * 86_400_000;
  const videos: Selected[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.list(query.tenantId, { limit: 50, ...(cursor ? { cursor } : {}) });
    for (const record of page.videos) {
      if (Date.parse(record.createdAt) < since) return { videos, truncated: false };
      if (videos.length >= maxVideos) return { videos, truncated: true };
      videos.push({ videoId: record.videoId, record });
    }
    cursor = page.cursor;
  } while (cursor);
  return { videos, truncated: false };
}

async function rowFor(deps: PlatformDeps, task: string, record: VideoRecord, model: ModelRef | undefined): Promise<QueryResultRow> {
  const base = { videoId: record.videoId, filename: record.filename, createdAt: record.createdAt };
  if (record.status !== 'done' || !model) return { ...base, status: 'pending' };
  const key = ArtifactKeys.answers(record.videoId, model);
  if (!(await deps.blobs.head(key))) return { ...base, status: 'pending' };
  const parsed = StoredAnswersSchema.safeParse(JSON.parse(new TextDecoder().decode(await deps.blobs.get(key))));
  const answer = parsed.success ? parsed.data.tasks[task] : undefined;
  if (answer?.status !== 'ok') return { ...base, status: answer?.status === 'not_trained' ? 'not_trained' : 'pending' };
  return {
    ...base,
    status: 'answered',
    ...(answer.prediction !== undefined ? { prediction: answer.prediction } : {}),
    ...(answer.probabilities ? { probabilities: answer.probabilities } : {}),
    ...(answer.value !== undefined ? { value: answer.value } : {}),
  };
}

/** A conditional write lost to a concurrent change: that change wins, the next pass looks again. */
function ignoreConflict(err: unknown): void {
  if (!hasCode(err, 'CONDITION_FAILED')) throw err;
}
