/**
 * Deterministic synthetic inputs for tracker tests and the tracker benchmark: a seeded
 * PRNG, detections derived from MOT ground truth with jitter / drops / false positives,
 * and a loop that feeds them to a tracker.
 */
import { readFileSync } from 'node:fs';
import type { TrackerDetection, TrackObservation } from '../../stages/track/lifecycle';
import { parseMot, toSequence, type MotRow, type MotSequence } from '../../stages/track/mot-format';

import { mulberry32 } from '../helpers/random';

export { mulberry32 };

/** Standard normal sample (Box–Muller) from a uniform source. */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** How detections are derived from ground truth. */
export interface PerturbOptions {
  readonly seed: number;
  /** Box jitter: centre and size noise as a fraction of the box size (σ). */
  readonly jitter: number;
  /** Fraction of ground-truth boxes dropped. */
  readonly dropRate: number;
  /** Fraction of kept true boxes given a low score (0.15–0.5), the rest 0.5–1. */
  readonly lowScoreRate: number;
  /** Expected false positives per frame (person-sized boxes at random places). */
  readonly falsePositivesPerFrame: number;
  readonly frameWidth: number;
  readonly frameHeight: number;
}

/** Ground-truth rows of a MOT file, ignore-marked rows (conf 0) removed. */
export function loadGroundTruth(path: string): { rows: MotRow[]; sequence: MotSequence; frameCount: number } {
  const rows = parseMot(readFileSync(path, 'utf8'), path).filter((r) => r.conf > 0);
  return { rows, sequence: toSequence(rows), frameCount: Math.max(...rows.map((r) => r.frame)) };
}

/** Detections per 0-based frame index, derived from ground truth with deterministic noise. */
export function perturbedDetections(rows: readonly MotRow[], frameCount: number, o: PerturbOptions): TrackerDetection[][] {
  const rand = mulberry32(o.seed);
  const frames: TrackerDetection[][] = Array.from({ length: frameCount }, () => []);
  const sorted = [...rows].sort((a, b) => a.frame - b.frame || a.id - b.id);
  for (const r of sorted) {
    if (rand() < o.dropRate) continue;
    const cx = r.left + r.width / 2 + gaussian(rand) * o.jitter * r.width;
    const cy = r.top + r.height / 2 + gaussian(rand) * o.jitter * r.height;
    const w = r.width * (1 + gaussian(rand) * o.jitter);
    const h = r.height * (1 + gaussian(rand) * o.jitter);
    const score = rand() < o.lowScoreRate ? 0.15 + 0.35 * rand() : 0.5 + 0.5 * rand();
    frames[r.frame - 1]!.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, classId: 0 });
  }
  for (const dets of frames) {
    for (let n = 0; rand() < o.falsePositivesPerFrame / (n + 1) && n < 5; n++) dets.push(falsePositive(rand, o));
  }
  return frames;
}

function falsePositive(rand: () => number, o: PerturbOptions): TrackerDetection {
  const h = 40 + 60 * rand();
  const w = h * (0.35 + 0.15 * rand());
  const x = rand() * (o.frameWidth - w);
  const y = rand() * (o.frameHeight - h);
  return { box: [x, y, x + w, y + h], score: 0.1 + 0.5 * rand(), classId: 0 };
}

/** Anything with the streaming tracker surface. */
export interface StreamingTracker {
  update(frameIndex: number, detections: readonly TrackerDetection[], options?: { shotId?: number }): TrackObservation[];
  flush(): TrackObservation[];
}

/** Feeds every frame to `tracker` and collects all observations. */
export function runTracker(tracker: StreamingTracker, frames: readonly (readonly TrackerDetection[])[], first = 0): TrackObservation[] {
  const out: TrackObservation[] = [];
  frames.forEach((dets, i) => out.push(...tracker.update(first + i, dets)));
  out.push(...tracker.flush());
  return out;
}

/**
 * A synthetic crowd for timing: `count` person-sized boxes (40–80 px wide, 2.5:1) moving
 * at constant velocity in a 1920×1080 frame and bouncing off its edges, with 3 % jitter.
 */
export function syntheticScene(count: number, frameCount: number, seed: number): TrackerDetection[][] {
  const rand = mulberry32(seed);
  const W = 1920;
  const H = 1080;
  const s = Array.from({ length: count }, () => {
    const w = 40 + 40 * rand();
    return { x: rand() * (W - w), y: rand() * (H - 2.5 * w), w, h: 2.5 * w, vx: 6 * (rand() - 0.5), vy: 3 * (rand() - 0.5) };
  });
  const frames: TrackerDetection[][] = [];
  for (let f = 0; f < frameCount; f++) {
    frames.push(
      s.map((p) => {
        const jx = gaussian(rand) * 0.03 * p.w;
        const jy = gaussian(rand) * 0.03 * p.h;
        return { box: [p.x + jx, p.y + jy, p.x + jx + p.w, p.y + jy + p.h], score: 0.5 + 0.5 * rand(), classId: 0 };
      }),
    );
    for (const p of s) {
      p.x += p.vx;
      p.y += p.vy;
      if (p.x < 0 || p.x + p.w > W) p.vx = -p.vx;
      if (p.y < 0 || p.y + p.h > H) p.vy = -p.vy;
    }
  }
  return frames;
}
