/**
 * Constant-velocity Kalman filter on (cx, cy, a, h, vcx, vcy, va, vh) — box centre, aspect
 * ratio w/h, height and their velocities — as in DeepSORT's `kalman_filter.py`, which
 * ByteTrack and BoT-SORT reuse. Pure functions: each returns a new state and leaves its
 * input untouched. The mean is a Float64Array(8), the covariance a row-major
 * Float64Array(64); a projected measurement is a Float64Array(4) and its covariance
 * Float64Array(16). Noise scales with the box height, so the filter is resolution-free.
 */

/** State dimension (4 measured quantities + 4 velocities). */
export const STATE_DIM = 8;
/** Measurement dimension (cx, cy, a, h). */
export const MEASUREMENT_DIM = 4;
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
export function predict(state: KalmanState): KalmanState {
  const { mean: m, covariance: p } = state;
  const mean = new Float64Array(m);
  for (let i = 0; i < MEASUREMENT_DIM; i++) mean[i] = m[i]! + m[i + MEASUREMENT_DIM]!;
  const h = m[3]!;
  const sp = STD_WEIGHT_POSITION * h;
  const sv = STD_WEIGHT_VELOCITY * h;
  const q = [sp, sp, 1e-2, sp, sv, sv, 1e-5, sv];
  const covariance = new Float64Array(STATE_DIM * STATE_DIM);
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
  return { mean, covariance };
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
 * Correction step with measurement z = [cx, cy, a, h]: K = P Hᵀ S⁻¹, x ← x + K (z − H x),
 * P ← P − K S Kᵀ (= P − P Hᵀ Kᵀ).
 */
export function update(state: KalmanState, measurement: ArrayLike<number>): KalmanState {
  const { mean: m, covariance: p } = state;
  const proj = project(state);
  const sInv = invertSpd(proj.covariance, 4);
  const gain = new Float64Array(STATE_DIM * 4); // K, 8×4
  for (let i = 0; i < STATE_DIM; i++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += p[i * 8 + k]! * sInv[k * 4 + c]!;
      gain[i * 4 + c] = s;
    }
  }
  const innovation = new Float64Array(4);
  for (let k = 0; k < 4; k++) innovation[k] = measurement[k]! - proj.mean[k]!;
  const mean = new Float64Array(m);
  for (let i = 0; i < STATE_DIM; i++) for (let k = 0; k < 4; k++) mean[i] = mean[i]! + gain[i * 4 + k]! * innovation[k]!;
  const covariance = new Float64Array(p);
  for (let i = 0; i < STATE_DIM; i++) {
    for (let j = 0; j < STATE_DIM; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += p[i * 8 + k]! * gain[j * 4 + k]!;
      covariance[i * 8 + j] = covariance[i * 8 + j]! - s;
    }
  }
  return { mean, covariance };
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

/**
 * Inverse of a symmetric positive-definite n×n matrix by Cholesky (A = L Lᵀ, then
 * A⁻¹ = L⁻ᵀ L⁻¹). Throws when the matrix is not positive definite.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
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
