import type { StageFunctions } from '../core/jobs/deps';
import { modelsConfig } from '../models/config';
import { SessionCache } from '../models/runtime';
import { VisionModels } from '../models/vision';
import { analyzeChunk, mergeChunks, planAnalysis, type ChunkResult } from '../stages/pipeline';
import { trainTaskHead } from '../stages/transformer/train-head';
import { probe } from '../stages/video';
import { chunkSourceRanges } from '../stages/video/source-ranges';
import { transformerAnswerStage, type AnswerStage } from './answer-stage';
import { encodeFeatureBank } from '../stages/features/bank-io';

/** The stage functions of a worker process, plus the release of what they keep warm. */
export interface WorkerStages extends StageFunctions {
  /** Releases the warm model sessions (worker shutdown); a later task opens them again. */
  dispose(): Promise<void>;
}

/**
 * The real stage functions behind the worker's task types: `probe` → stages/video probe,
 * plan → `planAnalysis` (chunk plan with the overlap the streaming stages need), `chunk` →
 * `analyzeChunk`, `merge` → `mergeChunks`, `answers` → the transformer stage on the stored
 * feature bank. A new stage plugs in here and in core/jobs/run-tasks.ts.
 */
export function realStages(
  options: { answerStage?: () => AnswerStage; vision?: () => VisionModels; notice?: (line: string) => void } = {},
): WorkerStages {
  const build = options.answerStage ?? (() => transformerAnswerStage({ sessions: new SessionCache(modelsConfig()) }));
  // Built on the first answers task, so chunk workers never load the transformer.
  let answerStage: AnswerStage | undefined;
  // Warm models: one set of vision sessions per worker process, opened on the first chunk
  // that detects and reused by every later one (session creation, and CUDA initialisation
  // on the GPU pool, is paid once), released by `dispose()` at shutdown.
  let vision: VisionModels | undefined;
  const warmVision = () => (vision ??= (options.vision ?? (() => VisionModels.create(modelsConfig(), options.notice)))());
  return {
    dispose: async () => {
      const v = vision;
      vision = undefined;
      await v?.dispose();
    },
    probe: (path, options) => probe(path, options),
    planChunks: (p, options) => planAnalysis(p, options),
    sourceRanges: (p, chunk) => chunkSourceRanges(p, chunk),
    // Detection and tracking only for videos that asked for more than shots (they cost most).
    // Bank features (object and frame MobileNetV2) only when features or answers were asked for.
    analyzeChunk: ({ tasks, detectFps, ...request }) => {
      const detect = tasks?.some((t) => t !== 'shots') ?? false;
      return analyzeChunk({
        ...request,
        stages: detect ? ['shots', 'detect'] : ['shots'],
        detect: {
          bankFeatures: tasks?.some((t) => t === 'features' || t === 'answers') ?? false,
          ...(detectFps !== undefined ? { fps: detectFps } : {}),
        },
        ...(detect ? { vision: warmVision() } : {}),
      });
    },
    // Chunk results were written by analyzeChunk and read back as JSON: same shape.
    mergeChunks: (input) => {
      const { featureBank, thumbnails, ...rest } = mergeChunks({ ...input, chunkResults: input.chunkResults as ChunkResult[] });
      return {
        ...rest,
        ...(featureBank ? { featureBank: encodeFeatureBank(featureBank) } : {}),
        ...(thumbnails ? { thumbnailsFile: thumbnails.thumbnailsFile, thumbnailPack: thumbnails.pack } : {}),
      };
    },
    answer: (input) => (answerStage ??= build()).answer(input),
    // Task heads are fitted on stored span embeddings (no model session needed).
    train: trainTaskHead,
    // Building the stage reads the manifest only; the ONNX session opens on the first answer.
    answerModel: () => (answerStage ??= build()).model,
  };
}
