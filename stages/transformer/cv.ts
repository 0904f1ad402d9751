/**
 * Training a task head from labelled videos, with k-fold cross-validation grouped by
 * video (all spans of a video fall in the same fold, so no span of a test video is seen
 * in training). Metric: video-level accuracy (classification) or MSE (regression).
 */
import type { LvuTask } from '../../core/lvu-tasks';
import { DEFAULT_LAMBDA, fitLogistic, fitRidge, predictVideo, type HeadData, type LinearHead } from './heads';

/** One labelled video: its span embeddings [spans, dim] and its target (class index or value). */
export interface LabelledVideo {
  video: string;
  x: Float32Array;
  y: number;
}

/** Cross-validation outcome. */
export interface CvReport {
  metric: 'accuracy' | 'mse';
  folds: number;
  perFold: number[];
  mean: number;
  /** What always predicting the training majority class (or mean) scores, for comparison. */
  baseline: number;
}

function stack(videos: readonly LabelledVideo[], dim: number): HeadData {
  const rows = videos.reduce((n, v) => n + v.x.length / dim, 0);
  const x = new Float32Array(rows * dim);
  const y = new Float64Array(rows);
  let r = 0;
  for (const v of videos) {
    x.set(v.x, r * dim);
    y.fill(v.y, r, r + v.x.length / dim);
    r += v.x.length / dim;
  }
  return { x, dim, y };
}

/** Fits the head of `task` on all given videos. */
export function fitHead(task: LvuTask, videos: readonly LabelledVideo[], dim: number, lambda = DEFAULT_LAMBDA): LinearHead {
  const data = stack(videos, dim);
  return task.kind === 'classification' ? fitLogistic(data, task.labels.length, lambda) : fitRidge(data, lambda);
}

function score(task: LvuTask, head: LinearHead, test: readonly LabelledVideo[]): number {
  const errs = test.map((v) => {
    const out = predictVideo(head, v.x);
    if (task.kind === 'regression') return (out[0]! - v.y) ** 2;
    return out.indexOf(Math.max(...out)) === v.y ? 1 : 0;
  });
  return errs.reduce((s, e) => s + e, 0) / test.length;
}

function baselineScore(task: LvuTask, train: readonly LabelledVideo[], test: readonly LabelledVideo[]): number {
  if (task.kind === 'regression') {
    const m = train.reduce((s, v) => s + v.y, 0) / train.length;
    return test.reduce((s, v) => s + (v.y - m) ** 2, 0) / test.length;
  }
  const counts = new Map<number, number>();
  for (const v of train) counts.set(v.y, (counts.get(v.y) ?? 0) + 1);
  const major = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  return test.filter((v) => v.y === major).length / test.length;
}

/** Deterministic fold of each video: a seeded shuffle of the sorted names, dealt round-robin. */
export function assignFolds(names: readonly string[], k: number, seed = 0): Map<string, number> {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sorted = [...new Set(names)].sort();
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
  }
  return new Map(sorted.map((n, i) => [n, i % k]));
}

/**
 * k-fold cross-validation grouped by video. `k` is capped at the number of videos; with
 * fewer than two videos there is nothing to validate and the report has no folds.
 */
export function crossValidate(
  task: LvuTask,
  videos: readonly LabelledVideo[],
  dim: number,
  k = 5,
  lambda = DEFAULT_LAMBDA,
  seed = 0,
): CvReport {
  const metric = task.kind === 'classification' ? 'accuracy' : 'mse';
  const folds = Math.min(k, videos.length);
  if (folds < 2) return { metric, folds: 0, perFold: [], mean: Number.NaN, baseline: Number.NaN };
  const fold = assignFolds(
    videos.map((v) => v.video),
    folds,
    seed,
  );
  const perFold: number[] = [];
  const base: number[] = [];
  for (let f = 0; f < folds; f++) {
    const test = videos.filter((v) => fold.get(v.video) === f);
    const train = videos.filter((v) => fold.get(v.video) !== f);
    perFold.push(score(task, fitHead(task, train, dim, lambda), test));
    base.push(baselineScore(task, train, test));
  }
  const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  return { metric, folds, perFold, mean: avg(perFold), baseline: avg(base) };
}
