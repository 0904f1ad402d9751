import { shiftedStructureDistance } from './features';
import type { FeatureWindow } from './window';

/** Which picture model explains the frames inside a span best. */
export type SpanModel = 'blend' | 'mask';

export interface ModelFit {
  /** Residual of the best model ÷ residual of "each frame is just the old or the new shot". */
  residual: number;
  model: SpanModel;
}

/** Numerical floor for ratios of residuals (cell units summed over a span). */
const RESIDUAL_FLOOR = 1e-6;
/** Frames inside a span the models are fitted on (evenly spaced): enough for a stable ratio, bounded cost. */
const MAX_FIT_FRAMES = 8;

/**
 * Fits the frames strictly inside span (a, b) with two models of a transition from frame a
 * (A) to frame b (B), on cells:
 * - blend (dissolve, fade): frame ≈ (1 − α)·A + α·B with one α per frame;
 * - mask (wipe): each cell value is A's or B's.
 * Returns the better model's residual relative to the cut model (each frame as the nearer of
 * A and B), over at most MAX_FIT_FRAMES evenly spaced frames. Transitions fit well (≤ 0.5);
 * motion inside a shot does not (≥ 0.6).
 */
export function fitSpanModels(win: FeatureWindow, a: number, b: number): ModelFit {
  const A = win.at(a).cells;
  const B = win.at(b).cells;
  // D = B − A, rounded to float32 as the cells are; recomputed where needed instead of kept
  // in an array (this runs for every span that passes the gates: no allocation per call).
  let norm = 0;
  for (let i = 0; i < A.length; i++) {
    const d = Math.fround(B[i]! - A[i]!);
    norm += d * d;
  }
  const inside = b - a - 1;
  const samples = Math.min(inside, MAX_FIT_FRAMES);
  let blend = 0;
  let mask = 0;
  let nearest = 0;
  for (let k = 0; k < samples; k++) {
    const F = win.at(a + 1 + Math.floor((k * inside) / samples)).cells;
    let dot = 0;
    for (let i = 0; i < F.length; i++) dot += (F[i]! - A[i]!) * Math.fround(B[i]! - A[i]!);
    const alpha = clamp01(norm > 0 ? dot / norm : 0);
    let toA = 0;
    let toB = 0;
    for (let i = 0; i < F.length; i++) {
      const d = Math.fround(B[i]! - A[i]!);
      const fromA = F[i]! - A[i]!;
      const fromB = fromA - d;
      const absA = fromA < 0 ? -fromA : fromA;
      const absB = fromB < 0 ? -fromB : fromB;
      const off = fromA - alpha * d;
      blend += off < 0 ? -off : off;
      mask += Math.min(absA, absB);
      toA += absA;
      toB += absB;
    }
    nearest += Math.min(toA, toB);
  }
  const best = Math.min(blend, mask);
  return { residual: best / Math.max(nearest, RESIDUAL_FLOOR), model: blend <= mask ? 'blend' : 'mask' };
}

/** Shifts (cells) a pan may make between two frames and still be matched. */
const PAN_REACH = 2;

/**
 * How much of the frame-to-frame change inside span (a, b) a shift of the picture explains:
 * Σ best shifted structure distance (up to PAN_REACH cells) ÷ Σ unshifted one, over the
 * span's steps. About 1 for a wipe or a dissolve (the part of the picture not yet wiped does
 * not move); well below 1 for a pan, where the whole picture slides.
 */
export function panRatio(win: FeatureWindow, a: number, b: number): number {
  let shifted = 0;
  let still = 0;
  for (let t = a + 1; t <= b; t++) {
    const x = win.at(t - 1).structure;
    const y = win.at(t).structure;
    shifted += shiftedStructureDistance(x, y, PAN_REACH);
    still += shiftedStructureDistance(x, y, PAN_REACH, 0);
  }
  return still > 0 ? shifted / still : 1;
}

/**
 * Progress of each frame a..b from A (0) to B (1): the projection of frame − A onto B − A,
 * on cells. Index 0 is frame a.
 */
export function spanProgress(win: FeatureWindow, a: number, b: number): Float64Array {
  const A = win.at(a).cells;
  const B = win.at(b).cells;
  let norm = 0;
  for (let i = 0; i < A.length; i++) norm += (B[i]! - A[i]!) ** 2;
  const progress = new Float64Array(b - a + 1);
  for (let t = a; t <= b; t++) progress[t - a] = norm > 0 ? projection(win.at(t).cells, A, B) / norm : 0;
  return progress;
}

/** ⟨F − A, B − A⟩. */
function projection(F: Float32Array, A: Float32Array, B: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < F.length; i++) dot += (F[i]! - A[i]!) * (B[i]! - A[i]!);
  return dot;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : Math.min(x, 1);
}
