import type { Transition } from '../../core/contracts/shots';
import { ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import type { Frame } from '../video/frame';
import { evaluateSpan, type Candidate } from './candidates';
import { CUT_FEATURE_COUNT } from './cut-features';
import { resolveParams, ShotDetectorConfigSchema, type DetectorParams, type ShotDetectorConfigInput } from './config';
import { decideTransitions, type Decided } from './decide';
import { checkedCellMap, extractFeatures, type CellMap } from './features';
import type { ShotDetector } from './shot-detector';
import { TemporalShotDetector } from './temporal-detector';
import { FeatureWindow } from './window';

export type { ShotDetector } from './shot-detector';

/**
 * Creates a shot detector for a video with the given frame rate. `config` is validated
 * (every field has a default, so `{}` is fine); frames should be `SHOT_FRAME_SPEC`.
 *
 * @example
 *   const detector = createShotDetector({}, probe.fps);
 *   for await (const frame of frames) transitions.push(...detector.push(frame));
 *   transitions.push(...detector.flush());
 */
export function createShotDetector(config: ShotDetectorConfigInput, fps: number): ShotDetector {
  if (!(Number.isFinite(fps) && fps > 0 && fps <= 1000))
    throw new ValidationError(`shot detector: fps must be a positive number, got ${fps}`);
  const parsed = parseOrThrow(ShotDetectorConfigSchema, config ?? {}, 'shot detector config');
  const params = resolveParams(Object.freeze(parsed), fps);
  return params.temporalClassifier ? new TemporalShotDetector(params) : new StreamingShotDetector(params);
}

class StreamingShotDetector implements ShotDetector {
  readonly contextFrames: number;
  readonly lookBehindFrames: number;
  private readonly win: FeatureWindow;
  private cellMap: CellMap | undefined;
  private candidates: Candidate[] = [];
  private readonly refined = new WeakMap<Candidate, Decided>();
  /** Next span end (b) to judge. */
  private nextSpanEnd = -1;
  /** Transitions starting before this frame have been returned. */
  private emittedUpTo = -1;
  private flushed = false;
  private readonly cutScratch = new Float32Array(CUT_FEATURE_COUNT);

  constructor(private readonly p: DetectorParams) {
    // See decideTransitions: a decision looks at candidates within two spans of it, a fade
    // join one black hold further, and each candidate at `reach` frames around it.
    this.contextFrames = 2 * p.maxSpan + p.maxBlack + p.reach + 2;
    this.lookBehindFrames = 3 * p.maxSpan + p.maxBlack + p.reach;
    this.win = new FeatureWindow(
      this.contextFrames + this.lookBehindFrames + p.maxSpan + 2 * p.reach + 8,
      p.flank,
      p.cutClassifier !== undefined,
    );
  }

  push(frame: Frame): Transition[] {
    if (this.flushed) throw new ValidationError('shot detector: push after flush');
    this.cellMap = checkedCellMap(frame, this.cellMap);
    this.win.push(extractFeatures(frame, this.cellMap));
    if (this.nextSpanEnd < 0) {
      this.nextSpanEnd = frame.index + 1;
      this.emittedUpTo = frame.index;
    }
    this.judgeSpansUpTo(frame.index - this.p.reach);
    return this.emitUpTo(frame.index - this.lookBehindFrames);
  }

  flush(): Transition[] {
    if (this.flushed) return [];
    this.flushed = true;
    if (this.win.last < 0) return [];
    this.judgeSpansUpTo(this.win.last);
    return this.emitUpTo(this.win.last);
  }

  private judgeSpansUpTo(lastEnd: number): void {
    for (; this.nextSpanEnd <= lastEnd; this.nextSpanEnd++) {
      const b = this.nextSpanEnd;
      for (const length of this.p.spanLengths) {
        if (b - length < this.win.first) break;
        const candidate = evaluateSpan(this.win, b - length, b, this.p, this.cutScratch);
        if (candidate) this.candidates.push(candidate);
      }
    }
  }

  /** Returns the transitions starting in [emittedUpTo, horizon] and forgets old candidates. */
  private emitUpTo(horizon: number): Transition[] {
    if (horizon < this.emittedUpTo) return [];
    const from = this.emittedUpTo;
    const live = this.candidates.some((c) => c.b >= from && c.a <= horizon);
    this.emittedUpTo = horizon + 1;
    const out = live
      ? decideTransitions(this.candidates, this.win, this.p, this.refined).filter((t) => t.startFrame >= from && t.startFrame <= horizon)
      : [];
    const keepFrom = this.emittedUpTo - this.contextFrames - 1;
    // Candidates come in order of b, so the first one tells whether any is old enough to drop.
    if ((this.candidates[0]?.b ?? keepFrom) < keepFrom) this.candidates = this.candidates.filter((c) => c.b >= keepFrom);
    return out;
  }
}
