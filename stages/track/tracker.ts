/**
 * The multi-object tracker: ByteTrack's two-pass association on a DeepSORT Kalman model,
 * with BoT-SORT's optional appearance fusion. Motion continuity ends at a hard cut:
 * `cut()` (or a new `shotId` on `update`) ends every track, so no track spans two shots.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import { ValidationError } from '../../core/errors';
import { appearanceCost, associate, fuseIouAppearance, gateByClass, gateByMotion, iouCost, l2Normalize } from './association';
import { xyxyToXyah } from './boxes';
import type { CostMatrix } from './hungarian';
import {
  applyMatch,
  applyMiss,
  confirm,
  createIdCounter,
  currentBox,
  predictTo,
  startTrack,
  TrackState,
  type LifecycleEnv,
  type TrackerDetection,
  type TrackObservation,
  type TrackRecord,
} from './lifecycle';
import { createScratch } from './kalman';

/** ByteTrack `track_thresh`: detections at or above it are "high score" (first pass). */
const HIGH_SCORE = 0.5;
/** ByteTrack's fixed lower bound: detections in [0.1, HIGH_SCORE) only feed the second pass. */
const LOW_SCORE = 0.1;
/** ByteTrack `det_thresh` = track_thresh + 0.1: minimum score to start a new track. */
const NEW_TRACK_SCORE = 0.6;
/** ByteTrack `match_thresh`: first-pass cost limit (IoU distance 0.8 ⇔ IoU ≥ 0.2). */
const FIRST_MATCH_LIMIT = 0.8;
/** ByteTrack second pass (low-score detections): `linear_assignment(dists, thresh=0.5)`. */
const SECOND_MATCH_LIMIT = 0.5;
/** ByteTrack unconfirmed-track pass: `linear_assignment(dists, thresh=0.7)`. */
const TENTATIVE_MATCH_LIMIT = 0.7;
/** ByteTrack `track_buffer` (30 frames at 30 fps); scale with the frame rate if needed. */
const TRACK_BUFFER_FRAMES = 30;
/** ByteTrack confirms a new track at its second consecutive match. */
const MIN_HITS = 2;
/** BoT-SORT `appearance_thresh`. */
const APPEARANCE_THRESHOLD = 0.25;
/** BoT-SORT `proximity_thresh`. */
const PROXIMITY_THRESHOLD = 0.5;
/** BoT-SORT / JDE feature EMA momentum (`alpha` 0.9). */
const EMBEDDING_MOMENTUM = 0.9;

/** Tracker configuration; every field has a default from ByteTrack / BoT-SORT / DeepSORT. */
export const TrackerConfigSchema = z
  .object({
    highScore: z.number().min(0).max(1).default(HIGH_SCORE),
    lowScore: z.number().min(0).max(1).default(LOW_SCORE),
    newTrackScore: z.number().min(0).max(1).default(NEW_TRACK_SCORE),
    firstMatchLimit: z.number().positive().default(FIRST_MATCH_LIMIT),
    secondMatchLimit: z.number().positive().default(SECOND_MATCH_LIMIT),
    tentativeMatchLimit: z.number().positive().default(TENTATIVE_MATCH_LIMIT),
    trackBufferFrames: z.number().int().nonnegative().default(TRACK_BUFFER_FRAMES),
    minHits: z.number().int().positive().default(MIN_HITS),
    /** Use appearance descriptors (when detections carry them) in the first pass. */
    appearance: z.boolean().default(true),
    appearanceThreshold: z.number().min(0).max(2).default(APPEARANCE_THRESHOLD),
    proximityThreshold: z.number().min(0).max(1).default(PROXIMITY_THRESHOLD),
    embeddingMomentum: z.number().min(0).max(1).default(EMBEDDING_MOMENTUM),
    /** Gate pairs by Kalman Mahalanobis distance (DeepSORT χ² 95 %), off in ByteTrack. */
    motionGating: z.boolean().default(false),
    /** Only associate boxes of the same class. */
    classAware: z.boolean().default(true),
  })
  .strict()
  .refine((c) => c.lowScore <= c.highScore, { message: 'lowScore must not exceed highScore', path: ['lowScore'] });
export type TrackerConfig = z.output<typeof TrackerConfigSchema>;
export type TrackerConfigInput = z.input<typeof TrackerConfigSchema>;

/** A streaming tracker: feed frames in increasing order. */
export interface Tracker {
  readonly config: Readonly<TrackerConfig>;
  /** How many frames back an `update` may still report (a track confirmed late reports its tentative frames). */
  readonly lookBehindFrames: number;
  /**
   * Tracks one frame; returns the observations decided now (this frame's confirmed tracks,
   * plus earlier frames of tracks confirmed now), sorted by frame then track id. A
   * `shotId` different from the previous call's ends every track first, like `cut()`.
   */
  update(frameIndex: number, detections: readonly TrackerDetection[], options?: { shotId?: number }): TrackObservation[];
  /** Ends every track (a hard cut): the next update starts afresh, ids keep counting. */
  cut(): void;
  /** End of stream: ends every track; tentative tracks are dropped, so nothing is left to report. */
  flush(): TrackObservation[];
}

interface FrameContext {
  readonly frameIndex: number;
  readonly dets: readonly TrackerDetection[];
  readonly measurements: Float64Array;
  readonly embeddings: (Float32Array | undefined)[];
  readonly cfg: TrackerConfig;
  readonly nextId: () => number;
  readonly env: LifecycleEnv;
  readonly freshStart: boolean;
  readonly out: TrackObservation[];
}

/**
 * Creates a tracker with its own tracks and id counter.
 *
 * @example
 *   const tracker = createTracker({ trackBufferFrames: 2 * fps });
 *   for (const f of frames) observations.push(...tracker.update(f.index, f.detections, { shotId: f.shot }));
 */
export function createTracker(config: TrackerConfigInput = {}): Tracker {
  const cfg = Object.freeze(parseOrThrow(TrackerConfigSchema, config, 'tracker config'));
  const nextId = createIdCounter();
  const env: LifecycleEnv = { config: cfg, nextId, scratch: createScratch() };
  let tracks: TrackRecord[] = [];
  let freshStart = true;
  let lastFrame = -1;
  let lastShot: number | undefined;
  const cut = () => {
    tracks = [];
    freshStart = true;
  };
  const update: Tracker['update'] = (frameIndex, detections, options = {}) => {
    if (!Number.isInteger(frameIndex) || frameIndex <= lastFrame) {
      throw new ValidationError(`tracker frames must be increasing integers: got ${frameIndex} after ${lastFrame}`);
    }
    if (options.shotId !== undefined && lastShot !== undefined && options.shotId !== lastShot) cut();
    lastShot = options.shotId ?? lastShot;
    lastFrame = frameIndex;
    const ctx = frameContext(frameIndex, detections, env, freshStart);
    tracks = trackFrame(ctx, tracks);
    freshStart = false;
    return ctx.out.sort((a, b) => a.frameIndex - b.frameIndex || a.trackId - b.trackId);
  };
  return { config: cfg, lookBehindFrames: cfg.minHits - 1, update, cut, flush: () => (cut(), []) };
}

function frameContext(frameIndex: number, dets: readonly TrackerDetection[], env: LifecycleEnv, freshStart: boolean): FrameContext {
  const cfg = env.config as TrackerConfig;
  const measurements = new Float64Array(dets.length * 4);
  const embeddings: (Float32Array | undefined)[] = [];
  dets.forEach((d, i) => {
    validateDetection(d, i);
    measurements.set(xyxyToXyah(d.box), 4 * i);
    embeddings.push(cfg.appearance && d.embedding ? l2Normalize(d.embedding) : undefined);
  });
  return { frameIndex, dets, measurements, embeddings, cfg, nextId: env.nextId, env, freshStart, out: [] };
}

function validateDetection(d: TrackerDetection, i: number): void {
  const b = d.box;
  const ok = b.length === 4 && Array.prototype.every.call(b, Number.isFinite) && b[2]! >= b[0]! && b[3]! >= b[1]!;
  if (!ok) throw new ValidationError(`detection ${i}: box must be finite [x1, y1, x2, y2] with x2 ≥ x1, y2 ≥ y1`);
  if (!(d.score >= 0 && d.score <= 1)) throw new ValidationError(`detection ${i}: score must be in [0, 1], got ${d.score}`);
  if (!Number.isInteger(d.classId) || d.classId < 0) throw new ValidationError(`detection ${i}: classId must be a non-negative integer`);
}

/** One frame of ByteTrack; returns the tracks still alive. */
function trackFrame(ctx: FrameContext, tracks: TrackRecord[]): TrackRecord[] {
  const { cfg } = ctx;
  for (const t of tracks) predictTo(t, ctx.frameIndex);
  const usable = (i: number) => ctx.measurements[4 * i + 3]! > 0 && ctx.measurements[4 * i + 2]! > 0; // zero-area boxes cannot be tracked
  const high: number[] = [];
  const low: number[] = [];
  ctx.dets.forEach((d, i) => {
    if (!usable(i)) return;
    if (d.score >= cfg.highScore) high.push(i);
    else if (d.score >= cfg.lowScore) low.push(i);
  });
  const pool = tracks.filter((t) => t.state === TrackState.Confirmed || t.state === TrackState.Lost);
  const first = matchPass(ctx, pool, high, cfg.firstMatchLimit, true);
  const stillTracked = first.tracks.filter((t) => t.state === TrackState.Confirmed);
  const second = matchPass(ctx, stillTracked, low, cfg.secondMatchLimit, false);
  for (const t of second.tracks) applyMiss(t, ctx.frameIndex, cfg);
  for (const t of first.tracks) if (t.state === TrackState.Lost) applyMiss(t, ctx.frameIndex, cfg);
  const tentative = tracks.filter((t) => t.state === TrackState.Tentative);
  const third = matchPass(ctx, tentative, first.dets, cfg.tentativeMatchLimit, true);
  for (const t of third.tracks) applyMiss(t, ctx.frameIndex, cfg);
  const born = third.dets.filter((i) => ctx.dets[i]!.score >= cfg.newTrackScore).map((i) => birth(ctx, i));
  return [...tracks.filter((t) => t.state !== TrackState.Removed), ...born];
}

function birth(ctx: FrameContext, detIndex: number): TrackRecord {
  const t = startTrack({ ...ctx.dets[detIndex]!, embedding: ctx.embeddings[detIndex] }, detIndex, ctx.frameIndex);
  if (ctx.freshStart || ctx.cfg.minHits <= 1) ctx.out.push(...confirm(t, ctx.nextId));
  return t;
}

/** Associates `tracks` with detections `detIdx`, applies the matches; returns what is left. */
function matchPass(
  ctx: FrameContext,
  tracks: TrackRecord[],
  detIdx: number[],
  limit: number,
  withAppearance: boolean,
): { tracks: TrackRecord[]; dets: number[] } {
  if (tracks.length === 0 || detIdx.length === 0) return { tracks, dets: detIdx };
  const cost = passCost(ctx, tracks, detIdx, withAppearance);
  const { matches, unmatchedRows, unmatchedCols } = associate(cost, limit);
  for (let k = 0; k < matches.length; k += 2) {
    const track = tracks[matches[k]!]!;
    const di = detIdx[matches[k + 1]!]!;
    const det = { ...ctx.dets[di]!, embedding: ctx.embeddings[di] };
    ctx.out.push(...applyMatch(track, det, di, ctx.frameIndex, ctx.env));
  }
  return { tracks: Array.from(unmatchedRows, (r) => tracks[r]!), dets: Array.from(unmatchedCols, (c) => detIdx[c]!) };
}

function passCost(ctx: FrameContext, tracks: TrackRecord[], detIdx: number[], withAppearance: boolean): CostMatrix {
  const trackBoxes = new Float64Array(tracks.length * 4);
  tracks.forEach((t, r) => currentBox(t, trackBoxes.subarray(4 * r, 4 * r + 4)));
  const detBoxes = new Float64Array(detIdx.length * 4);
  detIdx.forEach((di, c) => detBoxes.set(ctx.dets[di]!.box as ArrayLike<number>, 4 * c));
  let cost = iouCost(trackBoxes, tracks.length, detBoxes, detIdx.length);
  const detEmb = detIdx.map((di) => ctx.embeddings[di]);
  if (withAppearance && detEmb.some(Boolean)) {
    cost = fuseIouAppearance(
      cost,
      appearanceCost(
        tracks.map((t) => t.embedding),
        detEmb,
      ),
      ctx.cfg,
    );
  }
  if (ctx.cfg.classAware)
    cost = gateByClass(
      cost,
      tracks.map((t) => t.classId),
      detIdx.map((di) => ctx.dets[di]!.classId),
    );
  if (ctx.cfg.motionGating) {
    const meas = new Float64Array(detIdx.length * 4);
    detIdx.forEach((di, c) => meas.set(ctx.measurements.subarray(4 * di, 4 * di + 4), 4 * c));
    cost = gateByMotion(
      cost,
      tracks.map((t) => t.kalman),
      meas,
    );
  }
  return cost;
}
