/**
 * Task heads on span embeddings, in TypeScript: multinomial logistic regression
 * (classification) and ridge regression, both on standardised features. A video's answer
 * is the mean over its spans (probabilities, or predictions), as the LVU protocol averages
 * span predictions over a clip.
 */

/** A fitted linear head (JSON-serialisable). */
export interface LinearHead {
  kind: 'classification' | 'regression';
  dim: number;
  mean: number[];
  std: number[];
  /** [outputs][dim] weights on standardised features; one output for regression. */
  weights: number[][];
  bias: number[];
  lambda: number;
}

/** Training data: `x` is [n, dim] row-major. */
export interface HeadData {
  x: Float32Array;
  dim: number;
  /** Class index (classification) or target value (regression) per row. */
  y: Float64Array;
}

/** Default L2 strength; small because features are standardised and spans plentiful. */
export const DEFAULT_LAMBDA = 1e-2;
/** Gradient-descent settings of the logistic regression (standardised inputs make a fixed step safe). */
const LOGISTIC_STEPS = 300;
const LOGISTIC_RATE = 0.5;

function standardiser(x: Float32Array, dim: number): { mean: number[]; std: number[] } {
  const n = x.length / dim;
  const mean = new Array<number>(dim).fill(0);
  const std = new Array<number>(dim).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j]! += x[i * dim + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) std[j]! += (x[i * dim + j]! - mean[j]!) ** 2 / n;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

function standardise(x: Float32Array, dim: number, mean: number[], std: number[]): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean[i % dim]!) / std[i % dim]!;
  return out;
}

function softmaxRow(z: Float64Array): void {
  const max = Math.max(...z);
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

function logits(w: number[][], b: number[], xs: Float64Array, row: number, dim: number): Float64Array {
  const z = new Float64Array(w.length);
  for (let k = 0; k < w.length; k++) {
    let s = b[k]!;
    for (let j = 0; j < dim; j++) s += w[k]![j]! * xs[row * dim + j]!;
    z[k] = s;
  }
  return z;
}

/** Multinomial logistic regression by full-batch gradient descent with L2 (deterministic). */
export function fitLogistic(data: HeadData, classes: number, lambda = DEFAULT_LAMBDA): LinearHead {
  const { dim } = data;
  const n = data.y.length;
  const { mean, std } = standardiser(data.x, dim);
  const xs = standardise(data.x, dim, mean, std);
  const w = Array.from({ length: classes }, () => new Array<number>(dim).fill(0));
  const b = new Array<number>(classes).fill(0);
  for (let step = 0; step < LOGISTIC_STEPS; step++) {
    const gw = Array.from({ length: classes }, () => new Float64Array(dim));
    const gb = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      const p = logits(w, b, xs, i, dim);
      softmaxRow(p);
      p[data.y[i]!]! -= 1;
      for (let k = 0; k < classes; k++) {
        gb[k]! += p[k]! / n;
        for (let j = 0; j < dim; j++) gw[k]![j]! += (p[k]! * xs[i * dim + j]!) / n;
      }
    }
    for (let k = 0; k < classes; k++) {
      b[k]! -= LOGISTIC_RATE * gb[k]!;
      for (let j = 0; j < dim; j++) w[k]![j]! -= LOGISTIC_RATE * (gw[k]![j]! + lambda * w[k]![j]!);
    }
  }
  return { kind: 'classification', dim, mean, std, weights: w, bias: b, lambda };
}

/** Solves the symmetric positive-definite system A·x = v by Cholesky (A is dim×dim, row-major). */
export function solveSpd(a: Float64Array, v: Float64Array, dim: number): Float64Array {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * dim + j]!;
      for (let k = 0; k < j; k++) s -= l[i * dim + k]! * l[j * dim + k]!;
      l[i * dim + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * dim + j]!;
    }
  }
  const y = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= l[i * dim + k]! * y[k]!;
    y[i] = s / l[i * dim + i]!;
  }
  const x = new Float64Array(dim);
  for (let i = dim - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < dim; k++) s -= l[k * dim + i]! * x[k]!;
    x[i] = s / l[i * dim + i]!;
  }
  return x;
}

/** Ridge regression in closed form: w = (XᵀX + λ n I)⁻¹ Xᵀ(y − ȳ), bias ȳ (standardised X). */
export function fitRidge(data: HeadData, lambda = DEFAULT_LAMBDA): LinearHead {
  const { dim } = data;
  const n = data.y.length;
  const { mean, std } = standardiser(data.x, dim);
  const xs = standardise(data.x, dim, mean, std);
  const ybar = data.y.reduce((s, v) => s + v, 0) / n;
  const a = new Float64Array(dim * dim);
  const v = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      v[j]! += xs[i * dim + j]! * (data.y[i]! - ybar);
      for (let k = 0; k <= j; k++) a[j * dim + k]! += xs[i * dim + j]! * xs[i * dim + k]!;
    }
  }
  for (let j = 0; j < dim; j++) {
    for (let k = 0; k < j; k++) a[k * dim + j] = a[j * dim + k]!;
    a[j * dim + j]! += lambda * n;
  }
  return { kind: 'regression', dim, mean, std, weights: [[...solveSpd(a, v, dim)]], bias: [ybar], lambda };
}

/**
 * Per-span outputs of a head: class probabilities [n, classes] or predictions [n, 1].
 * `x` is [n, head.dim] row-major.
 */
export function predictSpans(head: LinearHead, x: Float32Array): Float64Array[] {
  const xs = standardise(x, head.dim, head.mean, head.std);
  const n = x.length / head.dim;
  return Array.from({ length: n }, (_, i) => {
    const z = logits(head.weights, head.bias, xs, i, head.dim);
    if (head.kind === 'classification') softmaxRow(z);
    return z;
  });
}

/** The video-level output: mean of the span outputs. */
export function predictVideo(head: LinearHead, x: Float32Array): Float64Array {
  const spans = predictSpans(head, x);
  const out = new Float64Array(spans[0]?.length ?? head.bias.length);
  for (const s of spans) s.forEach((v, k) => (out[k]! += v / spans.length));
  return out;
}
