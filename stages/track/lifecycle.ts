/**
 * Track lifecycle, as in ByteTrack's `STrack`: tentative (born from one detection, not yet
 * reported) → confirmed (matched `minHits` times in consecutive updates; gets its id) →
 * lost (unmatched, kept for re-association for a buffer of frames) → removed. Tracks are
 * plain records owned by one tracker instance; ids come from that instance's counter.
 */
import { l2Normalize } from './association';
import { xyahToXyxy, xyxyToXyah } from './boxes';
import { createState, initiate, predict, update, type KalmanScratch, type KalmanState } from './kalman';

/** Lifecycle states. */
export const TrackState = { Tentative: 0, Confirmed: 1, Lost: 2, Removed: 3 } as const;
export type TrackState = (typeof TrackState)[keyof typeof TrackState];

/** One detection handed to a tracker. */
export interface TrackerDetection {
  /** [x1, y1, x2, y2] in source pixels. */
  readonly box: ArrayLike<number>;
  readonly score: number;
  readonly classId: number;
  /** Appearance descriptor (any length; L2-normalised by the tracker). */
  readonly embedding?: Float32Array | undefined;
}

/** What a tracker reports: one confirmed track on one frame. */
export interface TrackObservation {
  readonly trackId: number;
  readonly frameIndex: number;
  /** Index of the detection in the `update` call of that frame (for keypoints etc.); −1 for an interpolated box. */
  readonly detectionIndex: number;
  /** The detection's own box [x1, y1, x2, y2]. */
  readonly box: Float64Array;
  /** The Kalman posterior box after the update (smoother; ByteTrack reports this one). */
  readonly filteredBox: Float64Array;
  readonly score: number;
  readonly classId: number;
}

/** A live track; mutable, but only ever touched by the tracker instance that owns it. */
export interface TrackRecord {
  /** 0 while tentative; the tracker's next id on confirmation. */
  id: number;
  state: TrackState;
  kalman: KalmanState;
  /** Second state buffer: predict/update write here, then the two swap (no allocation per frame). */
  spare: KalmanState;
  /** Frame the Kalman state refers to (predicted up to the current frame). */
  stateFrame: number;
  classId: number;
  score: number;
  embedding: Float32Array | undefined;
  hits: number;
  lastMatchedFrame: number;
  /** Observations made while tentative, reported on confirmation (the look-behind). */
  pending: TrackObservation[];
}

/** Lifecycle parameters (a subset of the tracker config). */
export interface LifecycleConfig {
  readonly minHits: number;
  readonly trackBufferFrames: number;
  readonly embeddingMomentum: number;
}

/** What lifecycle steps need from the tracker that owns the track. */
export interface LifecycleEnv {
  readonly config: LifecycleConfig;
  readonly nextId: () => number;
  readonly scratch: KalmanScratch;
}

/** A per-tracker id source: 1, 2, 3, … (MOT ids are 1-based). */
export function createIdCounter(): () => number {
  let last = 0;
  return () => ++last;
}

/** A new tentative track from a detection on `frameIndex`. */
export function startTrack(det: TrackerDetection, detectionIndex: number, frameIndex: number): TrackRecord {
  const kalman = initiate(xyxyToXyah(det.box));
  const track: TrackRecord = {
    id: 0,
    state: TrackState.Tentative,
    kalman,
    spare: createState(),
    stateFrame: frameIndex,
    classId: det.classId,
    score: det.score,
    embedding: det.embedding ? l2Normalize(det.embedding) : undefined,
    hits: 1,
    lastMatchedFrame: frameIndex,
    pending: [],
  };
  track.pending.push(observe(track, det, detectionIndex, frameIndex));
  return track;
}

/**
 * Advances the Kalman state to `frameIndex` (one predict per frame elapsed, so velocities
 * stay per-frame when detection skips frames). A lost track's height velocity is zeroed
 * first, as ByteTrack does, so an unobserved box does not grow or shrink without bound.
 */
export function predictTo(track: TrackRecord, frameIndex: number): void {
  if (track.state === TrackState.Lost) track.kalman.mean[7] = 0;
  for (let f = track.stateFrame; f < frameIndex; f++) swap(track, predict(track.kalman, track.spare));
  track.stateFrame = Math.max(track.stateFrame, frameIndex);
}

function swap(track: TrackRecord, next: KalmanState): void {
  track.spare = track.kalman;
  track.kalman = next;
}

/**
 * Applies a matched detection: Kalman update, appearance EMA (BoT-SORT), hit count, and
 * the state change (tentative → confirmed after `minHits`, lost → confirmed). Returns the
 * observations to report now: none while tentative, the buffered ones on confirmation.
 */
export function applyMatch(
  track: TrackRecord,
  det: TrackerDetection,
  detectionIndex: number,
  frameIndex: number,
  env: LifecycleEnv,
): TrackObservation[] {
  const { config, nextId } = env;
  swap(track, update(track.kalman, xyxyToXyah(det.box), track.spare, env.scratch));
  track.score = det.score;
  track.embedding = blendEmbedding(track.embedding, det.embedding, config.embeddingMomentum);
  track.hits += 1; // a tentative track is dropped at its first miss, so its hits are consecutive
  track.lastMatchedFrame = frameIndex;
  const obs = observe(track, det, detectionIndex, frameIndex);
  if (track.state !== TrackState.Tentative) {
    track.state = TrackState.Confirmed;
    return [obs];
  }
  track.pending.push(obs);
  return track.hits >= config.minHits ? confirm(track, nextId) : [];
}

/** Confirms a tentative track now (e.g. on the first frame of a shot); returns its pending observations. */
export function confirm(track: TrackRecord, nextId: () => number): TrackObservation[] {
  track.id = nextId();
  track.state = TrackState.Confirmed;
  const out = track.pending.map((o) => ({ ...o, trackId: track.id }));
  track.pending = [];
  return out;
}

/**
 * An update without a match: a tentative track is dropped (ByteTrack removes unconfirmed
 * tracks at their first miss), a confirmed one becomes lost, a lost one is removed once it
 * has gone unmatched for more than `trackBufferFrames`.
 */
export function applyMiss(track: TrackRecord, frameIndex: number, config: LifecycleConfig): void {
  if (track.state === TrackState.Tentative) track.state = TrackState.Removed;
  else if (track.state === TrackState.Confirmed) track.state = TrackState.Lost;
  if (track.state === TrackState.Lost && frameIndex - track.lastMatchedFrame > config.trackBufferFrames) {
    track.state = TrackState.Removed;
  }
}

/** The track's current (predicted or updated) box [x1, y1, x2, y2]. */
export function currentBox(track: TrackRecord, out?: Float64Array): Float64Array {
  return xyahToXyxy(track.kalman.mean, out);
}

function observe(track: TrackRecord, det: TrackerDetection, detectionIndex: number, frameIndex: number): TrackObservation {
  return {
    trackId: track.id,
    frameIndex,
    detectionIndex,
    box: Float64Array.from(det.box as ArrayLike<number>),
    filteredBox: currentBox(track),
    score: det.score,
    classId: det.classId,
  };
}

function blendEmbedding(prev: Float32Array | undefined, next: Float32Array | undefined, momentum: number): Float32Array | undefined {
  if (!next) return prev;
  const n = l2Normalize(next);
  if (!prev || prev.length !== n.length) return n;
  const mixed = new Float32Array(n.length);
  for (let i = 0; i < n.length; i++) mixed[i] = momentum * prev[i]! + (1 - momentum) * n[i]!;
  return l2Normalize(mixed);
}
