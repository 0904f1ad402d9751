import { structureDistance } from './features';
import type { FeatureWindow } from './window';

/**
 * The inputs of the learned cut model for the step from frame b − 1 to frame b, in order.
 * Every value is scaled to about −5…5 (logs of ratios, fractions); all come from the
 * detector's per-frame features (cells, histogram, structure, luma) within `flank` frames of
 * the step, so a decision needs no more context than the rule-based one. Names are part of
 * the model's contract (models/shots/cut-model.manifest.json lists them).
 */
export const CUT_FEATURE_NAMES = [
  'log1p_cell_step',
  'hist_step',
  'log1p_structure_step',
  'log1p_shifted_step',
  'log1p_max_flank_cell_step',
  'log_cell_vs_max_flank_step',
  'log_cell_vs_mean_flank_step',
  'log_hist_vs_max_flank_step',
  'log_structure_vs_max_flank_step',
  'log_shifted_vs_max_flank_step',
  'log_shifted_vs_mean_flank_step',
  'log_cell_vs_before_window',
  'log_cell_vs_after_window',
  'log_wide_vs_step',
  'log_flash_return',
  'log_structure_flash_return',
  'luma_before',
  'luma_after',
  'luma_std_before',
  'luma_std_after',
] as const;
export const CUT_FEATURE_COUNT = CUT_FEATURE_NAMES.length;

/** Floors added before dividing, about one noise level of each distance. */
const CELL_FLOOR = 1;
const HIST_FLOOR = 0.02;
const STRUCTURE_FLOOR = 0.05;

/**
 * Writes the cut features of step (b − 1 → b) into `out` (length CUT_FEATURE_COUNT).
 * Flank steps are the `flank` steps before b − 1 and after b; "windows" compare the flank's
 * end frames directly (drift); "wide" is the change two frames out on each side (a cut
 * persists, a one-frame glitch does not); "flash return" the closest the picture comes back
 * to frame b − 1 within `flash` frames after b (a flash comes back, a cut does not).
 */
/** The detector parameters the cut features read (frames; a subset of config.ts's DetectorParams, named here so this file does not import config.ts, which imports the model that imports this). */
export interface CutFeatureParams {
  readonly flank: number;
  readonly flash: number;
}

export function computeCutFeatures(win: FeatureWindow, b: number, p: CutFeatureParams, out: Float32Array): Float32Array {
  const a = b - 1;
  const k = p.flank;
  const cell = win.step(b);
  const hist = win.hist(a, b);
  const structure = win.structureStep(b);
  const shifted = win.shiftedStep(b);
  let maxCell = 0;
  let sumCell = 0;
  let maxHist = 0;
  let maxStructure = 0;
  let maxShifted = 0;
  let sumShifted = 0;
  for (let j = 1; j <= k; j++) {
    for (const i of [a - j + 1, b + j]) {
      const c = win.step(i);
      const s = win.shiftedStep(i);
      maxCell = Math.max(maxCell, c);
      sumCell += c;
      maxHist = Math.max(maxHist, win.hist(i - 1, i));
      maxStructure = Math.max(maxStructure, win.structureStep(i));
      maxShifted = Math.max(maxShifted, s);
      sumShifted += s;
    }
  }
  let flashReturn = Infinity;
  let structureReturn = Infinity;
  const before = win.at(a);
  for (let j = 1; j <= Math.max(1, p.flash); j++) {
    const later = win.at(b + j);
    flashReturn = Math.min(flashReturn, win.cells(a, b + j));
    structureReturn = Math.min(structureReturn, structureDistance(before.structure, later.structure));
  }
  const after = win.at(b);
  const ratio = (x: number, y: number, floor: number) => Math.log((x + floor) / (y + floor));
  const values = [
    Math.log1p(cell),
    hist,
    Math.log1p(10 * structure),
    Math.log1p(10 * shifted),
    Math.log1p(maxCell),
    ratio(cell, maxCell, CELL_FLOOR),
    ratio(cell, sumCell / (2 * k), CELL_FLOOR),
    ratio(hist, maxHist, HIST_FLOOR),
    ratio(structure, maxStructure, STRUCTURE_FLOOR),
    ratio(shifted, maxShifted, STRUCTURE_FLOOR),
    ratio(shifted, sumShifted / (2 * k), STRUCTURE_FLOOR),
    ratio(cell, win.cells(a - k, a), CELL_FLOOR),
    ratio(cell, win.cells(b, b + k), CELL_FLOOR),
    ratio(win.cells(a - 2, b + 2), cell, CELL_FLOOR),
    ratio(flashReturn, cell, CELL_FLOOR),
    ratio(structureReturn, structure, STRUCTURE_FLOOR),
    before.meanLuma / 255,
    after.meanLuma / 255,
    before.lumaStd / 64,
    after.lumaStd / 64,
  ];
  for (let i = 0; i < CUT_FEATURE_COUNT; i++) out[i] = values[i]!;
  return out;
}
