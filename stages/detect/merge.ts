/**
 * Fan-in of the detection side: chunk tracks are stitched across seams (overlap boxes),
 * split at the final shot boundaries (frames inside gradual transitions are dropped),
 * short gaps are interpolated on the detection grid, then person tracks are linked into
 * identities across shots from their sampled descriptors.
 */
import { ValidationError } from '../../core/errors';
import type { IdentitiesFile } from '../../core/contracts/identities';
import type { ShotsFile } from '../../core/contracts/shots';
import type { Detection, Track, TracksFile } from '../../core/contracts/tracks';
import type { Chunk } from '../../core/contracts/video';
import {
  assembleTracks,
  formatMot,
  interpolateGaps,
  iou,
  shotIndexOf,
  splitTracksAtShots,
  stitchChunkTracks,
  type TrackObservation,
} from '../track';
import {
  identityConfig,
  linkIdentities,
  poolDescriptors,
  storedDescriptor,
  type IdentityConfig,
  type PooledDescriptor,
  type TrackSamples,
} from '../identity/identities';
import type { ChunkDetections } from './chunk';
import { PERSON_CLASS } from './detect';
import { decodeF32 } from './vectors';

/**
 * Longest gap (frames) filled by interpolation: ByteTrack's 20 (PETS MOTA 0.77 → 0.80).
 * Only detection-grid frames are filled, so sparse detection keeps sparse tracks.
 */
const MAX_GAP_FRAMES = 20;
/**
 * An interpolated box overlapping a detected box of another track this much is dropped: the
 * person is already tracked there (seen at chunk seams, where a track lost on one side was
 * linked while the other side had already re-found the person under a new id). At 0.7 it
 * also dropped useful fills in one-chunk PETS (ID switches 20 → 24); at 0.9 it only removes
 * the seam duplicate.
 */
const SHADOW_IOU = 0.9;

/** What the detection merge produces. */
export interface MergedDetections {
  tracksFile: TracksFile;
  identitiesFile: IdentitiesFile;
  /** MOT text of the person tracks (`tracks.mot.txt`). */
  motText: string;
  /** Pooled per-track descriptors of people, decoded. */
  descriptors: PooledDescriptor[];
  /** Every sampled descriptor on its final track, plus frame features: the feature bank's inputs. */
  bankSamples: BankSamples;
}

/** A vector sampled at a time, on a final track (instance samples) or for the whole frame. */
export interface TimedVector {
  timeSec: number;
  values: Float32Array;
}

/** The per-sample inputs of the feature bank, in time then track order. */
export interface BankSamples {
  /** MobileNetV2 crop features (people and objects). */
  appearance: (TimedVector & { trackId: number })[];
  /** FaceRes features (people whose face was visible). */
  face: (TimedVector & { trackId: number })[];
  /** Whole-frame MobileNetV2 features. */
  frames: TimedVector[];
}

/** Input of `mergeDetections`: chunks in any order, each with its detection result. */
export interface MergeDetectionsInput {
  shotsFile: ShotsFile;
  chunks: readonly { chunk: Chunk; detections: ChunkDetections }[];
  identity?: IdentityConfig;
}

/** Joins the chunks' detections into tracks.json, identities.json and MOT text. */
export function mergeDetections(input: MergeDetectionsInput): MergedDetections {
  const { shotsFile } = input;
  const chunks = [...input.chunks].sort((a, b) => a.chunk.index - b.chunk.index);
  const detectionsAt = new Map<number, Detection[]>();
  for (const c of chunks) for (const f of c.detections.frames) if (owns(c.chunk, f.frame)) detectionsAt.set(f.frame, f.detections);
  const stitched = stitchChunkTracks(chunks.map((c) => ({ chunk: c.chunk, observations: chunkObservations(c.detections) })));
  const shotStarts = shotsFile.shots.map((s) => s.startFrame);
  const inShot = stitched.observations.filter((o) => frameInShot(shotsFile, shotStarts, o.frameIndex));
  const split = splitTracksAtShots(inShot, shotStarts);
  const fps = shotsFile.video.fps;
  const filled = dropShadowedFills(interpolateGaps(split, { maxGapFrames: MAX_GAP_FRAMES }).filter((o) => detectionsAt.has(o.frameIndex)));
  const names = classNames(detectionsAt);
  const tracks = assembleTracks(filled, {
    secondsOf: (f) => f / fps,
    shotOf: (f) => shotsFile.shots[shotIndexOf(shotStarts, f)]?.index ?? 0,
    classNameOf: (c) => names.get(c) ?? String(c),
    keypointsOf: (f, i) => detectionsAt.get(f)?.[i]?.keypoints,
  });
  const cfg = input.identity ?? identityConfig();
  const sampled = trackedDescriptors(chunks, filled);
  const descriptors = poolDescriptors(trackSamples(sampled.filter((s) => s.classId === PERSON_CLASS)));
  const people = tracks.filter((t) => t.classId === PERSON_CLASS);
  const { identities, identityOf } = linkIdentities(people, descriptors, cfg);
  const withIdentity: Track[] = tracks.map((t) => ({ ...t, identityId: identityOf.get(t.id) ?? null }));
  return {
    tracksFile: { video: shotsFile.video, tracks: withIdentity },
    identitiesFile: {
      video: shotsFile.video,
      method: { linkage: 'average', metric: 'cosine', faceThreshold: cfg.faceThreshold, appearanceThreshold: cfg.appearanceThreshold },
      identities,
      descriptors: descriptors.map(storedDescriptor),
    },
    motText: formatMot(filled.filter((o) => o.classId === PERSON_CLASS)),
    descriptors,
    bankSamples: bankSamples(chunks, sampled, fps),
  };
}

/** Drops interpolated observations that duplicate another track's detected box on the same frame. */
export function dropShadowedFills(observations: readonly TrackObservation[]): TrackObservation[] {
  const detected = new Map<number, TrackObservation[]>();
  for (const o of observations) if (o.detectionIndex >= 0) detected.set(o.frameIndex, [...(detected.get(o.frameIndex) ?? []), o]);
  return observations.filter(
    (o) =>
      o.detectionIndex >= 0 ||
      !(detected.get(o.frameIndex) ?? []).some(
        (d) => d.trackId !== o.trackId && d.classId === o.classId && iou(d.box, o.box) >= SHADOW_IOU,
      ),
  );
}

function owns(chunk: Chunk, frame: number): boolean {
  return frame >= chunk.startFrame && frame < chunk.endFrame;
}

/** True when the frame lies in a shot (not inside a gradual transition). */
function frameInShot(shotsFile: ShotsFile, shotStarts: readonly number[], frame: number): boolean {
  const shot = shotsFile.shots[shotIndexOf(shotStarts, frame)];
  return shot !== undefined && frame >= shot.startFrame && frame < shot.endFrame;
}

function classNames(detectionsAt: ReadonlyMap<number, Detection[]>): Map<number, string> {
  const names = new Map<number, string>();
  for (const dets of detectionsAt.values()) for (const d of dets) names.set(d.classId, d.className);
  return names;
}

/** Rebuilds a chunk's tracker observations from its packed rows and detections. */
export function chunkObservations(d: ChunkDetections): TrackObservation[] {
  const byFrame = new Map(d.frames.map((f) => [f.frame, f.detections]));
  return d.observations.map(([frameIndex, detectionIndex, trackId, x1, y1, x2, y2]) => {
    const det = byFrame.get(frameIndex!)?.[detectionIndex!];
    if (!det) throw new ValidationError(`chunk observation refers to a missing detection ${detectionIndex} on frame ${frameIndex}`);
    return {
      trackId: trackId!,
      frameIndex: frameIndex!,
      detectionIndex: detectionIndex!,
      box: Float64Array.from(det.box),
      filteredBox: Float64Array.from([x1!, y1!, x2!, y2!]),
      score: det.score,
      classId: det.classId,
    };
  });
}

/** One stored descriptor, decoded, on the final track observed at its (frame, detection). */
interface TrackedDescriptor {
  trackId: number;
  classId: number;
  frame: number;
  appearance: Float32Array;
  face?: Float32Array;
}

/** Stored descriptors on their final tracks, in frame then detection order (unmatched ones dropped). */
function trackedDescriptors(
  chunks: readonly { detections: ChunkDetections }[],
  observations: readonly TrackObservation[],
): TrackedDescriptor[] {
  const trackAt = new Map<string, TrackObservation>();
  for (const o of observations) if (o.detectionIndex >= 0) trackAt.set(`${o.frameIndex}/${o.detectionIndex}`, o);
  const stored = chunks.flatMap((c) => c.detections.descriptors).sort((a, b) => a.frame - b.frame || a.detectionIndex - b.detectionIndex);
  const out: TrackedDescriptor[] = [];
  for (const s of stored) {
    const o = trackAt.get(`${s.frame}/${s.detectionIndex}`);
    if (!o) continue;
    out.push({
      trackId: o.trackId,
      classId: o.classId,
      frame: s.frame,
      appearance: decodeF32(s.appearance),
      ...(s.face ? { face: decodeF32(s.face) } : {}),
    });
  }
  return out;
}

/** Descriptor samples per final track, for identity pooling. */
function trackSamples(sampled: readonly TrackedDescriptor[]): TrackSamples[] {
  const byTrack = new Map<number, TrackSamples>();
  for (const s of sampled) {
    const t = byTrack.get(s.trackId) ?? { trackId: s.trackId, appearance: [], face: [] };
    t.appearance.push(s.appearance);
    if (s.face) t.face.push(s.face);
    byTrack.set(s.trackId, t);
  }
  return [...byTrack.values()].sort((a, b) => a.trackId - b.trackId);
}

/** The feature bank's inputs: descriptors as timed samples on their tracks, frame features by time. */
function bankSamples(chunks: readonly { detections: ChunkDetections }[], sampled: readonly TrackedDescriptor[], fps: number): BankSamples {
  // Chunks store frame features of the frames they own only, so there is nothing to deduplicate.
  const frames = chunks
    .flatMap((c) => c.detections.frameFeatures ?? [])
    .sort((a, b) => a.frame - b.frame)
    .map((f) => ({ timeSec: f.frame / fps, values: decodeF32(f.values) }));
  return {
    appearance: sampled.map((s) => ({ trackId: s.trackId, timeSec: s.frame / fps, values: s.appearance })),
    face: sampled.filter((s) => s.face).map((s) => ({ trackId: s.trackId, timeSec: s.frame / fps, values: s.face! })),
    frames,
  };
}
