/**
 * The detection side of one chunk task: detector frames go in as they are decoded and are
 * detected in micro-batches of `config.batch` frames (default: 1 on the CPU, 4 on CUDA,
 * `defaultDetectBatch`), one CenterNet call per batch (the
 * last batch of the detection window runs when its last planned frame arrives; the
 * decoder delivers every planned frame or throws), then person descriptors on the sparse
 * descriptor grid for owned frames;
 * at the end of the chunk, once the chunk's shot transitions are known, the tracker runs
 * over the buffered detections, cut at every shot boundary, and everything is packed
 * into a JSON-serialisable, deterministic record.
 */
import type { Transition } from '../../core/contracts/shots';
import { LvuError } from '../../core/errors';
import type { Chunk } from '../../core/contracts/video';
import type { FitTransform, VisionModels } from '../../models';
import { shotsFromTransitions } from '../shots';
import { createTracker, type TrackerConfigInput, type TrackObservation } from '../track';
import { DETECT_TRACKER_DEFAULTS, defaultDetectBatch, type DetectConfig } from './config';
import { describeObjects, describePeople, descriptorFrames, frameDescriptor, type PersonDescriptor } from './descriptors';
import { detectFrames, type DetectorFrame, type FrameDetections } from './detect';
import { encodeF32 } from './vectors';

/**
 * Detection runs on the owned frames plus this much on each side, not on the whole decoded
 * range (whose overlap the shot detector's context sets, ~20 s at 10 fps): enough shared
 * frames for seam stitching and for tracks to be confirmed before the owned range starts.
 * PETS with 10-s chunks: MOTA 0.790 / IDF1 0.710 vs 0.793 / 0.713 in one chunk, detecting
 * 1215 frames instead of the 2487 decoded (5 s: 0.789 / 0.708; 8 s: 0.793 / 0.726).
 */
export const DETECT_MARGIN_SEC = 3;

/** The frames [start, end) of a chunk that get detections: owned ± DETECT_MARGIN_SEC, within the decoded range. */
export function detectionWindow(chunk: Chunk, fps: number): { start: number; end: number } {
  const margin = Math.ceil(DETECT_MARGIN_SEC * fps);
  return {
    start: Math.max(chunk.decodeStartFrame, chunk.startFrame - margin),
    end: Math.min(chunk.decodeEndFrame, chunk.endFrame + margin),
  };
}

/** A person descriptor as stored in a chunk result (vectors as base64 little-endian float32). */
export interface StoredDescriptor {
  frame: number;
  detectionIndex: number;
  appearance: string;
  face?: string;
}

/** The detection and tracking part of a ChunkResult. */
export interface ChunkDetections {
  /** Detection frames of the detection window (owned frames ± DETECT_MARGIN_SEC, for seam stitching). */
  frames: FrameDetections[];
  /** Tracker output with chunk-local ids: [frame, detectionIndex, trackId, x1, y1, x2, y2] (Kalman box). */
  observations: number[][];
  /** Descriptors of people (and, with bank features, other objects) on descriptor frames the chunk owns. */
  descriptors: StoredDescriptor[];
  /** Whole-frame MobileNetV2 features on the descriptor frames the chunk owns (bank features only). */
  frameFeatures?: StoredFrameFeature[];
}

/** A frame-level feature as stored in a chunk result (base64 little-endian float32). */
export interface StoredFrameFeature {
  frame: number;
  seconds: number;
  values: string;
}

/** Everything `createChunkDetector` needs besides the frames. */
export interface ChunkDetectorInput {
  vision: VisionModels;
  chunk: Chunk;
  fps: number;
  /** Source → detector-frame mapping (letterbox). */
  transform: FitTransform;
  config: DetectConfig;
  /** All detection frame indices of the decoded range, ascending (the decoder's plan). */
  detectionFrames: readonly number[];
  tracker?: TrackerConfigInput;
  /** Called with each owned descriptor frame's people descriptors (identity thumbnails crop from it). */
  onPeopleDescribed?: (frame: DetectorFrame, detections: FrameDetections, people: readonly PersonDescriptor[]) => void;
}

/**
 * Streaming detection over one chunk: `push` each detector frame in order (frames outside
 * the detection window are skipped), then `finish`. `push` may hold up to batch − 1
 * frames for the next CenterNet call; it runs them when the batch is full or the window's
 * last planned frame arrives. `flush` runs held frames now (a caller that stops early);
 * `finish` refuses to pack a chunk with frames still held.
 */
export interface ChunkDetector {
  push(frame: DetectorFrame): Promise<void>;
  flush(): Promise<void>;
  finish(transitions: readonly Transition[]): ChunkDetections;
}

/** The last of the planned detection frames inside [start, end), or -1. */
function lastPlannedFrame(detectionFrames: readonly number[], window: { start: number; end: number }): number {
  let last = -1;
  for (const f of detectionFrames) if (f >= window.start && f < window.end) last = f;
  return last;
}

/** Creates the per-chunk detection state (owned by one chunk task). */
export function createChunkDetector(input: ChunkDetectorInput): ChunkDetector {
  const frames: FrameDetections[] = [];
  const descriptors: PersonDescriptor[] = [];
  const frameFeatures: StoredFrameFeature[] = [];
  const pending: DetectorFrame[] = [];
  const bank = input.config.descriptors && input.config.bankFeatures;
  const sampled = descriptorFrames(input.detectionFrames, input.fps, input.config.descriptorFps);
  const owns = (f: number) => f >= input.chunk.startFrame && f < input.chunk.endFrame;
  const window = detectionWindow(input.chunk, input.fps);
  const lastFrame = lastPlannedFrame(input.detectionFrames, window);
  const batchSize = input.config.batch ?? defaultDetectBatch(input.vision.config.executionProvider);

  async function describe(frame: DetectorFrame, fd: FrameDetections): Promise<void> {
    const people = await describePeople(input.vision, frame.image, frame.index, fd.detections, input.transform, input.config);
    input.onPeopleDescribed?.(frame, fd, people);
    const objects = bank ? await describeObjects(input.vision, frame.image, frame.index, fd.detections, input.transform, input.config) : [];
    descriptors.push(...[...people, ...objects].sort((a, b) => a.detectionIndex - b.detectionIndex));
    if (bank)
      frameFeatures.push({
        frame: frame.index,
        seconds: frame.sec,
        values: encodeF32(await frameDescriptor(input.vision, frame.image, input.transform)),
      });
  }

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const detected = await detectFrames(input.vision, batch, input.transform, input.config);
    for (const [i, frame] of batch.entries()) {
      frames.push(detected[i]!);
      if (input.config.descriptors && sampled.has(frame.index) && owns(frame.index)) await describe(frame, detected[i]!);
    }
  }

  return {
    async push(frame) {
      if (frame.index < window.start || frame.index >= window.end) return;
      pending.push(frame);
      if (pending.length >= batchSize || frame.index >= lastFrame) await flush();
    },
    flush,
    finish(transitions) {
      if (pending.length > 0)
        throw new LvuError(
          'DETECT_FRAMES_PENDING',
          `chunk ${input.chunk.index}: ${pending.length} detector frame(s) from ${pending[0]!.index} still await detection; call flush() before finish()`,
        );
      const observations = trackChunk(frames, transitions, input.chunk.decodeEndFrame, input.fps, input.tracker ?? {});
      return {
        frames,
        observations: packObservations(observations),
        descriptors: descriptors.map((d) => ({
          frame: d.frame,
          detectionIndex: d.detectionIndex,
          appearance: encodeF32(d.appearance),
          ...(d.face ? { face: encodeF32(d.face) } : {}),
        })),
        ...(bank ? { frameFeatures } : {}),
      };
    },
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Tracker observations → the packed rows of `ChunkDetections.observations`. */
export function packObservations(observations: readonly TrackObservation[]): number[][] {
  return observations.map((o) => [o.frameIndex, o.detectionIndex, o.trackId, ...Array.from(o.filteredBox, round2)]);
}

/**
 * Tracks buffered detections with one tracker cut at every shot boundary the chunk knows;
 * frames inside a gradual transition belong to no shot and are not tracked, so no track
 * ever spans a transition. `trackerConfig` overrides DETECT_TRACKER_DEFAULTS.
 */
export function trackChunk(
  frames: readonly FrameDetections[],
  transitions: readonly Transition[],
  endFrame: number,
  fps: number,
  trackerConfig: TrackerConfigInput,
): TrackObservation[] {
  const shots = shotsFromTransitions(transitions, endFrame, fps);
  const tracker = createTracker({ ...DETECT_TRACKER_DEFAULTS, ...trackerConfig });
  const out: TrackObservation[] = [];
  let s = 0;
  for (const fd of frames) {
    while (s < shots.length && shots[s]!.endFrame <= fd.frame) s++;
    const shot = shots[s];
    if (!shot || shot.startFrame > fd.frame) continue; // inside a gradual transition
    out.push(...tracker.update(fd.frame, fd.detections, { shotId: shot.index }));
  }
  out.push(...tracker.flush());
  return out;
}
