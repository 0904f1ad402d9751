import type { StageFunctions } from '../core/jobs/deps';
import { modelsConfig } from '../models/config';
import { SessionCache } from '../models/runtime';
import { analyzeChunk, mergeChunks, planAnalysis, type ChunkResult } from '../stages/pipeline';
import { defaultHeadsDir } from '../stages/transformer/head-store';
import { probe } from '../stages/video';
import { transformerAnswerStage, type AnswerStage } from './answer-stage';
import { encodeFeatureBank } from '../stages/features/bank-io';

/**
 * The real stage functions behind the worker's task types: `probe` → stages/video probe,
 * plan → `planAnalysis` (chunk plan with the overlap the streaming stages need), `chunk` →
 * `analyzeChunk`, `merge` → `mergeChunks`, `answers` → the transformer stage on the stored
 * feature bank. A new stage plugs in here and in core/jobs/run-tasks.ts.
 */
export function realStages(options: { answerStage?: () => AnswerStage } = {}): StageFunctions {
  const build = options.answerStage ?? (() => transformerAnswerStage({ sessions: new SessionCache(modelsConfig()), headsDir: defaultHeadsDir() }));
  // Built on the first answers task, so chunk workers never load the transformer.
  let answerStage: AnswerStage | undefined;
  return {
    probe: (path, options) => probe(path, options),
    planChunks: (p, options) => planAnalysis(p, options),
    // Detection and tracking only for videos that asked for more than shots (they cost most).
    // Bank features (object and frame MobileNetV2) only when features or answers were asked for.
    analyzeChunk: ({ tasks, ...request }) => analyzeChunk({
      ...request,
      stages: tasks?.some((t) => t !== 'shots') ? ['shots', 'detect'] : ['shots'],
      detect: { bankFeatures: tasks?.some((t) => t === 'features' || t === 'answers') ?? false },
    }),
    // Chunk results were written by analyzeChunk and read back as JSON: same shape.
    mergeChunks: (input) => {
      const { featureBank, ...rest } = mergeChunks({ ...input, chunkResults: input.chunkResults as ChunkResult[] });
      return { ...rest, ...(featureBank ? { featureBank: encodeFeatureBank(featureBank) } : {}) };
    },
    answer: (input) => (answerStage ??= build()).answer(input),
    // Building the stage reads the manifest only; the ONNX session opens on the first answer.
    answerModel: () => (answerStage ??= build()).model,
  };
}
