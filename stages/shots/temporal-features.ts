import { cellDistance, cellPeakDistance, histDistance, shiftedStructureDistance, structureDistance } from './features';
import type { FeatureWindow } from './window';

/**
 * Per-frame inputs of the temporal transition model (stages/shots/temporal-model.ts): how far
 * frame t is from frames t − k for k in TEMPORAL_LAGS, in cells, colour histogram and
 * brightness-independent structure, the motion-compensated one-frame structure step, the one-frame change of the most changed
 * cells (cellPeakDistance), and
 * the frame's luma level and spread. The model sees these for frames t − radius … t + radius,
 * so it can tell a one-frame jump (a cut: every lag jumps at t and stays) from a ramp
 * (dissolve, fade, wipe: lag distances grow over the span) and from motion (all lags high,
 * no structure left after shifting). Values are logs or fractions of about −1…6.
 */
export const TEMPORAL_LAGS = [1, 2, 4, 8] as const;
/** Largest lag: a frame's inputs reach this far back. */
export const MAX_TEMPORAL_LAG = 8;
export const TEMPORAL_FEATURE_NAMES = [
  ...TEMPORAL_LAGS.map((k) => `log1p_cell_lag${k}`),
  ...TEMPORAL_LAGS.map((k) => `hist_lag${k}`),
  ...TEMPORAL_LAGS.map((k) => `log1p_structure_lag${k}`),
  'log1p_shifted_structure_lag1',
  'log1p_cell_peak_lag1',
  'luma',
  'luma_std',
] as const;
export const TEMPORAL_FEATURE_COUNT = TEMPORAL_FEATURE_NAMES.length;
/** Scratch values cellPeakDistance needs (one per cell value). */
export const CELL_SCRATCH = 16 * 9 * 3;

/**
 * Writes frame `t`'s temporal features into `out` at `offset` (frames before the stream's
 * first are clamped to it, as FeatureWindow does, so the values depend only on where the
 * stream starts, never on how it is chunked beyond that).
 */
export function computeTemporalFeatures(
  win: FeatureWindow,
  t: number,
  out: Float32Array,
  offset = 0,
  scratch = new Float32Array(CELL_SCRATCH),
): void {
  const here = win.at(t);
  let o = offset;
  const lagged = TEMPORAL_LAGS.map((k) => win.at(t - k));
  for (const f of lagged) out[o++] = Math.log1p(cellDistance(f.cells, here.cells));
  for (const f of lagged) out[o++] = histDistance(f.hist, here.hist);
  for (const f of lagged) out[o++] = Math.log1p(10 * structureDistance(f.structure, here.structure));
  out[o++] = Math.log1p(10 * shiftedStructureDistance(lagged[0]!.structure, here.structure));
  out[o++] = Math.log1p(cellPeakDistance(lagged[0]!.cells, here.cells, scratch));
  out[o++] = here.meanLuma / 255;
  out[o] = here.lumaStd / 64;
}
