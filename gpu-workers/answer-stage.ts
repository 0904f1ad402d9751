import { LvuError } from '../core/errors';
import type { AnswerFunction } from '../core/jobs/answer-function';
import type { ModelRef } from '../core/jobs/tasks';
import type { SessionCache } from '../models/runtime';
import { decodeFeatureBank } from '../stages/features/bank-io';
import { loadTransformerModel, type TransformerModel } from '../stages/transformer/model';
import { encodeSpanEmbeddings } from '../stages/transformer/stage';
import { understandVideo } from '../stages/transformer/understand';

/** Where the transformer comes from (default: the shipped model); task heads come with each input. */
export interface AnswerStageOptions {
  sessions: SessionCache;
  modelDir?: string;
}

/** The answer stage of a process: the model it serves and the function that answers. */
export interface AnswerStage {
  model: ModelRef;
  answer: AnswerFunction;
}

/**
 * The transformer stage behind `answers` tasks and `lvu batch --inline`: decodes the stored
 * feature bank, runs the Object Transformer over its spans (ONNX Runtime via `sessions`)
 * and answers the nine LVU tasks plus every user task with the tenant's current heads (in the
 * input: core reads them from the HeadStore); it returns the span embeddings too, which core
 * stores for training.
 * The video itself is never read. Asked for a version other than the loaded one it
 * throws MODEL_MISMATCH, so an old worker never files answers under a new version's name.
 */
export function transformerAnswerStage(options: AnswerStageOptions): AnswerStage {
  const transformer: TransformerModel = loadTransformerModel(options.modelDir);
  const { name, version } = transformer.resolved.manifest;
  const model = { name, version };
  const answer: AnswerFunction = async (input) => {
    if (input.model.name !== name || input.model.version !== version) {
      throw new LvuError('MODEL_MISMATCH', `asked for ${input.model.name}@${input.model.version}; this worker serves ${name}@${version}`);
    }
    const bank = decodeFeatureBank(input.featureBank);
    const heads = new Map(input.heads.map((h) => [h.task.name, h]));
    const { answers, result } = await understandVideo(bank, transformer, await options.sessions.open(transformer.resolved), heads);
    // Answers are filed under the platform's video id (the bank carries the id it was built with).
    return { document: { ...answers, videoId: input.videoId }, spanEmbeddings: encodeSpanEmbeddings(result.embeddings) };
  };
  return { model, answer };
}
