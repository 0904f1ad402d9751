/**
 * Scoring scene segmentations against ground truth: boundary precision / recall / F1 with
 * a tolerance in seconds, and coverage (the fraction of the video's time that lies in
 * exactly one scene). Any segmentation is a list of time intervals; its boundaries are the
 * starts of every interval but the earliest.
 */
import { z } from 'zod';

/** Default boundary tolerance: a predicted scene start within ±1 s of a true one counts. */
export const SCENE_TOLERANCE_SEC = 1;

const sec = z.number().nonnegative();

/**
 * Ground truth (as `training/scenes/make-montages.ts` writes it): the scenes in order and,
 * optionally, each boundary's span (a gradual transition's inclusive frames as seconds);
 * without `boundaries`, each scene's `startSec` after the first is a point boundary.
 */
export const ScenesGroundTruthSchema = z.object({
  durationSec: z.number().positive(),
  scenes: z.array(z.object({ startSec: sec, endSec: sec })).min(1),
  boundaries: z
    .array(
      z
        .object({ startSec: sec, endSec: sec })
        .refine((b) => b.endSec >= b.startSec, { message: 'endSec must be ≥ startSec', path: ['endSec'] }),
    )
    .optional(),
});
export type ScenesGroundTruth = z.infer<typeof ScenesGroundTruthSchema>;

/** A segmentation to score: intervals [startSec, endSec), any order (may overlap or leave gaps). */
export interface Segmentation {
  name: string;
  intervals: readonly { startSec: number; endSec: number }[];
}

export interface SegmentationScore {
  name: string;
  scenes: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Fraction of [0, durationSec) inside exactly one interval. */
  coverage: number;
  /** Predicted boundaries (s) that matched nothing, and true boundaries (their start, s) missed. */
  falseBoundaries: number[];
  missed: number[];
}

/** True boundary spans of the ground truth, in time order. */
export function truthBoundaries(gt: ScenesGroundTruth): { startSec: number; endSec: number }[] {
  const spans = gt.boundaries ?? gt.scenes.slice(1).map((s) => ({ startSec: s.startSec, endSec: s.startSec }));
  return [...spans].sort((a, b) => a.startSec - b.startSec);
}

/** The boundaries a segmentation claims: the start of every interval but the earliest, ascending. */
export function predictedBoundaries(seg: Segmentation): number[] {
  const starts = seg.intervals.map((i) => i.startSec).sort((a, b) => a - b);
  return starts.slice(1);
}

/**
 * Scores one segmentation. A predicted boundary matches a true one when it lies within
 * ±toleranceSec of the true span; matching is one-to-one, greedy in time order (each true
 * boundary takes the nearest unmatched prediction), which is optimal for spans that do not
 * overlap.
 */
export function scoreSegmentation(seg: Segmentation, gt: ScenesGroundTruth, toleranceSec = SCENE_TOLERANCE_SEC): SegmentationScore {
  const truth = truthBoundaries(gt);
  const pred = predictedBoundaries(seg);
  const used = new Uint8Array(pred.length);
  const missed: number[] = [];
  for (const t of truth) {
    let best = -1;
    let bestDist = Number.POSITIVE_INFINITY;
    pred.forEach((p, i) => {
      const dist = p < t.startSec ? t.startSec - p : p > t.endSec ? p - t.endSec : 0;
      if (!used[i] && dist <= toleranceSec + 1e-9 && dist < bestDist) {
        best = i;
        bestDist = dist;
      }
    });
    if (best >= 0) used[best] = 1;
    else missed.push(t.startSec);
  }
  const tp = truth.length - missed.length;
  const fp = pred.length - tp;
  const precision = pred.length ? tp / pred.length : truth.length ? 0 : 1;
  const recall = truth.length ? tp / truth.length : 1;
  return {
    name: seg.name,
    scenes: seg.intervals.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: missed.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    coverage: coverage(seg.intervals, gt.durationSec),
    falseBoundaries: pred.filter((_, i) => !used[i]),
    missed,
  };
}

/** Fraction of [0, durationSec) covered by exactly one interval (a sweep over the interval edges). */
export function coverage(intervals: readonly { startSec: number; endSec: number }[], durationSec: number): number {
  const events: [number, number][] = [];
  for (const i of intervals) {
    const a = Math.max(0, i.startSec);
    const b = Math.min(durationSec, i.endSec);
    if (b > a) events.push([a, 1], [b, -1]);
  }
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let depth = 0;
  let last = 0;
  let once = 0;
  for (const [t, d] of events) {
    if (depth === 1) once += t - last;
    depth += d;
    last = t;
  }
  return durationSec > 0 ? once / durationSec : 1;
}
