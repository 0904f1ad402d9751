import { basename, extname } from 'node:path';
import type { Chunk, ChunkPlan, ChunkPlanOptions, VideoProbe } from '../core/contracts/video';
import type { ShotsFile, Transition } from '../core/contracts/shots';
import type { TracksFile } from '../core/contracts/tracks';
import type { IdentitiesFile } from '../core/contracts/identities';
import type { FeatureBank } from '../core/contracts/feature-bank';
import type { ScenesFile } from '../core/contracts/scenes';
import { addTime, timeSync } from '../core/profile';
import { detectScenes } from './scenes';
import { featureBankFromTracks } from './features/from-tracks';
import { modelsConfig, VisionModels } from '../models';
import { planChunks } from './video/chunks';
import { decodeFrames, type DecodeOutput } from './video/decode';
import { selectedFrames } from './video/filtergraph';
import type { Frame } from './video/frame';
import { createShotDetector, mergeChunkTransitions, SHOT_FRAME_SPEC, shotsFromTransitions, type ShotDetectorConfigInput } from './shots';
import { createChunkDetector, type ChunkDetections, type ChunkDetector } from './detect/chunk';
import { detectConfig, type DetectConfigInput } from './detect/config';
import { DETECT_OUTPUT, detectorOutput, letterboxTransform } from './detect/frames';
import { mergeDetections, type MergedDetections } from './detect/merge';
import type { TrackerConfigInput } from './track';
import type { StoredPersonThumbnail, StoredThumbnail } from '../core/contracts/thumbnails';
import {
  buildThumbnails,
  createPersonThumbnailCollector,
  createShotThumbnailCollector,
  THUMBNAIL_OUTPUT,
  thumbnailOutput,
  type PersonThumbnailCollector,
  type Thumbnails,
} from './thumbnails';

/** Per-chunk stages: shot detection always; detection → tracking → descriptors with `detect`. */
export type ChunkStage = 'shots' | 'detect';

/** What one chunk task produces: JSON-serialisable and deterministic for the same input. */
export interface ChunkResult {
  chunkIndex: number;
  startFrame: number;
  endFrame: number;
  /** Transitions whose startFrame lies in [startFrame, endFrame). */
  transitions: Transition[];
  /** Detections, chunk-local tracks and person descriptors (absent for shot-only runs). */
  detections?: ChunkDetections;
  /** Thumbnail candidates: per owned shot piece, and per chunk track of a person (with detection). */
  thumbnails?: { shots: StoredThumbnail[]; people?: StoredPersonThumbnail[] };
}

export interface AnalyzeChunkInput {
  sourcePath: string;
  probe: VideoProbe;
  plan: ChunkPlan;
  chunkIndex: number;
  /** CPU threads the decode may use (1 when chunks run side by side; default all cores). */
  threads?: number;
  /** `false` keeps a shot-only pass on one ffmpeg process (see `DecodeRequest.splitAtKeyframes`); for benchmarks. */
  splitAtKeyframes?: boolean;
  signal?: AbortSignal;
  /** Called with frames decoded so far in this chunk (of chunk.decodeEndFrame − decodeStartFrame). */
  onProgress?: (framesDone: number, framesTotal: number) => void;
  /** Stages to run; default both. `['shots']` keeps shot-only runs fast. */
  stages?: readonly ChunkStage[];
  /** Detection config (rate, models, thresholds); defaults from `stages/detect/config.ts`. */
  detect?: DetectConfigInput;
  tracker?: TrackerConfigInput;
  /** Models to use (shared across chunks by the CLI); created and disposed per chunk otherwise. */
  vision?: VisionModels;
  /** `false` skips the thumbnail output of the decode (default: shot and person thumbnails). */
  thumbnails?: boolean;
}

/**
 * Video-level artifacts: shots always; tracks, identities and MOT text when chunks ran
 * detection. A type alias (not an interface) so it fits the platform's `{name}File` map.
 */
export type MergeResult = {
  shotsFile: ShotsFile;
  tracksFile?: TracksFile;
  identitiesFile?: IdentitiesFile;
  /** `tracks.mot.txt` content (people only). */
  motText?: string;
  /** Pooled per-track descriptors of people. */
  descriptors?: MergedDetections['descriptors'];
  /** The long-term feature bank, when the chunks sampled bank features (see `detect.bankFeatures`). */
  featureBank?: FeatureBank;
  /** Scenes (shots grouped by the bank's frame features and the identities), when the bank exists. */
  scenesFile?: ScenesFile;
  /** Shot and identity thumbnails (`thumbnails.json` + `thumbnails.jpgs`), when every chunk collected them. */
  thumbnails?: Thumbnails;
};

/** The shot detector's configuration a plan asks for (its decision; defaults otherwise). */
export function shotConfigOf(options: Partial<ChunkPlanOptions>): ShotDetectorConfigInput {
  return options.shotDecision ? { cutDecision: options.shotDecision } : {};
}

/**
 * Plans chunks for analysis: the overlap is widened, when needed, to the context and the
 * decision delay the streaming stages declare, so results do not depend on the seams.
 */
export function planAnalysis(probe: VideoProbe, options: Partial<ChunkPlanOptions> = {}): ChunkPlan {
  // History before the owned range (contextFrames) and decision delay after it
  // (lookBehindFrames) must both fit in the overlap for seam-independent results.
  const detector = createShotDetector(shotConfigOf(options), probe.fps);
  const neededSec = (Math.max(detector.contextFrames, detector.lookBehindFrames) + 1) / probe.fps;
  const overlapSec = Math.max(options.overlapSec ?? 0, neededSec);
  return planChunks(probe, { ...options, overlapSec });
}

/**
 * Runs every per-chunk stage over one chunk, decoding it once: the shot detector reads
 * tiny frames at native fps, the people/object detector letterboxed frames at the
 * detection rate; tracking runs at the end of the chunk, cut at its shot boundaries.
 * Keeps what the chunk owns (plus the overlap tracks that stitching needs).
 */
export async function analyzeChunk(input: AnalyzeChunkInput): Promise<ChunkResult> {
  const chunk = chunkOf(input.plan, input.chunkIndex);
  const shots = createShotDetector(shotConfigOf(input.plan.options), input.probe.fps);
  const withDetect = (input.stages ?? ['shots', 'detect']).includes('detect');
  const vision = withDetect ? (input.vision ?? VisionModels.create(modelsConfig())) : undefined;
  const thumbs = input.thumbnails === false ? undefined : createShotThumbnailCollector(chunk, input.probe.fps);
  const people = thumbs && vision ? createPersonThumbnailCollector() : undefined;
  try {
    const detect = vision ? chunkDetector(input, chunk, vision, people) : undefined;
    const transitions: Transition[] = [];
    const total = chunk.decodeEndFrame - chunk.decodeStartFrame;
    let done = 0;
    // Profile (core/profile.ts): time spent waiting for the decoder, and in each consumer.
    let t = performance.now();
    for await (const { output, frame } of decodeFrames(decodeRequest(input, chunk, detect?.output, thumbs !== undefined))) {
      const t1 = performance.now();
      addTime('decode (waiting for frames)', t1 - t);
      if (output === DETECT_OUTPUT) {
        await detect!.detector.push({ index: frame.index, sec: frame.sec, image: rgbOf(frame) });
        t = performance.now();
        addTime('detect frame (models, descriptors)', t - t1);
        continue;
      }
      if (output === THUMBNAIL_OUTPUT) {
        thumbs!.push(frame);
        t = performance.now();
        addTime('thumbnail frames', t - t1);
        continue;
      }
      transitions.push(...shots.push(frame));
      t = performance.now();
      addTime('shot detector', t - t1);
      done++;
      if (input.onProgress && (done % 25 === 0 || done === total)) input.onProgress(done, total);
    }
    transitions.push(...shots.flush());
    const owned = transitions.filter((t) => t.startFrame >= chunk.startFrame && t.startFrame < chunk.endFrame);
    const result: ChunkResult = { chunkIndex: chunk.index, startFrame: chunk.startFrame, endFrame: chunk.endFrame, transitions: owned };
    if (detect) result.detections = timeSync('tracking (chunk)', () => detect.detector.finish(transitions));
    if (thumbs)
      result.thumbnails = timeSync('thumbnails (chunk)', () => ({
        shots: thumbs.finish(transitions),
        ...(people ? { people: people.finish(result.detections!.observations) } : {}),
      }));
    return result;
  } finally {
    if (vision && !input.vision) await vision.dispose();
  }
}

function decodeRequest(input: AnalyzeChunkInput, chunk: Chunk, detectOutput: DecodeOutput | undefined, thumbnails: boolean) {
  const outputs: DecodeOutput[] = [
    { name: 'shots', ...SHOT_FRAME_SPEC },
    ...(detectOutput ? [detectOutput] : []),
    ...(thumbnails ? [thumbnailOutput(input.probe)] : []),
  ];
  return {
    path: input.sourcePath,
    probe: input.probe,
    startFrame: chunk.decodeStartFrame,
    endFrame: chunk.decodeEndFrame,
    outputs,
    ...(input.threads !== undefined ? { threads: input.threads } : {}),
    ...(input.splitAtKeyframes !== undefined ? { splitAtKeyframes: input.splitAtKeyframes } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
}

function chunkDetector(
  input: AnalyzeChunkInput,
  chunk: Chunk,
  vision: VisionModels,
  people?: PersonThumbnailCollector,
): { output: DecodeOutput; detector: ChunkDetector } {
  const config = detectConfig(input.detect ?? {});
  const output = detectorOutput(input.probe, config);
  const transform = letterboxTransform(input.probe.width, input.probe.height, config.inputSize);
  const detector = createChunkDetector({
    vision,
    chunk,
    fps: input.probe.fps,
    config,
    transform,
    ...(people ? { onPeopleDescribed: (frame, fd, described) => people.add(frame, fd.detections, described, transform) } : {}),
    detectionFrames: selectedFrames(chunk.decodeStartFrame, chunk.decodeEndFrame, input.probe.fps, output.fps),
    ...(input.tracker ? { tracker: input.tracker } : {}),
  });
  return { output, detector };
}

function rgbOf(frame: Frame): { data: Uint8Array; width: number; height: number } {
  return { data: frame.data, width: frame.width, height: frame.height };
}

/** Fan-in: joins the chunk results (any order) into the video-level artifacts. */
export function mergeChunks(input: { probe: VideoProbe; plan: ChunkPlan; chunkResults: ChunkResult[]; videoId?: string }): MergeResult {
  const results = [...input.chunkResults].sort((a, b) => a.chunkIndex - b.chunkIndex);
  if (results.length !== input.plan.chunks.length) {
    throw new Error(`merge needs ${input.plan.chunks.length} chunk results, got ${results.length}`);
  }
  const transitions = mergeChunkTransitions(
    results.map((r) => ({ ownedStart: r.startFrame, ownedEnd: r.endFrame, transitions: r.transitions })),
  );
  const shots = shotsFromTransitions(transitions, input.probe.frameCount, input.probe.fps);
  const shotsFile: ShotsFile = { video: input.probe, transitions, shots };
  const withDetections = results.filter((r) => r.detections);
  if (withDetections.length === 0) return { shotsFile, ...thumbnailsOf(results, shotsFile) };
  if (withDetections.length !== results.length)
    throw new Error(`merge: ${results.length - withDetections.length} chunk result(s) lack detections`);
  const merged = timeSync('merge: stitch tracks, identities', () =>
    mergeDetections({
      shotsFile,
      chunks: results.map((r) => ({ chunk: chunkOf(input.plan, r.chunkIndex), detections: r.detections! })),
    }),
  );
  const out: MergeResult = {
    shotsFile,
    tracksFile: merged.tracksFile,
    identitiesFile: merged.identitiesFile,
    motText: merged.motText,
    descriptors: merged.descriptors,
    ...thumbnailsOf(results, shotsFile, merged.tracksFile),
  };
  // The bank needs every chunk's frame features: a mix (old results, bank features off) gets none.
  if (results.every((r) => r.detections!.frameFeatures !== undefined)) {
    const featureBank = timeSync('merge: feature bank', () =>
      featureBankFromTracks({
        videoId: input.videoId ?? videoIdOf(input.probe),
        shotsFile,
        tracksFile: merged.tracksFile,
        samples: merged.bankSamples,
      }),
    );
    out.featureBank = featureBank;
    out.scenesFile = timeSync('merge: scenes', () => detectScenes({ shotsFile, featureBank, identitiesFile: merged.identitiesFile }));
  }
  return out;
}

/** Shot (and identity) thumbnails when every chunk collected candidates (results from before thumbnails have none). */
function thumbnailsOf(results: readonly ChunkResult[], shotsFile: ShotsFile, tracksFile?: TracksFile): { thumbnails?: Thumbnails } {
  if (!results.every((r) => r.thumbnails)) return {};
  const personCandidates = results.every((r) => r.thumbnails!.people) ? results.flatMap((r) => r.thumbnails!.people!) : undefined;
  return {
    thumbnails: timeSync('merge: thumbnails', () =>
      buildThumbnails({
        shotsFile,
        shotCandidates: results.flatMap((r) => r.thumbnails!.shots),
        ...(tracksFile && personCandidates ? { tracksFile, personCandidates } : {}),
      }),
    ),
  };
}

/** `talk.mp4` → `talk`; the bank's id when the caller names none. */
function videoIdOf(probe: VideoProbe): string {
  return probe.path ? basename(probe.path, extname(probe.path)) || 'video' : 'video';
}

function chunkOf(plan: ChunkPlan, index: number): Chunk {
  const chunk = plan.chunks[index];
  if (!chunk) throw new Error(`chunk ${index} is not in the plan (${plan.chunks.length} chunks)`);
  return chunk;
}
