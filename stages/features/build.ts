/**
 * Assembling the long-term feature bank from tracks and per-encoder samples (pure).
 *
 * Every encoder is resampled onto the common 1-second grid MERV-style: grid point
 * `t = originSec + s` takes the encoder's nearest sample within ±toleranceSec (ties: the
 * earlier sample, then the earlier input); with no sample in the window the row is masked
 * (mask bit 0, zeros in the feature row). An instance is *visible* at second `s` when its
 * track has a detection within the window; that detection gives box, score and shot.
 * Samples may come from several chunks in any order; duplicates from chunk overlaps
 * resolve deterministically by the tie rule.
 */
import { ValidationError } from '../../core/errors';
import {
  FEATURE_BANK_FORMAT_VERSION,
  NO_IDENTITY,
  TimeGridSchema,
  EncoderSpecSchema,
  type EncoderRows,
  type EncoderSpec,
  type FeatureBank,
  type NormBox,
} from '../../core/contracts/feature-bank';
import { float32ToHalf, halfToFloat32 } from './f16';
import { nearestWithin } from './resample';
import { POSE_ENCODER, poseFeature } from './pose';

/** One detection of a track: time, normalised box, score and optional MoveNet keypoints. */
export interface DetectionInput {
  timeSec: number;
  box: Readonly<NormBox>;
  score: number;
  /** 17 × (x, y, confidence), x/y normalised to the frame; people only. */
  keypoints?: Float32Array;
}

/** A track: one class, an optional identity (linked across shots), detections in any order. */
export interface TrackInput {
  trackId: number;
  classId: number;
  identityId?: number | null;
  detections: readonly DetectionInput[];
}

/** One encoder output for one track at one time (e.g. MobileNetV2 on the crop). */
export interface InstanceSample {
  trackId: number;
  timeSec: number;
  values: Float32Array;
}

/** One frame-level encoder output at one time. */
export interface FrameSample {
  timeSec: number;
  values: Float32Array;
}

/** A shot by time: [startSec, endSec). */
export interface ShotSpan {
  index: number;
  startSec: number;
  endSec: number;
}

/** Everything `buildFeatureBank` needs, typically the merge of all chunk results. */
export interface BuildFeatureBankInput {
  videoId: string;
  durationSec: number;
  tracks: readonly TrackInput[];
  shots: readonly ShotSpan[];
  /** Per-instance encoders and their samples (from any chunks, any order). */
  encoders: readonly { spec: EncoderSpec; samples: readonly InstanceSample[] }[];
  /** Frame-level encoders (e.g. MobileNetV2 on the whole frame at 1 fps). */
  frameEncoders?: readonly { spec: EncoderSpec; samples: readonly FrameSample[] }[];
  /** Derive a `movenet-pose` encoder (keypoints normalised to the box) from the detections. */
  poseFromKeypoints?: boolean;
  toleranceSec?: number;
  classNames?: string[];
}

interface Row {
  second: number;
  track: TrackInput;
  det: DetectionInput;
}

function fail(what: string): never {
  throw new ValidationError(`buildFeatureBank: ${what}`);
}

function checkSamples(spec: EncoderSpec, samples: readonly { timeSec: number; values: Float32Array }[]): void {
  EncoderSpecSchema.parse(spec);
  samples.forEach((s, i) => {
    if (!Number.isFinite(s.timeSec)) fail(`encoder ${spec.name} sample ${i}: timeSec is not finite`);
    if (s.values.length !== spec.dim) fail(`encoder ${spec.name} sample ${i}: ${s.values.length} values, dim is ${spec.dim}`);
  });
}

function checkTracks(tracks: readonly TrackInput[]): void {
  const seen = new Set<number>();
  for (const t of tracks) {
    if (!Number.isInteger(t.trackId) || seen.has(t.trackId)) fail(`track id ${t.trackId} is not a unique integer`);
    seen.add(t.trackId);
    t.detections.forEach((d, i) => {
      const [x1, y1, x2, y2] = d.box;
      const ok = [x1, y1, x2, y2].every((v) => v >= 0 && v <= 1) && x1 <= x2 && y1 <= y2;
      if (!ok) fail(`track ${t.trackId} detection ${i}: box [${d.box.join(', ')}] is not normalised x1 ≤ x2, y1 ≤ y2 in [0, 1]`);
      if (!Number.isFinite(d.timeSec) || !(d.score >= 0 && d.score <= 1)) fail(`track ${t.trackId} detection ${i}: bad time or score`);
    });
  }
}

/** Index of the shot containing `t`: the last shot starting at or before it (0 when none). */
export function shotAt(shots: readonly ShotSpan[], t: number): number {
  let lo = 0;
  let hi = shots.length - 1;
  let found = shots[0]?.index ?? 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (shots[mid]!.startSec <= t) {
      found = shots[mid]!.index;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function visibleRows(tracks: readonly TrackInput[], count: number, origin: number, tol: number): Row[] {
  const rows: Row[] = [];
  for (const track of tracks) {
    const dets = [...track.detections].sort((a, b) => a.timeSec - b.timeSec);
    const times = Float64Array.from(dets, (d) => d.timeSec);
    if (times.length === 0) continue;
    // Only the seconds the track can reach (its span ± tol): the grid of a whole long video
    // per track made this quadratic in the video's length (tracks × seconds).
    const first = Math.max(0, Math.floor(times[0]! - tol - origin));
    const last = Math.min(count - 1, Math.ceil(times[times.length - 1]! + tol - origin));
    for (let s = first; s <= last; s++) {
      const k = nearestWithin(times, origin + s, tol);
      if (k >= 0) rows.push({ second: s, track, det: dets[k]! });
    }
  }
  return rows.sort((a, b) => a.second - b.second || a.track.trackId - b.track.trackId);
}

function resampleInstances(rows: Row[], spec: EncoderSpec, samples: readonly InstanceSample[], origin: number, tol: number): EncoderRows {
  const byTrack = new Map<number, InstanceSample[]>();
  for (const s of samples) {
    const list = byTrack.get(s.trackId) ?? [];
    list.push(s);
    byTrack.set(s.trackId, list);
  }
  const sorted = new Map(
    [...byTrack].map(([id, list]) => {
      const l = [...list].sort((a, b) => a.timeSec - b.timeSec);
      return [id, { list: l, times: Float64Array.from(l, (x) => x.timeSec) }] as const;
    }),
  );
  const features = new Float32Array(rows.length * spec.dim);
  const mask = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    const t = sorted.get(r.track.trackId);
    const k = t ? nearestWithin(t.times, origin + r.second, tol) : -1;
    if (k < 0) return;
    features.set(t!.list[k]!.values, i * spec.dim);
    mask[i] = 1;
  });
  return { spec, features, mask };
}

function resampleFrames(spec: EncoderSpec, samples: readonly FrameSample[], count: number, origin: number, tol: number): EncoderRows {
  const list = [...samples].sort((a, b) => a.timeSec - b.timeSec);
  const times = Float64Array.from(list, (x) => x.timeSec);
  const features = new Float32Array(count * spec.dim);
  const mask = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    const k = nearestWithin(times, origin + s, tol);
    if (k < 0) continue;
    features.set(list[k]!.values, s * spec.dim);
    mask[s] = 1;
  }
  return { spec, features, mask };
}

/** F16 encoders hold float16-representable values in memory too, so a bank equals its file. */
function roundF16(e: EncoderRows): EncoderRows {
  return e.spec.dtype === 'F16' ? { ...e, features: halfToFloat32(float32ToHalf(e.features)) } : e;
}

function poseRows(rows: Row[]): EncoderRows {
  const dim = POSE_ENCODER.dim;
  const features = new Float32Array(rows.length * dim);
  const mask = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    if (!r.det.keypoints) return;
    features.set(poseFeature(r.det.keypoints, r.det.box), i * dim);
    mask[i] = 1;
  });
  return { spec: POSE_ENCODER, features, mask };
}

/**
 * Builds the feature bank of one video: one row per (track, grid second) where the track
 * is visible, sorted by second then track id; every encoder resampled to the grid with a
 * mask bit; frame encoders one row per second. Pure and deterministic.
 *
 * @example
 * const bank = buildFeatureBank({ videoId: 'v', durationSec: 60, tracks, shots, encoders: [{ spec, samples }], poseFromKeypoints: true });
 */
export function buildFeatureBank(input: BuildFeatureBankInput): FeatureBank {
  const tol = input.toleranceSec ?? 0.5;
  const grid = TimeGridSchema.parse({ stepSec: 1, originSec: 0, count: Math.ceil(Math.max(0, input.durationSec)), toleranceSec: tol });
  checkTracks(input.tracks);
  for (const e of [...input.encoders, ...(input.frameEncoders ?? [])]) checkSamples(e.spec, e.samples);
  const rows = visibleRows(input.tracks, grid.count, grid.originSec, tol);
  const encoders = input.encoders.map((e) => roundF16(resampleInstances(rows, e.spec, e.samples, grid.originSec, tol)));
  if (input.poseFromKeypoints) encoders.push(poseRows(rows));
  const names = encoders.map((e) => e.spec.name);
  if (new Set(names).size !== names.length) fail(`encoder names must be unique (${names.join(', ')})`);
  const frames = (input.frameEncoders ?? []).map((e) => roundF16(resampleFrames(e.spec, e.samples, grid.count, grid.originSec, tol)));
  const present = Object.fromEntries(encoders.map((e) => [e.spec.name, e.mask.reduce((n, b) => n + b, 0)]));
  const identities = new Set(rows.map((r) => r.track.identityId ?? NO_IDENTITY).filter((id) => id !== NO_IDENTITY));
  return {
    index: {
      format: 'lvu-feature-bank',
      version: FEATURE_BANK_FORMAT_VERSION,
      videoId: input.videoId,
      durationSec: input.durationSec,
      grid,
      encoders: encoders.map((e) => e.spec),
      frameEncoders: frames.map((e) => e.spec),
      counts: {
        rows: rows.length,
        tracks: new Set(rows.map((r) => r.track.trackId)).size,
        identities: identities.size,
        shots: input.shots.length,
        present,
      },
      ...(input.classNames ? { classNames: input.classNames } : {}),
    },
    second: Int32Array.from(rows, (r) => r.second),
    box: Float32Array.from(rows.flatMap((r) => [...r.det.box])),
    classId: Int32Array.from(rows, (r) => r.track.classId),
    trackId: Int32Array.from(rows, (r) => r.track.trackId),
    identityId: Int32Array.from(rows, (r) => r.track.identityId ?? NO_IDENTITY),
    shotId: Int32Array.from(rows, (r) => shotAt(input.shots, r.det.timeSec)),
    score: Float32Array.from(rows, (r) => r.det.score),
    encoders,
    frames,
  };
}
