import { hasCode } from '../errors';
import type { AnswerFunction } from '../jobs/answer-function';
import { AnswerKeys, AnswersIndexEntrySchema, answerFromFeatureBank, compareVersions } from '../jobs/answers';
import type { PlatformDeps } from '../jobs/deps';
import type { Task } from '../jobs/tasks';
import { VideoRepository } from '../jobs/videos';
import { currentHeadVersions } from '../tasks/current-heads';
import type { PhaseContext, PhasePage, Reanswerer } from './phase';

/** A Reanswerer that runs the transformer stage in this process. */
export function inlineReanswerer(deps: Pick<PlatformDeps, 'blobs' | 'meta' | 'now'>, answer: AnswerFunction): Reanswerer {
  return async (target, model) => {
    await answerFromFeatureBank(deps, answer, target, model);
    return 'stored';
  };
}

/** A Reanswerer that sends an `answers` task to the CPU queue (workers index the result). */
export function queuedReanswerer(deps: Pick<PlatformDeps, 'queues'>): Reanswerer {
  return async (target, model) => {
    const task: Task = { type: 'answers', videoId: target.videoId, tenantId: target.tenantId, model };
    await deps.queues.cpu.send(task);
    return 'queued';
  };
}

/**
 * One page of the answers index: every video whose answers come from a version older than
 * the registered one, from task heads that are no longer its tenant's current ones (a head
 * trained or deleted since), or whose first answers never landed (`pending`), is re-answered (from
 * its feature bank, never its video). Entries of deleted videos are dropped. A failing video
 * is counted and retried on the next pass; a queued one is not queued again until
 * `stuckAfterSec` has passed without its answers.
 */
export async function reanswerPage(ctx: PhaseContext, cursor: string | undefined): Promise<PhasePage> {
  const { deps, counts } = ctx;
  const page = await deps.meta.query(AnswerKeys.indexPk, { limit: ctx.limit, ...(cursor ? { cursor } : {}) });
  const tenantHeads = new Map<string, Promise<string>>();
  const headsOf = (tenantId: string) =>
    tenantHeads.get(tenantId) ?? tenantHeads.set(tenantId, currentHeadVersions(deps, tenantId)).get(tenantId)!;
  for (const item of page.items) {
    const entry = AnswersIndexEntrySchema.safeParse(item.data);
    if (!entry.success) continue;
    // Owed answers (never stored) come from the registered version, else the one asked for.
    const registered = ctx.models.get(entry.data.model.name);
    const newer = entry.data.pending ? (registered ?? entry.data.model) : registered;
    const modelStale = newer !== undefined && (entry.data.pending === true || compareVersions(entry.data.model.version, newer.version) < 0);
    const { videoId, tenantId, queued } = entry.data;
    // Answers from task heads that are no longer the tenant's current ones are stale too (same model).
    const heads = await headsOf(tenantId);
    if (!modelStale && (entry.data.heads ?? '') === heads) continue;
    const current = modelStale ? newer! : entry.data.model;
    // A task already queued for this target (a newer model, or these heads) is not queued again until stuck.
    const sameTarget = queued?.version === current.version && (modelStale || (queued.heads ?? '') === heads);
    if (sameTarget && ctx.deps.now().getTime() - Date.parse(queued!.at) < ctx.config.stuckAfterSec * 1000) continue;
    if (!(await isDone(deps, videoId))) {
      await deps.meta.delete(AnswerKeys.indexPk, item.sk);
      continue;
    }
    try {
      const outcome = await ctx.reanswer({ videoId, tenantId }, current);
      counts[outcome === 'stored' ? 'reanswered' : 'reanswerQueued'] += 1;
      // Remember the queued task, so later passes do not pile up duplicates while it waits.
      if (outcome === 'queued') {
        const marked = { ...entry.data, queued: { version: current.version, at: deps.now().toISOString(), heads } };
        // Conditional: answers that landed meanwhile must not be overwritten by the marker.
        await deps.meta.put(AnswerKeys.indexPk, item.sk, marked, { expectedVersion: item.version }).catch(ignoreConflict);
      }
    } catch (err) {
      counts.reanswerFailed += 1;
      ctx.log.warn(`batch: re-answer of ${videoId} with ${current.name}@${current.version} failed: ${(err as Error).message}`, {
        videoId,
        stage: 'answers',
        model: `${current.name}@${current.version}`,
        err,
      });
    }
  }
  return { examined: page.items.length, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

async function isDone(deps: Pick<PlatformDeps, 'meta'>, videoId: string): Promise<boolean> {
  try {
    return (await new VideoRepository(deps.meta).getById(videoId)).record.status === 'done';
  } catch (err) {
    if (hasCode(err, 'NOT_FOUND')) return false;
    throw err;
  }
}

/** A conditional write lost to a concurrent change: that change wins, the next pass looks again. */
function ignoreConflict(err: unknown): void {
  if (!hasCode(err, 'CONDITION_FAILED')) throw err;
}
