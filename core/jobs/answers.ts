import { z } from 'zod';
import { hasCode, LvuError } from '../errors';
import type { BlobStore } from '../ports/blob-store';
import type { MetadataStore } from '../ports/metadata-store';
import { TaskKeys } from '../tasks/contracts';
import type { AnswerFunction } from './answer-function';
import { currentHeads, headsFingerprint } from '../tasks/current-heads';

/** Times an answers task answers again when the tenant's heads changed while it ran. */
const HEAD_RECHECKS = 2;
import { ArtifactKeys } from './model';
import { ModelRefSchema, type ModelRef } from './tasks';

/**
 * Which model version answers come from, and which version each video's answers came
 * from. Two MetadataStore partitions: `models` (`{name}` → the registered, current
 * version) and `answers` (`{name}#{videoId}` → the version of the stored answers), so the
 * batch analysis finds stale answers of every tenant by paging one partition.
 */
export const AnswerKeys = {
  modelsPk: 'models',
  indexPk: 'answers',
  indexSk: (modelName: string, videoId: string) => `${modelName}#${videoId}`,
} as const;

/** One entry of the answers index. */
export const AnswersIndexEntrySchema = z.object({
  videoId: z.string(),
  tenantId: z.string(),
  model: ModelRefSchema,
  at: z.string(),
  /** Set when an `answers` task for a newer version was queued (cleared when answers land). */
  queued: z.object({ version: z.string(), at: z.string(), heads: z.string().optional() }).optional(),
  /** The tenant's task heads the stored answers came from (`task@version,…`, sorted; core/tasks headsFingerprint). */
  heads: z.string().optional(),
  /**
   * Set at the merge, before the video's first `answers` task is queued: no answers are
   * stored yet. Cleared when they land; if they have not landed `stuckAfterSec` after
   * `queued.at` (the task was dead-lettered, say), the batch run queues the task again.
   */
  pending: z.literal(true).optional(),
});
export type AnswersIndexEntry = z.infer<typeof AnswersIndexEntrySchema>;

/**
 * Registers `model` as the version answers should come from (e.g. when a new transformer
 * is deployed); the next batch run re-answers every video answered by an older version.
 */
export async function registerAnswerModel(meta: MetadataStore, model: ModelRef, now: Date): Promise<void> {
  const ref = ModelRefSchema.parse(model);
  await meta.put(AnswerKeys.modelsPk, ref.name, { ...ref, registeredAt: now.toISOString() });
}

/** Every registered answer model, by name. */
export async function registeredAnswerModels(meta: MetadataStore): Promise<Map<string, ModelRef>> {
  const models = new Map<string, ModelRef>();
  let cursor: string | undefined;
  do {
    const page = await meta.query(AnswerKeys.modelsPk, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const parsed = ModelRefSchema.safeParse({ name: item.data['name'], version: item.data['version'] });
      if (parsed.success) models.set(parsed.data.name, parsed.data);
    }
    cursor = page.cursor;
  } while (cursor);
  return models;
}

/** Records that the video's stored answers now come from `model`. */
export async function indexAnswers(
  meta: MetadataStore,
  entry: { videoId: string; tenantId: string; model: ModelRef; heads?: string },
  now: Date,
): Promise<void> {
  const data: AnswersIndexEntry = { ...entry, at: now.toISOString() };
  await meta.put(AnswerKeys.indexPk, AnswerKeys.indexSk(entry.model.name, entry.videoId), data);
}

/**
 * Records, before the first `answers` task of a video is queued, that its answers are
 * owed (see `pending`), so a task that is lost or dead-lettered is queued again by the batch
 * run instead of leaving the video without answers. Writes only when the video has no index
 * entry yet: a retried merge changes nothing.
 */
export async function markAnswersPending(
  meta: MetadataStore,
  entry: { videoId: string; tenantId: string; model: ModelRef },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const data: AnswersIndexEntry = { ...entry, at, pending: true, queued: { version: entry.model.version, at } };
  try {
    await meta.put(AnswerKeys.indexPk, AnswerKeys.indexSk(entry.model.name, entry.videoId), data, { expectedVersion: null });
  } catch (err) {
    if (!hasCode(err, 'CONDITION_FAILED')) throw err;
  }
}

/**
 * Orders versions numerically where they are numbers (`1.10 > 1.9`, `v2 > v1`), else by
 * text. Negative when `a` is older than `b`.
 */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * Runs the transformer stage for one video from its stored feature bank with the tenant's
 * current task heads, stores its span embeddings and the answers under
 * `videos/{id}/answers/{model}@{version}.json` (then indexes them). Reads
 * only the bank: the video itself is never fetched or decoded. Same input → same key and
 * bytes, so a retried task is harmless.
 */
export async function answerFromFeatureBank(
  deps: { blobs: BlobStore; meta: MetadataStore; now: () => Date },
  answer: AnswerFunction,
  target: { videoId: string; tenantId: string },
  model: ModelRef,
): Promise<void> {
  const bankKey = ArtifactKeys.featureBank(target.videoId);
  if (!(await deps.blobs.head(bankKey))) {
    throw new LvuError('NOT_AVAILABLE', `video ${target.videoId} has no stored feature bank to answer from`, {
      details: { videoId: target.videoId },
    });
  }
  const featureBank = await deps.blobs.get(bankKey);
  let heads = await currentHeads(deps, target.tenantId);
  let out = await answer({ videoId: target.videoId, tenantId: target.tenantId, model, featureBank, heads });
  // A training that finished meanwhile made these heads old: answer again with the new ones
  // (bounded), so a slow task does not file older heads' answers over the re-answer's.
  for (let again = 0; again < HEAD_RECHECKS; again++) {
    const now = await currentHeads(deps, target.tenantId);
    if (headsFingerprint(now) === headsFingerprint(heads)) break;
    heads = now;
    out = await answer({ videoId: target.videoId, tenantId: target.tenantId, model, featureBank, heads });
  }
  // Embeddings first: a video with answers always has the embeddings its labels train on.
  if (out.spanEmbeddings)
    await deps.blobs.put(TaskKeys.spanEmbeddings(target.videoId, model), out.spanEmbeddings, { contentType: 'application/octet-stream' });
  await deps.blobs.put(ArtifactKeys.answers(target.videoId, model), `${JSON.stringify(out.document, null, 1)}\n`, {
    contentType: 'application/json',
  });
  await indexAnswers(deps.meta, { videoId: target.videoId, tenantId: target.tenantId, model, heads: headsFingerprint(heads) }, deps.now());
}
