import type { StageFunctions } from '../core/jobs/deps';
import { analyzeChunk, mergeChunks, planAnalysis, type ChunkResult } from '../stages/pipeline';
import { probe } from '../stages/video';

/**
 * The real stage functions behind the worker's task types: `probe` → stages/video probe,
 * plan → `planAnalysis` (chunk plan with the overlap the streaming stages need), `chunk` →
 * `analyzeChunk`, `merge` → `mergeChunks`. A new stage (tracks, transformer) plugs in here
 * and in core/jobs/run-tasks.ts.
 */
export function realStages(): StageFunctions {
  return {
    probe: (path, options) => probe(path, options),
    planChunks: (p, options) => planAnalysis(p, options),
    analyzeChunk: (request) => analyzeChunk(request),
    // Chunk results were written by analyzeChunk and read back as JSON: same shape.
    mergeChunks: (input) => mergeChunks({ ...input, chunkResults: input.chunkResults as ChunkResult[] }),
  };
}
