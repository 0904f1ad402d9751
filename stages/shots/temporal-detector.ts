import type { Transition, TransitionType } from '../../core/contracts/shots';
import { ValidationError } from '../../core/errors';
import type { Frame } from '../video/frame';
import { isBlank, isBrightFlash, isBrightFlashEnd, isFlash, isStutterStep } from './candidates';
import type { DetectorParams } from './config';
import type { ShotDetector } from './shot-detector';
import { cellDistance, cellPeakDistance, checkedCellMap, extractFeatures, structureDistance, type CellMap } from './features';
import { fitSpanModels, panRatio } from './models';
import {
  CELL_SCRATCH,
  computeTemporalFeatures,
  MAX_TEMPORAL_LAG,
  TEMPORAL_FEATURE_COUNT,
  TEMPORAL_FEATURE_NAMES,
} from './temporal-features';
import type { TemporalClassifier } from './temporal-model';
import { FeatureWindow } from './window';
import { mirrorFrame, type PixelClassifier } from './pixel-model';
import { RECHECK_REACH, THUMB_PIXELS, ThumbRing } from './recheck';

/** Runs this close are one transition: no shot lasts two frames between two gradual transitions. */
const MAX_RUN_GAP = 2;

/** A hard cut changes cells by this much (shots_dev's cuts: 40–72) … */
const HARD_CUT_CHANGE = 40;
/** … and by this many times more than any step within `flank` frames of it. */
const HARD_CUT_CONTRAST = 5;

/** Confidence at least given to a cut (a hard cut the model missed gets this). */
const HARD_CUT_CONFIDENCE = 0.5;

/** Largest luma spread of a held black or white frame (joinFadeCuts): a uniform picture. */
const HOLD_SPREAD = 1;

/**
 * A structure spike (config.ts TEMPORAL_SPIKE_RATIO) is looked for in a moving picture only:
 * some step within 3 frames changes structure by this much. A held picture's steps are 0 and
 * its beats spike (the 15-fps tree zoomed or cropped: 0.00–0.03 around); they are the stutter
 * test's (candidates.ts isStutterStep).
 */
const SPIKE_MOTION = 0.15;

/** Index of the one-frame structure change among a frame's temporal features. */
const STRUCTURE_LAG1 = TEMPORAL_FEATURE_NAMES.indexOf('log1p_structure_lag1');

/** Share of a run's change its trimmed ends may hold (see trimmed). */
const RUN_EDGE_SHARE = 0.1;
/** A rise out of black into a fade (config.ts TEMPORAL_FADE_RAMPS): black is mean luma ≤ RAMP_BLACK, each step brightens by ≥ RAMP_STEP, RAMP_RISE in all. */
const RAMP_BLACK = 2;
const RAMP_STEP = 0.5;
const RAMP_RISE = 3;

/** A decided transition before it is turned into the contract's shape. */
interface Decided {
  type: TransitionType;
  start: number;
  end: number;
  confidence: number;
  /** Its span is exact: not trimmed (a rise out of black, rampFades). */
  exact?: boolean;
}

/**
 * The shot detector of `cutDecision: 'temporal'`: the temporal model gives every frame
 * P(cut lands here) and P(inside a gradual transition) from the frames around it; a cut is a
 * local peak of the first above its threshold, a gradual transition a run of frames above
 * the second (at least `minGradualFrames`, at most `maxSpan` long), typed as a fade when it
 * holds a blank frame, a wipe when a wipe mask explains it better than a blend, else a
 * dissolve. A cut inside a kept gradual run is dropped. Every decision reads probabilities
 * within one run (≤ maxSpan) of it, each from frames within radius + MAX_TEMPORAL_LAG.
 * Two pixel tests (recheck.ts) read the run's own frames or the 3 either side of a peak: a
 * peak just under the cut threshold whose motion-compensated step stands out is a cut, and a
 * "wipe" a global shift explains is a pan. A third, before the transitions are returned
 * (addAlignedSpikes), makes a cut of a step that no global shift of the picture explains and
 * that stands out from every step within 0.64 s (config.ts TEMPORAL_ALIGNED_SPIKE_RATIO).
 */
export class TemporalShotDetector implements ShotDetector {
  readonly contextFrames: number;
  readonly lookBehindFrames: number;
  private readonly model: TemporalClassifier;
  private readonly radius: number;
  /** Frames each side the stutter test reads (TEMPORAL_STUTTER_SEC), within what a decision may read. */
  private readonly stutterReach: number;
  private readonly win: FeatureWindow;
  private readonly capacity: number;
  private readonly features: Float32Array;
  private readonly window: Float32Array;
  private readonly cutP: Float64Array;
  private readonly gradualP: Float64Array;
  private readonly scratch = new Float64Array(2);
  private readonly cellScratch = new Float32Array(CELL_SCRATCH);
  /** The pixel model, for a second look at uncertain cut peaks (when on). */
  private readonly pixel: PixelClassifier | undefined;
  /** Per window frame, room for a grey frame's rgb (ThumbRing.rgb). */
  private readonly pixelScratch: Uint8Array[];
  /** The window's frames mirrored left to right (temporalPixelMirror). */
  private readonly mirrorScratch: Uint8Array[];
  /** Recent frames' pixels for the second looks at cut peaks and the pixel pan test (when any is on). */
  private readonly thumbs: ThumbRing | undefined;
  private cellMap: CellMap | undefined;
  /** Probabilities are known for frames before this one. */
  private nextProb = -1;
  private runStart = -1;
  /** Whether the open stretch has reached the gradual threshold (config.ts TEMPORAL_GRADUAL_LOW). */
  private runReached = false;
  private pending: Decided[] = [];
  /** Kept gradual runs that may still hold a cut not yet returned. */
  private runs: Decided[] = [];
  private flushed = false;
  /** Frames each side the aligned spike test reads (config.ts TEMPORAL_ALIGNED_SPIKE_SEC); 0 when it is off. */
  private readonly alignedReach: number;
  /** How many frames later than their decisions need transitions are returned, for the aligned spike test (alignedReach + 2; 0 when it is off). */
  private readonly spikeLag: number;
  /** Frames up to this one have been scanned for aligned spikes, and pending cuts up to `stutterDone` tested as stutter beats. */
  private spikeScanned = -1;
  private stutterDone = -1;
  /** Transitions returned lately, which the aligned spike test leaves out of the steps it compares with. */
  private emitted: Decided[] = [];

  constructor(private readonly p: DetectorParams) {
    this.model = p.temporalClassifier!;
    this.radius = this.model.radius;
    const reach = this.radius + MAX_TEMPORAL_LAG;
    // A cut is dropped by a gradual transition holding it: two runs and a black hold between
    // them at most, starting at most 2·maxSpan + maxBlack before it, the first told by the
    // probability one frame before its start, read from `reach` frames earlier.
    const longest = 2 * p.maxSpan + p.maxBlack + 1;
    const context = longest + reach + 2;
    // A transition starting at f is decided once its second run could have ended (longest
    // frames later) and that frame's probability is known (radius frames after it).
    const decided = longest + this.radius + 2;
    this.stutterReach = Math.min(Math.round(p.temporalStutterSec * p.fps), decided - 2, context - 2);
    // The aligned spike test at c reads the decisions and frames within alignedReach of it: the
    // transitions are returned that much later, and a chunk's context holds that much more.
    this.alignedReach = p.temporalAlignedSpikeRatio > 0 ? Math.max(1, Math.round(p.temporalAlignedSpikeSec * p.fps)) : 0;
    this.spikeLag = this.alignedReach > 0 ? this.alignedReach + 2 : 0;
    this.contextFrames = context + this.spikeLag;
    this.lookBehindFrames = decided + this.spikeLag;
    this.capacity = this.contextFrames + this.lookBehindFrames + 16;
    this.win = new FeatureWindow(this.capacity, 0, false);
    this.features = new Float32Array(this.capacity * TEMPORAL_FEATURE_COUNT);
    this.window = new Float32Array((2 * this.radius + 1) * TEMPORAL_FEATURE_COUNT);
    this.cutP = new Float64Array(this.capacity);
    this.gradualP = new Float64Array(this.capacity);
    this.pixel = p.pixelClassifier;
    if (this.pixel && this.pixel.half > this.radius)
      throw new ValidationError(`shot detector: the pixel model reads ${this.pixel.half} frames ahead, the temporal model ${this.radius}`);
    this.thumbs =
      p.temporalRecheckFloor < 1 || p.temporalMinWipePixelPan > 0 || this.pixel || this.alignedReach > 0
        ? new ThumbRing(this.capacity)
        : undefined;
    const size = THUMB_PIXELS * 3;
    this.pixelScratch = this.pixel ? Array.from({ length: 2 * this.pixel.half }, () => new Uint8Array(size)) : [];
    this.mirrorScratch = this.pixel && p.temporalPixelMirror ? Array.from({ length: 2 * this.pixel.half }, () => new Uint8Array(size)) : [];
  }

  push(frame: Frame): Transition[] {
    if (this.flushed) throw new ValidationError('shot detector: push after flush');
    this.cellMap = checkedCellMap(frame, this.cellMap);
    this.win.push(extractFeatures(frame, this.cellMap));
    this.thumbs?.push(frame);
    const t = frame.index;
    computeTemporalFeatures(this.win, t, this.features, (t % this.capacity) * TEMPORAL_FEATURE_COUNT, this.cellScratch);
    if (this.nextProb < 0) this.nextProb = t;
    for (; this.nextProb <= t - this.radius; this.nextProb++) this.judge(this.nextProb);
    return this.emitUpTo(this.nextProb - 1 - (this.lookBehindFrames - this.radius));
  }

  flush(): Transition[] {
    if (this.flushed) return [];
    this.flushed = true;
    const last = this.win.last;
    if (last < 0) return [];
    for (; this.nextProb <= last; this.nextProb++) this.judge(this.nextProb);
    this.decideCut(last, 0);
    if (this.runStart >= 0 && this.runReached) this.finishRun(this.runStart, last);
    this.runStart = -1;
    this.runReached = false;
    return this.emitUpTo(last);
  }

  /** Computes frame u's probabilities and advances the cut and run decisions. */
  private judge(u: number): void {
    const first = this.win.first;
    const last = this.win.last;
    for (let j = -this.radius; j <= this.radius; j++) {
      const v = Math.min(Math.max(u + j, first), last);
      const at = (v % this.capacity) * TEMPORAL_FEATURE_COUNT;
      this.window.set(this.features.subarray(at, at + TEMPORAL_FEATURE_COUNT), (j + this.radius) * TEMPORAL_FEATURE_COUNT);
    }
    this.model.probabilities(this.window, this.scratch);
    const slot = u % this.capacity;
    this.cutP[slot] = this.scratch[0]!;
    this.gradualP[slot] = this.scratch[1]!;
    if (u > first) this.decideCut(u - 1, this.scratch[0]!);
    // A run: a stretch at P(gradual) ≥ the low level that reaches the threshold (config.ts TEMPORAL_GRADUAL_LOW).
    const g = this.scratch[1]!;
    const inside = g >= Math.min(this.p.temporalGradualLow, this.p.gradualThreshold);
    if (inside && this.runStart < 0) this.runStart = u;
    if (inside && g >= this.p.gradualThreshold) this.runReached = true;
    if (!inside && this.runStart >= 0) {
      if (this.runReached) this.finishRun(this.runStart, u - 1);
      this.runStart = -1;
      this.runReached = false;
    }
  }

  /**
   * Frame c is a cut when its P(cut) clears the threshold and peaks (ties go to the earlier
   * frame; not in the stream's first MAX_TEMPORAL_LAG frames), or when the step is a plain
   * hard cut the model has no examples of (flat cards); either way it must change the picture
   * at all and not be a flash (the rules' test, which a peak above temporalSureCut skips).
   */
  private decideCut(c: number, next: number): void {
    const here = this.cutP[c % this.capacity]!;
    const before = c > this.win.first ? this.cutP[(c - 1) % this.capacity]! : 0;
    // In a stream's first MAX_TEMPORAL_LAG frames the longer lags reach back to before its
    // start and are clamped to its first frame: motion there looks like a one-frame jump
    // (every lag the same), so only a plain hard cut counts.
    const local = c >= this.win.first + MAX_TEMPORAL_LAG && here > before && here >= next;
    // The pixel model only sees whole windows: at a stream's end (flush) a peak whose window
    // would run past the last frame keeps the temporal decision (a picture frozen by clamping
    // reads as a cut to it). At the start, `local` already keeps c − half inside the stream.
    const whole = this.pixel !== undefined && c + this.pixel.half - 1 <= this.win.last;
    if (local && whole && here >= this.p.temporalPixelFloor) {
      if (here < this.p.temporalPixelCeil) {
        const q = this.pixelProbability(c);
        // A bright flash's first or last step goes on to the flash test below (config.ts TEMPORAL_BRIGHT_FLASH_ENDS).
        if (q >= this.pixelCutFor(c) && !(this.p.temporalBrightFlashEnds && this.isBrightFlashStep(c))) {
          this.pending.push({ type: 'cut', start: c, end: c, confidence: q });
          return;
        }
        // A plain hard cut (flat cards, which neither model saw) stays one.
        if (q <= this.p.temporalPixelNoCut && !this.isHardCut(c)) return;
      } else if (here < this.p.temporalPixelSureCeil && this.p.temporalPixelSureNoCut > 0) {
        // A surer peak is no cut only when the pixel model is near certain (config.ts TEMPORAL_PIXEL_SURE_NO_CUT).
        if (this.pixelProbability(c) < this.p.temporalPixelSureNoCut && !this.isHardCut(c)) return;
      }
    }
    // A structure spike the temporal model did not see (config.ts TEMPORAL_SPIKE_RATIO) goes to the pixel model.
    const spike =
      whole &&
      here < this.p.temporalPixelFloor &&
      c >= this.win.first + MAX_TEMPORAL_LAG &&
      this.isStructureSpike(c) &&
      this.pixelProbability(c) >= this.pixelCutFor(c);
    const peaks = local && here >= this.p.temporalCutThreshold;
    if (!peaks && !spike && !(local && this.nearMissStandsOut(c, here)) && !this.isHardCut(c)) return;
    const step = this.win.step(c);
    const structure = structureDistance(this.win.at(c - 1).structure, this.win.at(c).structure);
    const peak = cellPeakDistance(this.win.at(c - 1).cells, this.win.at(c).cells, this.cellScratch);
    if (step < this.p.temporalMinCutChange && structure < this.p.temporalMinCutStructure && peak < this.p.temporalMinCutPeak) return;
    // A cut the model is sure of needs no flash test (config.ts TEMPORAL_SURE_CUT), unless it
    // brightens the picture (TEMPORAL_BRIGHT_FLASH) or ends a flash that did (TEMPORAL_BRIGHT_FLASH_ENDS).
    const sure =
      peaks &&
      here > this.p.temporalSureCut &&
      !(this.p.temporalBrightFlashEnds ? this.isBrightFlashStep(c) : isBrightFlash(this.win, c, step, this.p.temporalBrightFlash, this.p));
    if (sure || !isFlash(this.win, c - 1, c, step, this.p)) {
      this.pending.push({ type: 'cut', start: c, end: c, confidence: Math.max(here, HARD_CUT_CONFIDENCE) });
    }
  }

  /**
   * True when the step onto c starts a bright flash or ends one (candidates.ts isBrightFlash,
   * isBrightFlashEnd, rise temporalBrightFlash): frames up to c + flash are in by now (c's peak is
   * judged once frame c + 1 + radius is), and the window keeps more than flash frames before c.
   */
  private isBrightFlashStep(c: number): boolean {
    const step = this.win.step(c);
    const rise = this.p.temporalBrightFlash;
    return isBrightFlash(this.win, c, step, rise, this.p) || isBrightFlashEnd(this.win, c, step, rise, this.p);
  }

  /**
   * The pixel model's P(a cut lands on c) from frames c − half … c + half − 1, all pushed by
   * now: c's peak is judged once frame c + 1 + radius is in, and the temporal model's radius
   * (12) is more than the pixel model's half window (8); decideCut asks only when the window
   * lies inside the stream.
   */
  private pixelProbability(c: number): number {
    const pixel = this.pixel!;
    const frames = this.pixelScratch.map((scratch, k) => this.thumbs!.rgb(c - pixel.half + k, scratch));
    const q = pixel.probability(frames);
    if (!this.p.temporalPixelMirror) return q;
    // A frame may be the ring's own bytes (ThumbRing.rgb): the mirror goes to its own scratch.
    return (q + pixel.probability(frames.map((frame, k) => mirrorFrame(frame, this.mirrorScratch[k]!)))) / 2;
  }

  /**
   * Whether the step onto c changes structure by at least temporalSpikeStructure and
   * temporalSpikeRatio times every other step within 3 frames (frames up to c + 3 are in: c is
   * judged once c + 1 + radius is).
   */
  private isStructureSpike(c: number): boolean {
    if (this.p.temporalSpikeRatio <= 0) return false;
    // The one-frame structure change is a temporal feature of every frame pushed: log1p(10 · d).
    const at = (t: number) => Math.expm1(this.features[(t % this.capacity) * TEMPORAL_FEATURE_COUNT + STRUCTURE_LAG1]!) / 10;
    const here = at(c);
    if (here < this.p.temporalSpikeStructure || isBlank(this.win, c - 1, this.p) || isBlank(this.win, c, this.p)) return false;
    let moving = 0;
    for (let k = 1; k <= 3; k++) {
      for (const t of [c - k, c + k]) {
        if (t <= this.win.first || t > this.win.last) continue;
        const other = at(t);
        if (other * this.p.temporalSpikeRatio > here) return false;
        moving = Math.max(moving, other);
      }
    }
    return moving >= SPIKE_MOTION;
  }

  /** The pixel model's P from which the step onto c is a cut: lower in a dark picture (config.ts TEMPORAL_DARK_PIXEL_CUT). */
  private pixelCutFor(c: number): number {
    const dark = Math.max(this.win.at(c - 1).meanLuma, this.win.at(c).meanLuma) <= this.p.temporalDarkPixelLuma;
    return dark ? Math.min(this.p.temporalPixelCut, this.p.temporalDarkPixelCut) : this.p.temporalPixelCut;
  }

  /**
   * The second look (recheck.ts): a P(cut) peak under the threshold but at least
   * temporalRecheckFloor whose motion-compensated step stands out from the steps around it.
   * Reads frames within RECHECK_REACH of c (clamped to the stream), all pushed by now: c's
   * peak is judged once frame c + 1 + radius is in.
   */
  private nearMissStandsOut(c: number, here: number): boolean {
    if (!this.thumbs || here < this.p.temporalRecheckFloor) return false;
    const last = Math.min(this.win.last, c + RECHECK_REACH);
    return this.thumbs.standsOut(c, this.win.first, last, this.p.temporalRecheckRatio, this.p.temporalRecheckMinResidual);
  }

  /**
   * A step of at least HARD_CUT_CHANGE (cells, 0..255) between frames that hardly move around
   * it (every other step within `flank` frames under HARD_CUT_CONTRAST times less): a cut
   * whatever the model says. The model learned from footage; a cut between two flat cards
   * (no structure, one histogram bin each) is outside what it saw.
   */
  private isHardCut(c: number): boolean {
    if (c <= this.win.first) return false;
    const step = this.win.step(c);
    if (step < HARD_CUT_CHANGE) return false;
    for (let j = 1; j <= this.p.flank; j++) {
      if (this.win.step(c - j) * HARD_CUT_CONTRAST > step || this.win.step(c + j) * HARD_CUT_CONTRAST > step) return false;
    }
    return true;
  }

  /**
   * Keeps run s..e when it is long and large enough, typed; a fade-out and a fade-in meeting on
   * black become one fade. A run that fails as one transition may be two back to back (a wipe
   * into a short shot and out of it again: P(gradual) never drops between them); with
   * temporalSplitRuns it is kept as two when some split point gives two halves that each pass
   * (the split with the smallest summed residual), each half at most maxSpan long. The strict
   * gates are tried first (whole, then split), then the looser ones for runs the model is sure
   * of (config.ts TEMPORAL_SURE_GRADUAL).
   */
  private finishRun(s: number, e: number): void {
    for (const loose of [false, true]) {
      const run = e - s + 1 <= this.p.maxSpan ? this.judgeRun(s, e, loose) : undefined;
      if (run) {
        this.keepRun(run.run);
        return;
      }
      const halves = this.p.temporalSplitRuns ? this.split(s, e, loose) : undefined;
      if (halves) {
        this.pending.push(...halves);
        this.runs.push(...halves);
        return;
      }
    }
  }

  /** The best split of run s..e into two kept runs (smallest summed residual), if any. */
  private split(s: number, e: number, loose: boolean): [Decided, Decided] | undefined {
    const length = e - s + 1;
    if (length < 2 * this.p.minGradualFrames || length > 2 * this.p.maxSpan) return undefined;
    let best: [Decided, Decided] | undefined;
    let bestResidual = Number.POSITIVE_INFINITY;
    for (let m = s + this.p.minGradualFrames - 1; m <= e - this.p.minGradualFrames; m++) {
      if (m - s + 1 > this.p.maxSpan || e - m > this.p.maxSpan) continue;
      const x = this.judgeRun(s, m, loose);
      const y = x && this.judgeRun(m + 1, e, loose);
      if (!x || !y || x.residual + y.residual >= bestResidual) continue;
      best = [x.run, y.run];
      bestResidual = x.residual + y.residual;
    }
    return best;
  }

  /**
   * Run s..e as a transition, with its blend or wipe residual (0 for a fade), or undefined when
   * a gate refuses it; `loose`: with the looser gates when the model is sure of the run.
   */
  private judgeRun(s: number, e: number, loose: boolean): { run: Decided; residual: number } | undefined {
    const length = e - s + 1;
    if (length < this.p.minGradualFrames) return undefined;
    let sum = 0;
    let blank = false;
    for (let t = s; t <= e; t++) {
      sum += this.gradualP[t % this.capacity]!;
      blank ||= isBlank(this.win, t, this.p);
    }
    const sure = loose && sum / length >= this.p.temporalSureGradual;
    const share = sure ? this.p.temporalSureChangeShare : 1;
    const before = this.win.at(s - 1);
    const after = this.win.at(e + 1);
    const change = cellDistance(before.cells, after.cells);
    const structure = structureDistance(before.structure, after.structure);
    // A dip to black (or white) and back is a fade even between two takes of one scene (config.ts TEMPORAL_FADE_DIPS).
    const dip = blank && this.p.temporalFadeDips && this.dips(s, e);
    if (!dip && change < share * this.p.temporalMinGradualChange && structure < share * this.p.temporalMinGradualStructure)
      return undefined;
    const fit = blank ? undefined : fitSpanModels(this.win, s - 1, e + 1);
    // Motion (a fast pan, a flash's ramp) is neither a blend nor a wipe of the frames around it.
    if (fit && fit.residual > (sure ? this.p.temporalSureMaxResidual : this.p.temporalMaxResidual)) return undefined;
    const type: TransitionType = !fit ? 'fade' : fit.model === 'mask' ? 'wipe' : 'dissolve';
    // A pan fits the wipe model over a few frames too, but a shift of the picture explains it.
    if (type === 'wipe' && panRatio(this.win, s - 1, e + 1) < this.p.minWipePanRatio) return undefined;
    // A slow pan moves the picture by less than a cell a frame: the same test in pixels.
    if (type === 'wipe' && this.p.temporalMinWipePixelPan > 0) {
      const pan = this.thumbs!.pixelPanRatio(Math.max(s - 1, this.win.first), Math.min(e + 1, this.win.last));
      if (pan < this.p.temporalMinWipePixelPan) return undefined;
    }
    return { run: { type, start: s, end: e, confidence: sum / length }, residual: fit?.residual ?? 0 };
  }

  /**
   * Whether run s..e dips: some frame of it is blank and at most half as far from black as both
   * frames around the run, s − 1 and e + 1 (or at most half as far from white).
   */
  private dips(s: number, e: number): boolean {
    const a = this.win.at(s - 1).meanLuma;
    const b = this.win.at(e + 1).meanLuma;
    for (let t = s; t <= e; t++) {
      if (!isBlank(this.win, t, this.p)) continue;
      const l = this.win.at(t).meanLuma;
      if (this.dipsFrom(l, a) && this.dipsFrom(l, b)) return true;
    }
    return false;
  }

  /** Whether a blank frame of mean luma `l` is at most half as far from black as `level` (from white, when it is not dark). */
  private dipsFrom(l: number, level: number): boolean {
    return l < this.p.darkLuma ? l <= level / 2 : 255 - l <= (255 - level) / 2;
  }

  /** Adds a kept run, or extends the previous one when both are one transition (sameTransition). */
  private keepRun(run: Decided): void {
    const e = run.end;
    const previous = this.runs[this.runs.length - 1];
    if (previous && this.pending.includes(previous) && this.sameTransition(previous, run)) {
      // One transition: out to black (or white), a black hold, in from black; or one whose
      // P(gradual) dipped for a frame or two (the middle of a fade through white).
      const fade = previous.type === 'fade' || run.type === 'fade';
      Object.assign(previous, {
        type: fade ? 'fade' : previous.type,
        end: e,
        confidence: Math.min(previous.confidence, run.confidence),
      });
      return;
    }
    this.pending.push(run);
    this.runs.push(run);
  }

  /**
   * A run without its first frames that are still (nearly) the frame before it and its last
   * ones that are already (nearly) the frame after it: within RUN_EDGE_SHARE of the change
   * across the run. P(gradual) rises a frame or two early when the old shot moves fast.
   */
  private trimmed(d: Decided): Decided {
    const A = this.win.at(d.start - 1).cells;
    const B = this.win.at(d.end + 1).cells;
    const edge = RUN_EDGE_SHARE * cellDistance(A, B);
    let start = d.start;
    while (start < d.end && cellDistance(A, this.win.at(start).cells) < edge) start++;
    let end = d.end;
    while (end > start && cellDistance(this.win.at(end).cells, B) < edge) end--;
    return { ...d, start, end };
  }

  /** True when at most MAX_RUN_GAP frames separate two runs, or at most maxBlack blank ones. */
  private sameTransition(x: Decided, y: Decided): boolean {
    const gap = y.start - x.end - 1;
    if (gap <= MAX_RUN_GAP) return true;
    if (gap > this.p.maxBlack) return false;
    for (let t = x.end + 1; t < y.start; t++) if (!isBlank(this.win, t, this.p)) return false;
    return true;
  }

  /** Returns the decided transitions starting at or before `horizon`, without cuts inside a kept gradual run. */
  private emitUpTo(horizon: number): Transition[] {
    // Decisions up to here are final (lookBehindFrames holds alignedReach + 2 more frames than they need).
    const decided = horizon + this.spikeLag;
    // A cut on a stutter's beat is no cut; its frames up to stutterReach after it are in by now.
    if (this.stutterReach > 0 && decided > this.stutterDone) {
      const done = this.stutterDone;
      const tested = (d: Decided) => d.type === 'cut' && d.start > done && d.start <= decided;
      if (this.pending.some(tested)) this.pending = this.pending.filter((d) => !tested(d) || !this.isStutterBeat(d.start));
      this.stutterDone = decided;
    }
    if (this.alignedReach > 0) this.addAlignedSpikes(horizon);
    if (!this.pending.some((d) => d.start <= horizon)) return [];
    if (this.p.temporalFadeCuts) this.joinFadeCuts(horizon);
    if (this.p.temporalFadeRamps > 0) this.rampFades(horizon);
    const ready = this.pending.filter((d) => d.start <= horizon);
    this.pending = this.pending.filter((d) => d.start > horizon);
    // Every run that can hold a cut at or before the horizon has ended by now (see lookBehindFrames).
    const out = ready
      .filter((d) => d.type !== 'cut' || !this.insideRun(d.start))
      .map((d) => (d.type === 'cut' || d.exact ? d : this.trimmed(d)))
      .sort((x, y) => x.start - y.start || x.end - y.end);
    this.runs = this.runs.filter((g) => g.end + 1 > horizon);
    if (this.alignedReach > 0) {
      this.emitted.push(...out);
      if (this.emitted.some((d) => d.end + 2 * this.alignedReach + 4 < horizon))
        this.emitted = this.emitted.filter((d) => d.end + 2 * this.alignedReach + 4 >= horizon);
    }
    return out.map((d) => this.toTransition(d));
  }

  /**
   * Adds a cut on each frame c up to the horizon, not scanned before, whose step stands out once
   * the picture is aligned (config.ts TEMPORAL_ALIGNED_SPIKE_RATIO): P(cut) at least
   * temporalAlignedSpikeFloor, no transition found within 2 frames, an aligned residual
   * (recheck.ts alignedResidual) of at least temporalAlignedSpikeMin, and at least
   * temporalAlignedSpikeRatio × (that of every other step within alignedReach + 0.3), leaving out
   * the steps of the transitions found (a cut's step and the ones either side of it; a gradual
   * run's steps and the one after it). Reads frames and decisions within alignedReach of c, all
   * in and final by now (lookBehindFrames). A bright flash's first or last step is no such cut.
   */
  private addAlignedSpikes(horizon: number): void {
    const first = this.win.first;
    const last = this.win.last;
    const from = Math.max(this.spikeScanned + 1, first + 1);
    if (from > horizon) return;
    this.spikeScanned = horizon;
    const thumbs = this.thumbs!;
    const reach = this.alignedReach;
    let found: Decided[] | undefined;
    const near = (c: number) => found!.some((d) => (d.type === 'cut' ? Math.abs(d.start - c) <= 2 : d.start - 2 <= c && c <= d.end + 2));
    const ownStep = (t: number) => found!.some((d) => (d.type === 'cut' ? Math.abs(d.start - t) <= 1 : d.start <= t && t <= d.end + 1));
    for (let c = from; c <= horizon; c++) {
      if (this.cutP[c % this.capacity]! < this.p.temporalAlignedSpikeFloor) continue;
      found ??= [...this.emitted, ...this.pending, ...this.runs];
      if (near(c)) continue;
      const here = thumbs.alignedStep(c);
      if (here < this.p.temporalAlignedSpikeMin) continue;
      const limit = here / this.p.temporalAlignedSpikeRatio - 0.3;
      let stands = limit > 0;
      for (let k = 1; k <= reach && stands; k++) {
        for (const t of [c - k, c + k]) {
          if (t - 1 < first || t > last || ownStep(t)) continue;
          if (thumbs.alignedStep(t) > limit) {
            stands = false;
            break;
          }
        }
      }
      // A bright flash's first or last step is no cut here either (candidates.ts isBrightFlash, isBrightFlashEnd).
      if (!stands || this.isBrightFlashStep(c)) continue;
      const cut: Decided = { type: 'cut', start: c, end: c, confidence: Math.max(this.cutP[c % this.capacity]!, HARD_CUT_CONFIDENCE) };
      this.pending.push(cut);
      found!.push(cut);
    }
  }

  /**
   * Whether the cut on c is a beat of a stuttering picture (candidates.ts isStutterStep, which
   * leaves out a step that outsteps the beats: config.ts TEMPORAL_STUTTER_STANDOUT) that the
   * model is not sure of (TEMPORAL_STUTTER_SURE_CUT). Reads frames within stutterReach + 1 of c:
   * in the window by the time c is emitted.
   */
  private isStutterBeat(c: number): boolean {
    return (
      this.cutP[c % this.capacity]! <= this.p.temporalStutterSureCut &&
      isStutterStep(this.win, c, this.stutterReach, this.p.fps, this.p.temporalStutterStandout)
    );
  }

  /**
   * Turns each pending cut at or before the horizon onto black out of which the picture rises
   * frame by frame into a fade from the cut to the end of the rise (config.ts TEMPORAL_FADE_RAMPS),
   * or, where a kept run covers some of the rise, into that run's start.
   * Reads frames up to maxSpan after the cut: pushed by now (lookBehindFrames).
   */
  private rampFades(horizon: number): void {
    const dropped = new Set<Decided>();
    for (const d of this.pending) {
      if (d.type !== 'cut' || d.start > horizon || this.insideRun(d.start)) continue;
      const end = this.rampEnd(d.start);
      if (end < 0) continue;
      // A kept run over the rise is that fade: it starts at the cut.
      const run = this.runs.find((g) => g.start <= end && g.end >= d.start);
      if (run) {
        if (this.pending.includes(run)) run.start = Math.min(run.start, d.start);
        dropped.add(d);
        continue;
      }
      d.type = 'fade';
      d.end = end;
      d.exact = true;
    }
    if (dropped.size > 0) this.pending = this.pending.filter((d) => !dropped.has(d));
  }

  /** Whether frame c lies in a kept gradual run or on the frame after it (a cut there is that run's). */
  private insideRun(c: number): boolean {
    return this.runs.some((g) => g.start <= c && c <= g.end + 1);
  }

  /** The last frame of a rise out of black that starts at cut c (TEMPORAL_FADE_RAMPS), or −1. */
  private rampEnd(c: number): number {
    const last = Math.min(this.win.last, c + this.p.maxSpan);
    const luma = (t: number) => this.win.at(t).meanLuma;
    let t = c;
    while (t <= Math.min(c + 2, last) && luma(t) > RAMP_BLACK) t++;
    if (t > Math.min(c + 2, last)) return -1;
    const black = t;
    // The black may hold a while before the rise.
    while (t < last && t - black < this.p.maxBlack && luma(t + 1) <= RAMP_BLACK && luma(t + 1) - luma(t) < RAMP_STEP) t++;
    let steps = 0;
    while (t < last && luma(t + 1) - luma(t) >= RAMP_STEP) {
      t++;
      steps++;
    }
    return steps >= this.p.temporalFadeRamps && luma(t) - luma(black) >= RAMP_RISE ? t : -1;
  }

  /**
   * Joins each pending cut through a black hold next to a kept fade run to that fade (config.ts
   * TEMPORAL_FADE_CUTS): a cut on c with frames c … start − 1 a black or white hold
   * (holdBetween, at most maxBlack + 1 frames) before a fade starting at `start`, or one with
   * frames end + 1 … c − 1 a hold (one to maxBlack frames) after a fade ending at `end`. Reads
   * only decisions already made: a fade starting after a cut at or before the horizon has ended
   * by now (lookBehindFrames covers a run and a black hold after it), and a cut after a fade
   * starting at or before it is decided by now.
   */
  private joinFadeCuts(horizon: number): void {
    const dropped = new Set<Decided>();
    for (const g of this.runs) {
      if (g.type !== 'fade' || !this.pending.includes(g)) continue;
      for (const d of this.pending) {
        if (d.type !== 'cut' || dropped.has(d)) continue;
        // Onto the hold: the cut's own frame may still show some of the shot (a fade over one
        // frame) when held frames follow it.
        const before =
          d.start < g.start &&
          d.start <= horizon &&
          g.start - d.start <= this.p.maxBlack + 1 &&
          this.holdBetween(d.start, g.start - 1, d.start - 1, g.start - d.start > 1 ? d.start + 1 : d.start);
        const after =
          g.start <= horizon &&
          d.start > g.end + 1 &&
          d.start - g.end - 1 <= this.p.maxBlack &&
          this.holdBetween(g.end + 1, d.start - 1, d.start, g.end + 1);
        if (!before && !after) continue;
        g.start = Math.min(g.start, d.start);
        g.end = Math.max(g.end, d.start);
        g.confidence = Math.min(g.confidence, d.confidence);
        dropped.add(d);
      }
    }
    if (dropped.size > 0) this.pending = this.pending.filter((d) => !dropped.has(d));
  }

  /**
   * Whether frames a … b (a ≤ b) are a black (or white) hold: blank, at most half as far from
   * black (or from white) as frame `shot`, the shot on the cut's other side, and from frame
   * `flatFrom` on flat (luma spread ≤ HOLD_SPREAD). A dark shot's own frames can be blank too (a
   * night scene, darkened footage), but they are no darker than the shot itself, or they still
   * show a picture (darkened Game of Life: mean 1.3, spread 2.6).
   */
  private holdBetween(a: number, b: number, shot: number, flatFrom: number): boolean {
    const level = this.win.at(shot).meanLuma;
    for (let t = a; t <= b; t++) {
      const f = this.win.at(t);
      if (!isBlank(this.win, t, this.p)) return false;
      if (!this.dipsFrom(f.meanLuma, level) || (t >= flatFrom && f.lumaStd > HOLD_SPREAD)) return false;
    }
    return true;
  }

  private toTransition(d: Decided): Transition {
    return {
      type: d.type,
      startFrame: d.start,
      endFrame: d.end,
      startSec: this.win.at(d.start).sec,
      endSec: this.win.at(d.end).sec,
      confidence: Math.round(d.confidence * 1000) / 1000,
    };
  }
}
