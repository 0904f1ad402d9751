import { z } from 'zod';
import { TransitionSchema, type Transition, type TransitionType } from '../../core/contracts/shots';

/** Default cut tolerance: a detected cut within ±1 frame of the true one counts. */
export const CUT_TOLERANCE_FRAMES = 1;

const frameIndex = z.number().int().nonnegative();

/**
 * Ground truth as in `shots_dev_gt.json`: cuts carry `frame` (first frame of the new shot),
 * gradual transitions `start`..`end` inclusive. Other fields (segments, shots, notes) are
 * ignored.
 */
export const ShotsGroundTruthSchema = z.object({
  transitions: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('cut'), frame: frameIndex }),
      z
        .object({ type: z.enum(['dissolve', 'fade', 'wipe']), start: frameIndex, end: frameIndex })
        .refine((t) => t.end >= t.start, { message: 'end must be ≥ start', path: ['end'] }),
    ]),
  ),
});
export type ShotsGroundTruth = z.infer<typeof ShotsGroundTruthSchema>;

/** What `eval shots` reads from a prediction: the `transitions` of a shots.json. */
export const PredictedTransitionsSchema = z.object({
  transitions: z.array(
    TransitionSchema.refine((t) => t.endFrame >= t.startFrame, { message: 'endFrame must be ≥ startFrame', path: ['endFrame'] }),
  ),
});

/** Precision, recall and F1 of one category. */
export interface DetectionScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Per gradual type: how many exist, how many were found (as any gradual type), how many with the right type. */
export interface TypeScore {
  truth: number;
  predicted: number;
  found: number;
  typeCorrect: number;
}

export interface ShotEvalReport {
  cuts: DetectionScore;
  gradual: DetectionScore & { meanIoU: number };
  byType: Record<Exclude<TransitionType, 'cut'>, TypeScore>;
  /** Predicted transitions that matched nothing, and true ones that were missed. */
  falsePositives: Span[];
  misses: Span[];
}

/** A transition as an inclusive frame span (a cut is one frame: the first of the new shot). */
export interface Span {
  type: TransitionType;
  start: number;
  end: number;
}

/**
 * Scores predicted transitions against ground truth. Cuts match within ±`cutTolerance`
 * frames; gradual transitions (any of dissolve/fade/wipe) match when their spans overlap
 * by at least one frame. Each true and each predicted transition is matched at most once
 * (closest cut first; largest overlap first). A cut never matches a gradual transition.
 */
export function evaluateShots(
  predicted: readonly Transition[],
  truth: ShotsGroundTruth,
  cutTolerance = CUT_TOLERANCE_FRAMES,
): ShotEvalReport {
  const pred = predicted.map((t) => ({ type: t.type, start: t.startFrame, end: t.endFrame }));
  const gt = truth.transitions.map(
    (t): Span => (t.type === 'cut' ? { type: 'cut', start: t.frame, end: t.frame } : { type: t.type, start: t.start, end: t.end }),
  );
  const isCut = (s: Span) => s.type === 'cut';
  const cutPairs = matchGreedy(pred.filter(isCut), gt.filter(isCut), (p, g) => {
    const d = Math.abs(p.start - g.start);
    return d <= cutTolerance ? -d : null;
  });
  const gradualPairs = matchGreedy(
    pred.filter((s) => !isCut(s)),
    gt.filter((s) => !isCut(s)),
    (p, g) => {
      const iou = spanIoU(p, g);
      return iou > 0 ? iou : null;
    },
  );
  const matchedPred = new Set([...cutPairs, ...gradualPairs].map((m) => m.pred));
  const matchedGt = new Set([...cutPairs, ...gradualPairs].map((m) => m.truth));
  return {
    cuts: score(cutPairs.length, pred.filter(isCut).length, gt.filter(isCut).length),
    gradual: {
      ...score(gradualPairs.length, pred.filter((s) => !isCut(s)).length, gt.filter((s) => !isCut(s)).length),
      meanIoU: gradualPairs.length ? gradualPairs.reduce((s, m) => s + m.value, 0) / gradualPairs.length : Number.NaN,
    },
    byType: {
      dissolve: typeScore('dissolve', pred, gt, gradualPairs),
      fade: typeScore('fade', pred, gt, gradualPairs),
      wipe: typeScore('wipe', pred, gt, gradualPairs),
    },
    falsePositives: pred.filter((s) => !matchedPred.has(s)),
    misses: gt.filter((s) => !matchedGt.has(s)),
  };
}

interface Match {
  pred: Span;
  truth: Span;
  value: number;
}

/** Greedy one-to-one matching by descending value (null = may not match). */
function matchGreedy(pred: Span[], gt: Span[], value: (p: Span, g: Span) => number | null): Match[] {
  const options: Match[] = [];
  for (const p of pred) {
    for (const g of gt) {
      const v = value(p, g);
      if (v !== null) options.push({ pred: p, truth: g, value: v });
    }
  }
  options.sort((x, y) => y.value - x.value || x.truth.start - y.truth.start || x.pred.start - y.pred.start);
  const usedPred = new Set<Span>();
  const usedGt = new Set<Span>();
  const matches: Match[] = [];
  for (const m of options) {
    if (usedPred.has(m.pred) || usedGt.has(m.truth)) continue;
    usedPred.add(m.pred);
    usedGt.add(m.truth);
    matches.push(m);
  }
  return matches;
}

/** Intersection over union of two inclusive frame spans. */
export function spanIoU(a: Span, b: Span): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start) + 1;
  if (inter <= 0) return 0;
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start) + 1);
}

function score(tp: number, predicted: number, truth: number): DetectionScore {
  const precision = predicted ? tp / predicted : Number.NaN;
  const recall = truth ? tp / truth : Number.NaN;
  const f1 = predicted + truth ? (2 * tp) / (predicted + truth) : Number.NaN;
  return { truePositives: tp, falsePositives: predicted - tp, falseNegatives: truth - tp, precision, recall, f1 };
}

function typeScore(type: TransitionType, pred: Span[], gt: Span[], pairs: Match[]): TypeScore {
  const ofType = pairs.filter((m) => m.truth.type === type);
  return {
    truth: gt.filter((s) => s.type === type).length,
    predicted: pred.filter((s) => s.type === type).length,
    found: ofType.length,
    typeCorrect: ofType.filter((m) => m.pred.type === type).length,
  };
}
