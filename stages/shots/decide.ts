import type { Transition, TransitionType } from '../../core/contracts/shots';
import { isBlank, type Candidate } from './candidates';
import type { DetectorParams } from './config';
import { spanProgress } from './models';
import type { FeatureWindow } from './window';

/** A transition before it is turned into the contract's shape (cacheable per candidate). */
export interface Decided {
  type: TransitionType;
  start: number;
  end: number;
  /** The span (a, b) it came from: a = last frame before, b = first frame after. */
  a: number;
  b: number;
  confidence: number;
}

/**
 * Turns candidates into transitions: keeps each candidate that no overlapping candidate
 * beats (gradual and one-frame candidates separately), trims gradual spans to where the
 * picture actually moves from the old to the new shot, drops one-frame steps inside a kept
 * gradual span, and joins a fade-out and a fade-in that meet on black (or white) into one fade.
 * Every decision looks only at candidates within two spans of it (chunk independence).
 * `cache` keeps the trimmed span of each candidate between calls on a growing stream.
 */
export function decideTransitions(
  candidates: readonly Candidate[],
  win: FeatureWindow,
  p: DetectorParams,
  cache: WeakMap<Candidate, Decided> = new WeakMap(),
): Transition[] {
  const sorted = [...candidates].sort((x, y) => x.a - y.a || x.b - y.b);
  const gradual = localWinners(
    sorted.filter((c) => c.b - c.a > 1),
    p.maxSpan,
  );
  const steps = localWinners(
    sorted.filter((c) => c.b - c.a === 1),
    p.maxSpan,
  );
  const decided: Decided[] = [];
  const cuts = new Map<number, Decided>();
  for (const c of gradual) {
    let d = cache.get(c);
    if (!d) cache.set(c, (d = refineGradual(c, win, p)));
    if (d.type === 'cut') addCut(cuts, d);
    else decided.push(d);
  }
  for (const c of steps) {
    if (gradual.some((g) => overlaps(g, c))) continue;
    addCut(cuts, { type: 'cut', start: c.b, end: c.b, a: c.a, b: c.b, confidence: confidenceOf(c.score) });
  }
  decided.push(...cuts.values());
  decided.sort((x, y) => x.start - y.start || x.end - y.end);
  return joinFades(decided, win, p).map((d) => toTransition(d, win));
}

/** Candidates not beaten by any overlapping one (higher score, then shorter, then earlier). */
function localWinners(sorted: readonly Candidate[], maxSpan: number): Candidate[] {
  const winners: Candidate[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!;
    let beaten = false;
    for (let j = i - 1; j >= 0 && !beaten && sorted[j]!.a > x.a - maxSpan; j--) beaten = overlaps(sorted[j]!, x) && beats(sorted[j]!, x);
    for (let j = i + 1; j < sorted.length && !beaten && sorted[j]!.a < x.b; j++) beaten = overlaps(sorted[j]!, x) && beats(sorted[j]!, x);
    if (!beaten) winners.push(x);
  }
  return winners;
}

/** Spans cover frames a+1..b; two overlap when they share one. */
function overlaps(x: Candidate, y: Candidate): boolean {
  return x.a + 1 <= y.b && y.a + 1 <= x.b;
}

function beats(x: Candidate, y: Candidate): boolean {
  if (x.score !== y.score) return x.score > y.score;
  if (x.b - x.a !== y.b - y.a) return x.b - x.a < y.b - y.a;
  return x.a < y.a;
}

/** Trims a gradual span by its progress from the old shot (0) to the new one (1). */
function refineGradual(c: Candidate, win: FeatureWindow, p: DetectorParams): Decided {
  const progress = spanProgress(win, c.a, c.b);
  let start = c.b;
  for (let t = c.a + 1; t <= c.b; t++) {
    if (progress[t - c.a]! >= p.progressStart) {
      start = t;
      break;
    }
  }
  let end = c.a;
  for (let t = c.b - 1; t >= c.a; t--) {
    if (progress[t - c.a]! <= p.progressEnd) {
      end = t;
      break;
    }
  }
  const confidence = confidenceOf(c.score) * (1 - (0.5 * c.residual) / p.maxModelResidual);
  if (end < start) return { type: 'cut', start, end: start, a: start - 1, b: start, confidence: confidenceOf(c.score) };
  const fade = isBlank(win, c.a, p) || isBlank(win, c.b, p);
  const type: TransitionType = fade ? 'fade' : c.model === 'mask' ? 'wipe' : 'dissolve';
  return { type, start, end, a: c.a, b: c.b, confidence };
}

function addCut(cuts: Map<number, Decided>, d: Decided): void {
  const existing = cuts.get(d.start);
  if (!existing || d.confidence > existing.confidence) cuts.set(d.start, d);
}

/** Maps a score ≥ 1 (threshold cleared) to a confidence in [0.5, 1). */
function confidenceOf(score: number): number {
  return Math.min(1, Math.max(0, 1 - 0.5 / Math.max(score, 1)));
}

/**
 * Joins a transition that ends on a blank frame (b) and the next one that starts from one
 * (a), with only blank frames between and at most `maxBlack` of them, into one fade
 * covering both, when at least one of the two is gradual.
 */
function joinFades(decided: Decided[], win: FeatureWindow, p: DetectorParams): Decided[] {
  const out: Decided[] = [];
  for (const d of decided) {
    const prev = out[out.length - 1];
    if (prev && meetOnBlank(prev, d, win, p)) {
      const end = d.type === 'cut' ? d.start - 1 : d.end;
      out[out.length - 1] = {
        type: 'fade',
        start: prev.start,
        end,
        a: prev.a,
        b: d.b,
        confidence: Math.min(prev.confidence, d.confidence),
      };
    } else {
      out.push(d);
    }
  }
  return out;
}

function meetOnBlank(x: Decided, y: Decided, win: FeatureWindow, p: DetectorParams): boolean {
  if (x.type === 'cut' && y.type === 'cut') return false;
  const from = x.type === 'cut' ? x.start : x.b;
  const to = y.type === 'cut' ? y.start - 1 : y.a;
  if (to < from || to - from > p.maxBlack) return false;
  for (let t = from; t <= to; t++) if (!isBlank(win, t, p)) return false;
  return true;
}

function toTransition(d: Decided, win: FeatureWindow): Transition {
  return {
    type: d.type,
    startFrame: d.start,
    endFrame: d.end,
    startSec: win.at(d.start).sec,
    endSec: win.at(d.end).sec,
    confidence: Math.round(d.confidence * 1000) / 1000,
  };
}
