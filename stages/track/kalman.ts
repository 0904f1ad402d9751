/**
 * Constant-velocity Kalman filter on (cx, cy, a, h, vcx, vcy, va, vh) — box centre, aspect
 * ratio w/h, height and their velocities — as in DeepSORT's `kalman_filter.py`, which
 * ByteTrack and BoT-SORT reuse. Pure functions: each returns a new state (written into
 * the `out` buffer when one is given) and leaves its input untouched. The mean is a
 * Float64Array(8), the covariance a row-major Float64Array(64); a projected measurement
 * is a Float64Array(4) and its covariance Float64Array(16). Noise scales with the box height, so the filter is resolution-free.
 * `predict` and `update` take optional output and scratch buffers: a tracker passes its
 * own (one spare state per track, one scratch per tracker) so the hot loop allocates
 * nothing; typed arrays over 64 bytes live off the V8 heap and cost microseconds each.
 */

/** State dimension (4 measured quantities + 4 velocities). */
const STATE_DIM = 8;
/** Measurement dimension (cx, cy, a, h). */
const MEASUREMENT_DIM = 4;
/** Position noise as a fraction of box height (DeepSORT `_std_weight_position` = 1/20). */
const STD_WEIGHT_POSITION = 1 / 20;
/** Velocity noise as a fraction of box height (DeepSORT `_std_weight_velocity` = 1/160). */
const STD_WEIGHT_VELOCITY = 1 / 160;
/**
 * 0.95 quantile of χ² with 4 degrees of freedom (DeepSORT `chi2inv95[4]`): squared
 * Mahalanobis distances above it are gated out.
 */
export const CHI2_INV_95_4DOF = 9.4877;

/** Mean and covariance of one track's state. */
export interface KalmanState {
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
}

/** A state projected into measurement space: mean (4) and innovation covariance (4×4). */
export interface ProjectedState {
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
}

/** Scratch space of `update` (Cholesky factor and gain); own one per tracker. */
export interface KalmanScratch {
  readonly l: Float64Array;
  readonly kt: Float64Array;
}

/** A zeroed state to use as an output buffer. */
export function createState(): KalmanState {
  return { mean: new Float64Array(STATE_DIM), covariance: new Float64Array(STATE_DIM * STATE_DIM) };
}

/** Scratch space for `update`. */
export function createScratch(): KalmanScratch {
  return { l: new Float64Array(16), kt: new Float64Array(4 * STATE_DIM) };
}

function checkDistinct(input: KalmanState, out: KalmanState): void {
  if (out.mean === input.mean || out.covariance === input.covariance) throw new RangeError('output state must not alias the input');
}

/** New track from an unassociated measurement [cx, cy, a, h]; velocities start at 0. */
export function initiate(measurement: ArrayLike<number>): KalmanState {
  const h = measurement[3]!;
  const mean = new Float64Array(STATE_DIM);
  for (let i = 0; i < MEASUREMENT_DIM; i++) mean[i] = measurement[i]!;
  const p = 2 * STD_WEIGHT_POSITION * h;
  const v = 10 * STD_WEIGHT_VELOCITY * h;
  return { mean, covariance: diagonal([p, p, 1e-2, p, v, v, 1e-5, v]) };
}

/**
 * One time step: x ← F x, P ← F P Fᵀ + Q, with F the constant-velocity transition (dt = 1
 * frame). F = [[I, I], [0, I]] so F P Fᵀ is computed blockwise without a full product.
 */
export function predict(state: KalmanState, out: KalmanState = createState()): KalmanState {
  checkDistinct(state, out);
  const { mean: m, covariance: p } = state;
  const { mean, covariance } = out;
  mean.set(m);
  for (let i = 0; i < MEASUREMENT_DIM; i++) mean[i] = m[i]! + m[i + MEASUREMENT_DIM]!;
  const h = m[3]!;
  const sp = STD_WEIGHT_POSITION * h;
  const sv = STD_WEIGHT_VELOCITY * h;
  const q = [sp, sp, 1e-2, sp, sv, sv, 1e-5, sv];
  for (let i = 0; i < STATE_DIM; i++) {
    for (let j = 0; j < STATE_DIM; j++) {
      let s = p[i * 8 + j]!;
      if (i < 4) s += p[(i + 4) * 8 + j]!;
      if (j < 4) s += p[i * 8 + j + 4]!;
      if (i < 4 && j < 4) s += p[(i + 4) * 8 + j + 4]!;
      covariance[i * 8 + j] = s;
    }
    covariance[i * 8 + i] = covariance[i * 8 + i]! + q[i]! * q[i]!;
  }
  return out;
}

/** Projects a state into measurement space: H x and H P Hᵀ + R (R scales with height). */
export function project(state: KalmanState): ProjectedState {
  const { mean: m, covariance: p } = state;
  const h = m[3]!;
  const sp = STD_WEIGHT_POSITION * h;
  const r = [sp, sp, 1e-1, sp];
  const mean = m.slice(0, MEASUREMENT_DIM);
  const covariance = new Float64Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) covariance[i * 4 + j] = p[i * 8 + j]!;
  for (let i = 0; i < 4; i++) covariance[i * 4 + i] = covariance[i * 4 + i]! + r[i]! * r[i]!;
  return { mean, covariance };
}

/**
 * Correction step with measurement z = [cx, cy, a, h]: S = H P Hᵀ + R, K = P Hᵀ S⁻¹,
 * x ← x + K (z − H x), P ← P − K (H P). K is found by two triangular solves with the
 * Cholesky factor of S (no explicit inverse), as DeepSORT's `cho_solve`.
 */
export function update(
  state: KalmanState,
  measurement: ArrayLike<number>,
  out: KalmanState = createState(),
  scratch: KalmanScratch = createScratch(),
): KalmanState {
  checkDistinct(state, out);
  const { mean: m, covariance: p } = state;
  const { l, kt } = scratch;
  const { mean, covariance } = out;
  const sp = STD_WEIGHT_POSITION * m[3]!;
  const r = [sp * sp, sp * sp, 1e-2, sp * sp];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) l[i * 4 + j] = p[i * 8 + j]! + (i === j ? r[i]! : 0);
  choleskyInPlace(l, 4);
  for (let c = 0; c < STATE_DIM; c++) {
    for (let i = 0; i < 4; i++) {
      let v = p[i * 8 + c]!;
      for (let k = 0; k < i; k++) v -= l[i * 4 + k]! * kt[k * 8 + c]!;
      kt[i * 8 + c] = v / l[i * 4 + i]!;
    }
    for (let i = 3; i >= 0; i--) {
      let v = kt[i * 8 + c]!;
      for (let k = i + 1; k < 4; k++) v -= l[k * 4 + i]! * kt[k * 8 + c]!;
      kt[i * 8 + c] = v / l[i * 4 + i]!;
    }
  }
  mean.set(m); // Kᵀ (4×8) now solves S Kᵀ = H P
  for (let k = 0; k < 4; k++) {
    const innovation = measurement[k]! - m[k]!;
    for (let i = 0; i < STATE_DIM; i++) mean[i] = mean[i]! + kt[k * 8 + i]! * innovation;
  }
  for (let i = 0; i < STATE_DIM; i++) {
    for (let j = 0; j < STATE_DIM; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += kt[k * 8 + i]! * p[k * 8 + j]!;
      covariance[i * 8 + j] = p[i * 8 + j]! - s;
    }
  }
  return out;
}

/**
 * Squared Mahalanobis distances between a state's projection and `count` measurements
 * packed as [cx, cy, a, h, cx, …]; compare with `CHI2_INV_95_4DOF` to gate (DeepSORT
 * `gating_distance`). The projection is inverted once for all measurements.
 */
export function gatingDistances(state: KalmanState, measurements: ArrayLike<number>, count: number): Float64Array {
  const proj = project(state);
  const sInv = invertSpd(proj.covariance, 4);
  const out = new Float64Array(count);
  const d = new Float64Array(4);
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < 4; k++) d[k] = measurements[4 * n + k]! - proj.mean[k]!;
    let s = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s += d[i]! * sInv[i * 4 + j]! * d[j]!;
    out[n] = s;
  }
  return out;
}

function diagonal(std: number[]): Float64Array {
  const n = std.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = std[i]! * std[i]!;
  return out;
}

/** Cholesky factor in place: the lower triangle of `a` becomes L with A = L Lᵀ. Throws when A is not positive definite. */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('matrix is not positive definite');
        a[i * n + i] = Math.sqrt(s);
      } else {
        a[i * n + j] = s / a[j * n + j]!;
      }
    }
  }
}

/**
 * Inverse of a symmetric positive-definite n×n matrix by Cholesky (A = L Lᵀ, then
 * A⁻¹ = L⁻ᵀ L⁻¹). Throws when the matrix is not positive definite.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(a);
  choleskyInPlace(l, n);
  const lInv = new Float64Array(n * n); // lower triangular
  for (let i = 0; i < n; i++) {
    lInv[i * n + i] = 1 / l[i * n + i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * lInv[k * n + j]!;
      lInv[i * n + j] = s / l[i * n + i]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < n; k++) s += lInv[k * n + i]! * lInv[k * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}
