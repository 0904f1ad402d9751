/**
 * The whole transformer stage for one video, as `lvu analyze` and the platform's answers
 * task run it: feature bank → Object Transformer over spans → video embedding,
 * per-instance predictions, span embeddings → answers to the LVU catalog and
 * every user task with a head trained on this model version.
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import { LVU_TASKS } from '../../core/lvu-tasks';
import { answerAll, type AnswersFile, type StoredHead } from './answers';
import type { InferenceRunner } from './infer';
import type { TransformerModel } from './model';
import { runTransformerStage, type TransformerResult } from './stage';

/** What the stage produced for one video. */
export interface VideoUnderstanding {
  result: TransformerResult;
  answers: AnswersFile;
}

/**
 * Runs the stage and answers. `heads` are the task heads by name (the tenant's current
 * ones on the platform, a heads dir for `lvu analyze`): catalog tasks without a head for
 * this model version answer `not_trained`; user tasks are answered when they have a head.
 * Evidence spans are clamped to the video's duration.
 */
export async function understandVideo(
  bank: FeatureBank,
  model: TransformerModel,
  runner: InferenceRunner,
  heads: ReadonlyMap<string, StoredHead>,
): Promise<VideoUnderstanding> {
  const result = await runTransformerStage(bank, model, runner);
  const userTasks = [...heads.values()].map((h) => h.task).filter((t) => t.source === 'user');
  const bounds = result.spans.map((s) => ({
    startSec: Math.min(s.startSec, bank.index.durationSec),
    endSec: Math.min(s.endSec, bank.index.durationSec),
  }));
  const answers = answerAll(result.videoId, [...LVU_TASKS, ...userTasks], heads, result.embeddings, bounds);
  answers.video = { embedding: result.videoEmbedding, spans: result.spans.length };
  return { result, answers };
}

/** `transformer.json`: the stage's result without the span embeddings (those go to safetensors). */
export function transformerDocument(result: TransformerResult): Omit<TransformerResult, 'embeddings'> {
  const { embeddings: _embeddings, ...rest } = result;
  return rest;
}
