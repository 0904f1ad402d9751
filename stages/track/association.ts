/**
 * Association: cost matrices between tracks (rows) and detections (columns), gating, and
 * the assignment that turns a cost matrix into matches, unmatched tracks and unmatched
 * detections. As in ByteTrack's `matching.py` and BoT-SORT's IoU/appearance fusion.
 */
import { iouMatrix } from './boxes';
import { assignWithLimit, type AssignmentResult, type CostMatrix } from './hungarian';
import { CHI2_INV_95_4DOF, gatingDistances, type KalmanState } from './kalman';

/** Cost of a pair that must never match. */
export const GATED = Number.POSITIVE_INFINITY;

/** IoU distance (1 − IoU) between packed xyxy boxes of tracks (rows) and detections (columns). */
export function iouCost(trackBoxes: ArrayLike<number>, tracks: number, detBoxes: ArrayLike<number>, dets: number): CostMatrix {
  const data = iouMatrix(trackBoxes, tracks, detBoxes, dets);
  for (let i = 0; i < data.length; i++) data[i] = 1 - data[i]!;
  return { data, rows: tracks, cols: dets };
}

/** Returns `v / ‖v‖₂` as a new Float32Array (a zero vector stays zero). */
export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  if (s === 0) return out;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * inv;
  return out;
}

/**
 * Cosine distance 1 − a·b between L2-normalised descriptors; a pair where either side has
 * no descriptor (or the lengths differ) gets 1, i.e. "no appearance evidence".
 */
export function appearanceCost(trackEmb: readonly (Float32Array | undefined)[], detEmb: readonly (Float32Array | undefined)[]): CostMatrix {
  const rows = trackEmb.length;
  const cols = detEmb.length;
  const data = new Float64Array(rows * cols).fill(1);
  for (let r = 0; r < rows; r++) {
    const a = trackEmb[r];
    if (!a) continue;
    for (let c = 0; c < cols; c++) {
      const b = detEmb[c];
      if (!b || b.length !== a.length) continue;
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
      data[r * cols + c] = 1 - dot;
    }
  }
  return { data, rows, cols };
}

/** Thresholds of the IoU/appearance fusion (BoT-SORT). */
export interface FusionThresholds {
  /** Appearance distances above this are ignored (BoT-SORT `appearance_thresh` 0.25). */
  readonly appearanceThreshold: number;
  /** Appearance only counts for pairs whose IoU distance is at most this (BoT-SORT `proximity_thresh` 0.5). */
  readonly proximityThreshold: number;
}

/**
 * BoT-SORT fusion: cost = min(IoU distance, appearance distance), where the appearance
 * distance is only trusted when it is small and the boxes are close. Appearance thus
 * resolves ambiguity between nearby candidates; it never links far-apart boxes.
 */
export function fuseIouAppearance(iou: CostMatrix, appearance: CostMatrix, t: FusionThresholds): CostMatrix {
  const data = new Float64Array(iou.data.length);
  for (let i = 0; i < data.length; i++) {
    const d = iou.data[i]!;
    const e = appearance.data[i]!;
    const usable = e <= t.appearanceThreshold && d <= t.proximityThreshold;
    data[i] = usable ? Math.min(d, e) : d;
  }
  return { data, rows: iou.rows, cols: iou.cols };
}

/** Gates out (cost = GATED) pairs whose class ids differ; returns a new matrix. */
export function gateByClass(cost: CostMatrix, trackClasses: ArrayLike<number>, detClasses: ArrayLike<number>): CostMatrix {
  const data = new Float64Array(cost.data);
  for (let r = 0; r < cost.rows; r++) {
    for (let c = 0; c < cost.cols; c++) if (trackClasses[r] !== detClasses[c]) data[r * cost.cols + c] = GATED;
  }
  return { data, rows: cost.rows, cols: cost.cols };
}

/**
 * Gates out pairs whose squared Mahalanobis distance between the track's predicted state
 * and the detection measurement [cx, cy, a, h] exceeds the χ² 95 % quantile (DeepSORT).
 * `measurements` is packed, 4 numbers per detection.
 */
export function gateByMotion(cost: CostMatrix, states: readonly KalmanState[], measurements: Float64Array): CostMatrix {
  const data = new Float64Array(cost.data);
  for (let r = 0; r < cost.rows; r++) {
    const d2 = gatingDistances(states[r]!, measurements, cost.cols);
    for (let c = 0; c < cost.cols; c++) if (d2[c]! > CHI2_INV_95_4DOF) data[r * cost.cols + c] = GATED;
  }
  return { data, rows: cost.rows, cols: cost.cols };
}

/**
 * Matches rows to columns with costs below `limit` (Hungarian, ByteTrack's
 * `linear_assignment(cost, thresh)`); gated pairs never match.
 *
 * @example
 *   const { matches, unmatchedRows, unmatchedCols } = associate(iouCost(t, 2, d, 3), 0.8);
 *   // matches = [track0, det1, track1, det0] …
 */
export function associate(cost: CostMatrix, limit: number): AssignmentResult {
  return assignWithLimit(cost, limit);
}
