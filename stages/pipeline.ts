import type { Chunk, ChunkPlan, ChunkPlanOptions, VideoProbe } from '../core/contracts/video';
import type { ShotsFile, Transition } from '../core/contracts/shots';
import { planChunks } from './video/chunks';
import { decodeFrames, type DecodeOutput } from './video/decode';
import { createShotDetector, mergeChunkTransitions, SHOT_FRAME_SPEC, shotsFromTransitions } from './shots';

/** What one chunk task produces: JSON-serialisable and deterministic for the same input. */
export interface ChunkResult {
  chunkIndex: number;
  startFrame: number;
  endFrame: number;
  /** Transitions whose startFrame lies in [startFrame, endFrame). */
  transitions: Transition[];
}

export interface AnalyzeChunkInput {
  sourcePath: string;
  probe: VideoProbe;
  plan: ChunkPlan;
  chunkIndex: number;
  /** ffmpeg decoder threads (1 when chunks run side by side). */
  threads?: number;
  signal?: AbortSignal;
  /** Called with frames decoded so far in this chunk (of chunk.decodeEndFrame − decodeStartFrame). */
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

/**
 * Plans chunks for analysis: the overlap is widened, when needed, to the context and the
 * decision delay the streaming stages declare, so results do not depend on the seams.
 */
export function planAnalysis(probe: VideoProbe, options: Partial<ChunkPlanOptions> = {}): ChunkPlan {
  // History before the owned range (contextFrames) and decision delay after it
  // (lookBehindFrames) must both fit in the overlap for seam-independent results.
  const detector = createShotDetector({}, probe.fps);
  const neededSec = (Math.max(detector.contextFrames, detector.lookBehindFrames) + 1) / probe.fps;
  const overlapSec = Math.max(options.overlapSec ?? 0, neededSec);
  return planChunks(probe, { ...options, overlapSec });
}

/**
 * Runs every per-chunk stage over one chunk, decoding it once: the shot detector reads
 * tiny frames at native fps. Keeps only what the chunk owns.
 */
export async function analyzeChunk(input: AnalyzeChunkInput): Promise<ChunkResult> {
  const chunk = chunkOf(input.plan, input.chunkIndex);
  const detector = createShotDetector({}, input.probe.fps);
  const outputs: DecodeOutput[] = [{ name: 'shots', ...SHOT_FRAME_SPEC }];
  const transitions: Transition[] = [];
  const total = chunk.decodeEndFrame - chunk.decodeStartFrame;
  let done = 0;
  const frames = decodeFrames({
    path: input.sourcePath,
    probe: input.probe,
    startFrame: chunk.decodeStartFrame,
    endFrame: chunk.decodeEndFrame,
    outputs,
    ...(input.threads !== undefined ? { threads: input.threads } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  for await (const { output, frame } of frames) {
    if (output !== 'shots') continue;
    transitions.push(...detector.push(frame));
    done++;
    if (input.onProgress && (done % 25 === 0 || done === total)) input.onProgress(done, total);
  }
  transitions.push(...detector.flush());
  const owned = transitions.filter((t) => t.startFrame >= chunk.startFrame && t.startFrame < chunk.endFrame);
  return { chunkIndex: chunk.index, startFrame: chunk.startFrame, endFrame: chunk.endFrame, transitions: owned };
}

/** Fan-in: joins the chunk results (any order) into the video-level artifacts. */
export function mergeChunks(input: { probe: VideoProbe; plan: ChunkPlan; chunkResults: ChunkResult[] }): { shotsFile: ShotsFile } {
  const results = [...input.chunkResults].sort((a, b) => a.chunkIndex - b.chunkIndex);
  if (results.length !== input.plan.chunks.length) {
    throw new Error(`merge needs ${input.plan.chunks.length} chunk results, got ${results.length}`);
  }
  const transitions = mergeChunkTransitions(
    results.map((r) => ({ ownedStart: r.startFrame, ownedEnd: r.endFrame, transitions: r.transitions })),
  );
  const shots = shotsFromTransitions(transitions, input.probe.frameCount, input.probe.fps);
  return { shotsFile: { video: input.probe, transitions, shots } };
}

function chunkOf(plan: ChunkPlan, index: number): Chunk {
  const chunk = plan.chunks[index];
  if (!chunk) throw new Error(`chunk ${index} is not in the plan (${plan.chunks.length} chunks)`);
  return chunk;
}
