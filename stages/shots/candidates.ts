import type { DetectorParams } from './config';
import { CUT_FEATURE_COUNT, computeCutFeatures } from './cut-features';
import { fitSpanModels, type SpanModel } from './models';
import type { FeatureWindow } from './window';

/**
 * A span (a, b) where the picture changes from frame a (last frame of the old state) to
 * frame b (first frame of the new state) in a way that looks like a shot transition.
 */
export interface Candidate {
  a: number;
  b: number;
  /** ≥ 1; how far the span clears the contrast thresholds (the smaller of the two ratios). */
  score: number;
  /** Model residual (0 for a one-frame step). */
  residual: number;
  model: SpanModel | 'step';
}

/** Steps below both of these are never cuts (cell units 0..255, structure units ~0..2): far below any cut in the montages, and they spare the model most frames. */
const LEARNED_MIN_STEP = 2;
const LEARNED_MIN_STRUCTURE_STEP = 0.05;
/** Added to the flank change (0..255 cell units) so static flanks do not divide by ~0: about one grey level of noise. */
const CELL_FLANK_FLOOR = 1;
/** Same for histogram flanks: 2 % of the pixels changing bin is noise. */
const HIST_FLANK_FLOOR = 0.02;

/** True when a frame is (near) uniformly black or white: the middle of a fade. */
export function isBlank(win: FeatureWindow, index: number, p: DetectorParams): boolean {
  const f = win.at(index);
  return f.lumaStd < p.blankLumaStd && (f.meanLuma < p.darkLuma || f.meanLuma > p.brightLuma);
}

/**
 * Judges span (a, b). Gates, cheapest first (all must pass, so the order only saves work):
 * enough change (bounded by the path the picture travelled); colour-histogram change well
 * above the change within the flanks (frames just before a and just after b, as long as the
 * span, at most `flank`); the same on cells; a straight path (monotone, not wandering
 * motion); for spans longer than one frame, no single step carrying most of the change
 * (that is a cut, judged as a one-frame span) and blank frames only at the ends; not a flash
 * (the picture does not come back within `flash` frames); and, for spans longer than one
 * frame, the frames inside fit a blend or wipe model. The flank on a blank side is ignored,
 * so each half of a fade is judged against its shot only.
 */
export function evaluateSpan(win: FeatureWindow, a: number, b: number, p: DetectorParams, scratch?: Float32Array): Candidate | null {
  const length = b - a;
  if (length === 1 && p.cutClassifier) return learnedCut(win, b, p, scratch ?? new Float32Array(CUT_FEATURE_COUNT));
  const minChange = length === 1 ? p.minCutChange : p.minChange;
  const path = win.path(a, b);
  // The change can be no larger than the path (triangle inequality).
  if (path < minChange) return null;
  const flanks = flankSides(win, a, b, p);
  if (!flanks) return null;
  const histScore = contrast(win.hist(a, b), flanks, (x, y) => win.hist(x, y), HIST_FLANK_FLOOR) / p.minHistContrast;
  if (histScore < 1) return null;
  const change = win.cells(a, b);
  if (change < minChange || change / path < p.minStraightness) return null;
  const score = Math.min(histScore, contrast(change, flanks, (x, y) => win.cells(x, y), CELL_FLANK_FLOOR) / p.minCellContrast);
  if (score < 1) return null;
  if (length > 1 && win.maxStep(a, b) > p.maxStepShare * change) return null;
  if (length > 1 && !anchoredOnBlank(win, a, b, p)) return null;
  if (isFlash(win, a, b, change, p)) return null;
  if (length === 1) return { a, b, score, residual: 0, model: 'step' };
  const fit = fitSpanModels(win, a, b);
  if (fit.residual > p.maxModelResidual) return null;
  return { a, b, score, residual: fit.residual, model: fit.model };
}

/**
 * A one-frame step judged by the learned cut model: a candidate when P(cut) clears the
 * threshold, its score rising from 1 (at the threshold) to 10 (certain), so it competes with
 * gradual candidates on the same scale as the rules' contrast scores.
 */
function learnedCut(win: FeatureWindow, b: number, p: DetectorParams, scratch: Float32Array): Candidate | null {
  // Cheapest first: a step that hardly changes the picture is no cut whatever the model says.
  if (win.step(b) < LEARNED_MIN_STEP && win.structureStep(b) < LEARNED_MIN_STRUCTURE_STEP) return null;
  const probability = p.cutClassifier!.probability(computeCutFeatures(win, b, p, scratch));
  if (probability < p.cutThreshold) return null;
  // The rules' flash test too: the montages hold few flashes to learn from.
  if (isFlash(win, b - 1, b, win.step(b), p)) return null;
  return { a: b - 1, b, score: 1 + (9 * (probability - p.cutThreshold)) / (1 - p.cutThreshold), residual: 0, model: 'step' };
}

/**
 * Blank (black or white) frames may only be a span's ends: a fade-out ends on the first
 * blank frame, a fade-in starts on the last one, and a span through blank frames is two
 * transitions (joined into one fade later), not one.
 */
function anchoredOnBlank(win: FeatureWindow, a: number, b: number, p: DetectorParams): boolean {
  for (let t = a + 1; t < b; t++) if (isBlank(win, t, p)) return false;
  return true;
}

/** The flank windows [from, to] a span is compared with, and how much to grow their change. */
interface Flanks {
  windows: [number, number][];
  growth: number;
}

function flankSides(win: FeatureWindow, a: number, b: number, p: DetectorParams): Flanks | null {
  const length = b - a;
  const flank = Math.min(Math.max(length, 2), p.flank);
  const windows: [number, number][] = [];
  if (length === 1 || !isBlank(win, a, p)) windows.push([a - flank, a]);
  if (length === 1 || !isBlank(win, b, p)) windows.push([b, b + flank]);
  if (windows.length === 0) return null;
  // A span longer than its flanks is compared with the flank change grown to its length:
  // motion inside a shot keeps changing the picture, a transition changes it once.
  return { windows, growth: length > flank ? (length / flank) ** p.flankGrowth : 1 };
}

/** Change across the span ÷ (largest flank change × growth + floor). */
function contrast(change: number, flanks: Flanks, distance: (x: number, y: number) => number, floor: number): number {
  let flankChange = 0;
  for (const [x, y] of flanks.windows) flankChange = Math.max(flankChange, distance(x, y));
  return change / (flankChange * flanks.growth + floor);
}

/** True when the picture comes back (closer than flashReturnRatio of the change) within `flash` frames either side: a flash, no transition. */
export function isFlash(win: FeatureWindow, a: number, b: number, change: number, p: DetectorParams): boolean {
  let back = Infinity;
  for (let j = 1; j <= p.flash; j++) {
    back = Math.min(back, win.cells(a, b + j), win.cells(a - j, b));
  }
  return back < p.flashReturnRatio * change;
}

/**
 * True when the step onto frame c (its cell change `change`) is a bright flash: the picture of
 * frame c − 1 comes back at some frame c + j, j ≤ `flash` (closer than flashReturnRatio of the
 * change, as isFlash tests), and frames c … c + j − 1 are all brighter (mean luma) than both
 * c − 1 and c + j by at least `minRise` grey levels. Reads frames up to c + flash (fewer at the
 * window's end). A camera flash or lightning brightens the picture; a view that turns away and
 * back does not. `minRise` 0: never.
 */
export function isBrightFlash(win: FeatureWindow, c: number, change: number, minRise: number, p: DetectorParams): boolean {
  if (minRise <= 0) return false;
  for (let j = 1; j <= p.flash && c + j <= win.last; j++) {
    const bright = brightBetween(win, c - 1, c + j, change, minRise, p);
    if (bright !== undefined) return bright;
  }
  return false;
}

/**
 * True when the step onto frame c (its cell change `change`) ends a bright flash: the picture of
 * some frame c − 1 − j, j ≤ `flash`, comes back at c (closer than flashReturnRatio of the
 * change), and frames c − j … c − 1 are all brighter than both by at least `minRise` grey levels
 * (mean luma): isBrightFlash seen from the flash's last frame. Reads frames back to c − 1 − flash
 * (fewer at the window's start). `minRise` 0: never.
 */
export function isBrightFlashEnd(win: FeatureWindow, c: number, change: number, minRise: number, p: DetectorParams): boolean {
  if (minRise <= 0) return false;
  for (let j = 1; j <= p.flash && c - 1 - j >= win.first; j++) {
    const bright = brightBetween(win, c - 1 - j, c, change, minRise, p);
    if (bright !== undefined) return bright;
  }
  return false;
}

/**
 * The bright-flash test between frames a and b: undefined when b is not a's picture again
 * (closer than flashReturnRatio of `change`), else whether every frame between them is brighter
 * (mean luma) than both by at least `minRise`.
 */
function brightBetween(win: FeatureWindow, a: number, b: number, change: number, minRise: number, p: DetectorParams): boolean | undefined {
  if (win.cells(a, b) >= p.flashReturnRatio * change) return undefined;
  const floor = Math.max(win.at(a).meanLuma, win.at(b).meanLuma) + minRise;
  for (let t = a + 1; t < b; t++) if (win.at(t).meanLuma < floor) return false;
  return true;
}

/** A stutter step stands out of its neighbours' steps by this factor (isStutterStep). */
const STUTTER_SPIKE = 3;
/**
 * … and changes cells by at least this much (0..255); steps under STUTTER_NOISE count as this.
 * Both are for a picture of luma spread STUTTER_CONTRAST or more, and scale down with it.
 */
const STUTTER_MIN_STEP = 2;
const STUTTER_NOISE = 0.3;
const STUTTER_CONTRAST = 80;
/**
 * The stutter steps either side need only this share of STUTTER_MIN_STEP (the step tested needs
 * all of it): a take's beats vary, and the one before a big beat can be a third of it. In the
 * darkened 15-fps tree a hand near the lens swings into view at 8.3 s (a step of 1.1 cells),
 * the beat before it steps 0.32–0.36 against a floor of 0.41 at that contrast, and the step was
 * a false cut on four tune montages (twenty-eighth pass). Chosen on the 81 tune montages
 * rendered then (report-ep…gb, report-ky…mb, takes-a…l; training/shots/tune-temporal.ts) with
 * TEMPORAL_STUTTER_SURE_CUT off: 22 + 52 cut errors at 1, 16 + 52 at 0.5, 17 + 52 at 0.75 (and at
 * a floor of 1.5 for both, 17 + 52).
 */
const STUTTER_BEAT_FLOOR = 0.5;
/** The stutter steps either side are within this factor of the step tested, up or down. */
const STUTTER_SIMILAR = 4;
/** The intervals to the stutter steps either side differ by at most this many seconds. */
const STUTTER_REGULAR_SEC = 0.2;
/**
 * The step tested keeps the colours: histogram distance at most this (0..1). 0.15 until the
 * seventeenth pass; at 0.2 the 15-fps tree's beats under a crop (distance 0.16) count too:
 * on the 67 tune montages 31 false + 68 missed cuts → 26 + 68 (report-ak, bv, ck), none lost
 * on the train montages; 0.25 loses a true cut (training/shots/README.md, seventeenth pass).
 */
const STUTTER_COLOURS = 0.2;

/** Whether every step 3 to `reach` frames from c (clamped to the stream) is at most `limit`. */
function outstepsAll(win: FeatureWindow, c: number, reach: number, limit: number): boolean {
  const to = Math.min(win.last, c + reach);
  for (let t = Math.max(win.first + 1, c - reach); t <= to; t++) if (Math.abs(t - c) >= 3 && win.step(t) > limit) return false;
  return true;
}

/**
 * True when the step onto frame c is one beat of a stuttering picture, not a cut: footage of a
 * low or uneven frame rate (a 15-fps hand-held clip whose picture updates every ~11 frames)
 * holds a picture, then jumps by the motion it skipped, again and again. Such a step is a
 * spike (≥ STUTTER_SPIKE × both neighbouring steps, floors scaled to the picture's contrast),
 * keeps the colours (STUTTER_COLOURS), and has a similar beat (a spike within STUTTER_SIMILAR ×
 * its size that keeps the colours too, over STUTTER_BEAT_FLOOR of the floor) both before and after it within `reach` frames, at
 * intervals that differ by at most STUTTER_REGULAR_SEC. A cut between two still shots has no
 * such beat around it; a cut between two stuttering shots of different colours is none. Jump
 * cuts inside one take less than `reach` apart, at regular intervals, look the same: `reach`
 * stays under a montage piece's usual length. With `standout` > 0, a step at least `standout`
 * times every other step 3 to `reach` frames from it is none either: a jump cut that falls on a
 * beat (config.ts TEMPORAL_STUTTER_STANDOUT). Reads frames c − reach − 1 … c + reach + 1
 * (clamped to the stream). `reach` 0: never.
 */
export function isStutterStep(win: FeatureWindow, c: number, reach: number, fps: number, standout = 0): boolean {
  if (reach <= 0) return false;
  const first = win.first + 1;
  const last = win.last - 1;
  if (c < first || c > last) return false;
  // A dark or flat picture steps by less: the floors scale with its contrast.
  const scale = Math.min(1, Math.max(win.at(c - 1).lumaStd, win.at(c).lumaStd) / STUTTER_CONTRAST);
  const minStep = STUTTER_MIN_STEP * scale;
  const noise = STUTTER_NOISE * scale;
  const spike = (t: number, floor: number) => {
    const s = win.step(t);
    return s >= floor && s >= STUTTER_SPIKE * Math.max(win.step(t - 1), win.step(t + 1), noise);
  };
  if (!spike(c, minStep) || win.hist(c - 1, c) > STUTTER_COLOURS) return false;
  const size = win.step(c);
  if (standout > 0 && outstepsAll(win, c, reach, size / standout)) return false;
  const similar = (t: number) =>
    spike(t, minStep * STUTTER_BEAT_FLOOR) &&
    win.step(t) * STUTTER_SIMILAR >= size &&
    win.step(t) <= STUTTER_SIMILAR * size &&
    win.hist(t - 1, t) <= STUTTER_COLOURS;
  let before = -1;
  for (let t = c - 3; t >= Math.max(first, c - reach); t--) {
    if (similar(t)) {
      before = t;
      break;
    }
  }
  if (before < 0) return false;
  for (let t = c + 3; t <= Math.min(last, c + reach); t++) {
    if (similar(t)) return Math.abs(c - before - (t - c)) <= STUTTER_REGULAR_SEC * fps;
  }
  return false;
}
