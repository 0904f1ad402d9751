import { describe, expect, it } from 'vitest';
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { mirrorFrame, type PixelClassifier } from '../../stages/shots/pixel-model';
import type { Frame } from '../../stages/video/frame';
import { blobScene, featureWindowOf, runTemporal, sceneView, standInModels } from './helpers';

/** A frame's bytes as a map key (the tests tell frames by content). */
const key = (d: Uint8Array) => Buffer.from(d).toString('base64');

/**
 * A pixel model that answers `answer` and records each window it was shown (the index of the
 * pushed frame each of its frames is, found by content).
 */
function recording(answer: number, frames: readonly Frame[]): PixelClassifier & { seen: { c: number; indices: number[] }[] } {
  const byContent = new Map(frames.map((f) => [key(f.data), f.index]));
  const seen: { c: number; indices: number[] }[] = [];
  return {
    version: 'test',
    half: 8,
    seen,
    probability(window: readonly Uint8Array[]): number {
      const indices = window.map((d) => byContent.get(key(d)) ?? -1);
      seen.push({ c: indices[8]!, indices });
      return answer;
    },
  };
}

function run(frames: readonly Frame[], pixel: PixelClassifier, config: ShotDetectorConfigInput) {
  return runTemporal(frames, config, undefined, pixel);
}

/**
 * 120 frames: a slow pan over one scene, a cut at 60 to another, darkened (×0.4) so that the
 * step (20 grey levels) stays under the hard-cut rule's HARD_CUT_CHANGE. The temporal model
 * alone gives the cut P(cut) 0.93 (a cut at its threshold of 0.85), other peaks up to 0.88.
 */
const A = blobScene(1);
const B = blobScene(3);
const frames = Array.from({ length: 120 }, (_, i) => {
  const f = sceneView(i, i < 60 ? A : B, 20 + Math.round(i / 3), 20, 0.4);
  // Held frames repeat; a mark in the corner pixel tells each frame from the others.
  f.data[0] = i;
  return f;
});

describe('the pixel model’s second look (temporal detector)', () => {
  it('is shown frames c − 8 … c + 7 of each peak it judges, never past the stream’s ends', () => {
    // Prepare: every peak of the temporal model goes to the pixel model (the window only: its
    // mirror, on by default, is shown after it, below).
    const pixel = recording(0.5, frames);
    // Act
    run(frames, pixel, { temporalPixelFloor: 1e-9, temporalPixelCeil: 1, temporalPixelMirror: false });
    // Assess
    expect(pixel.seen.length).toBeGreaterThan(0);
    expect(pixel.seen.map((s) => s.c)).toContain(60);
    for (const { c, indices } of pixel.seen) expect(indices).toEqual(Array.from({ length: 16 }, (_, k) => c - 8 + k));
    // The stream's last frames are no peak for it: their windows would run past the end.
    expect(Math.max(...pixel.seen.map((s) => s.c))).toBeLessThanOrEqual(frames.length - 8);
  });

  it('makes a peak a cut at or above temporalPixelCut and none at or under temporalPixelNoCut', () => {
    // Act
    // The aligned spike test (config.ts TEMPORAL_ALIGNED_SPIKE_RATIO) is off: it would take the cut between the two scenes on its own.
    const only = { temporalPixelFloor: 1e-9, temporalPixelCeil: 1, temporalAlignedSpikeRatio: 0 };
    const yes = run(frames, recording(0.99, frames), only);
    const no = run(frames, recording(0.01, frames), only);
    const between = run(frames, recording(0.5, frames), only);
    // Assess: the cut at 60 stands with the temporal decision (0.5) and with a sure pixel model, and goes with a sure "no".
    const cuts = (ts: typeof yes) => ts.filter((t) => t.type === 'cut').map((t) => t.startFrame);
    expect(cuts(between)).toEqual([60]);
    expect(cuts(yes)).toContain(60);
    expect(cuts(no)).toEqual([]);
  });

  it('is not asked when off (temporalPixelFloor 1) nor about peaks outside its band', () => {
    // Prepare
    const off = recording(0.99, frames);
    const sure = recording(0.99, frames);
    // Act
    const a = run(frames, off, { temporalPixelFloor: 1 });
    run(frames, sure, { temporalPixelFloor: 1e-9, temporalPixelCeil: 0.5, temporalPixelSureCeil: 0.5 });
    // Assess: off, nothing asked and the cut found; the cut itself (P(cut) 0.93) is above a 0.5 ceiling
    // (and the surer peaks' band, below, ends there too).
    expect(off.seen).toEqual([]);
    expect(a.filter((t) => t.type === 'cut').map((t) => t.startFrame)).toEqual([60]);
    expect(sure.seen.map((s) => s.c)).not.toContain(60);
  });
});

describe('the pixel model’s mirrored look (config.ts TEMPORAL_PIXEL_MIRROR)', () => {
  it('mirrors a 64×36 rgb24 frame left to right, pixel by pixel', () => {
    // Prepare: a frame whose every byte differs from its neighbours.
    const frame = Uint8Array.from({ length: 64 * 36 * 3 }, (_, i) => (i * 7) % 251);
    // Act
    const once = mirrorFrame(frame, new Uint8Array(frame.length));
    const twice = mirrorFrame(once, new Uint8Array(frame.length));
    // Assess: pixel (y, x) lands on (y, 63 − x), its three bytes in order; twice is the frame.
    for (const [y, x] of [
      [0, 0],
      [5, 17],
      [35, 63],
    ] as const)
      for (let ch = 0; ch < 3; ch++) expect(once[(y * 64 + 63 - x) * 3 + ch]).toBe(frame[(y * 64 + x) * 3 + ch]);
    expect(twice).toEqual(frame);
    expect(() => mirrorFrame(frame, frame)).toThrow(/another array/);
    expect(() => mirrorFrame(frame.subarray(3), new Uint8Array(frame.length - 3))).toThrow(/64×36/);
  });

  it('asks about each peak twice, the window then its mirror, and takes the mean', () => {
    // Prepare: a model that says 0.01 to the pushed frames and 0.99 to anything else.
    const pushed = new Set(frames.map((f) => key(f.data)));
    const windows: Uint8Array[][] = [];
    const pixel: PixelClassifier = {
      version: 'test',
      half: 8,
      probability(window) {
        windows.push(window.map((d) => Uint8Array.from(d)));
        return window.every((d) => pushed.has(key(d))) ? 0.01 : 0.99;
      },
    };
    const only = { temporalPixelFloor: 1e-9, temporalPixelCeil: 1, temporalAlignedSpikeRatio: 0 };
    // Act
    const mirrored = run(frames, pixel, { ...only, temporalPixelMirror: true });
    const asked = windows.length;
    const plain = run(frames, pixel, { ...only, temporalPixelMirror: false });
    // Assess: pairs of windows, the second the first mirrored; the mean (0.5) leaves the cut at 60
    // to the temporal decision, where the window alone (0.01) vetoes it.
    expect(windows.length - asked).toBe(asked / 2);
    windows.length = asked;
    expect(windows.length % 2).toBe(0);
    expect(windows.length).toBeGreaterThan(0);
    for (let k = 0; k < windows.length; k += 2)
      windows[k]!.forEach((d, i) => expect(windows[k + 1]![i]).toEqual(mirrorFrame(d, new Uint8Array(d.length))));
    const cuts = (ts: typeof plain) => ts.filter((t) => t.type === 'cut').map((t) => t.startFrame);
    expect(cuts(mirrored)).toEqual([60]);
    expect(cuts(plain)).toEqual([]);
  });

  it('leaves the frames it mirrors as they were (a mirror-blind model decides the same)', () => {
    // Act: a model that answers 0.5 whatever it sees, with (the default) and without the mirror.
    const only = { temporalPixelFloor: 1e-9, temporalPixelCeil: 1 };
    const a = run(frames, recording(0.5, frames), only);
    const b = run(frames, recording(0.5, frames), { ...only, temporalPixelMirror: false });
    // Assess
    expect(b).toEqual(a);
  });
});

describe('the pixel model in a dark picture (config.ts TEMPORAL_DARK_PIXEL_CUT)', () => {
  // The scenes above, cut at 60, seen at `gain`. The models are stand-ins that say what the test
  // needs (the decision's logic is under test): P(cut) 0.5 on frame 60 and nothing elsewhere
  // (under the cut threshold: the pixel model decides), the pixel model 0.8. The second look
  // (recheck.ts) and the aligned spike test (config.ts TEMPORAL_ALIGNED_SPIKE_RATIO) are off:
  // each would take the cut on its own.
  const stream = (gain: number) => Array.from({ length: 120 }, (_, i) => sceneView(i, i < 60 ? A : B, 20 + Math.round(i / 3), 20, gain));
  const cuts = (gain: number, config: ShotDetectorConfigInput) => {
    const { temporal, pixel } = standInModels((u) => (u === 60 ? 0.5 : 0), 0.8);
    return runTemporal(stream(gain), { temporalRecheckFloor: 1, temporalAlignedSpikeRatio: 0, ...config }, temporal, pixel)
      .filter((t) => t.type === 'cut')
      .map((t) => t.startFrame);
  };

  it('takes a lower P for a cut between dark pictures, and only there', () => {
    // Prepare: the premise, a dark and a lit version of the same cut.
    const luma = (gain: number) => Math.max(...[59, 60].map((i) => featureWindowOf(stream(gain)).at(i).meanLuma));
    expect(luma(0.15)).toBeLessThanOrEqual(30);
    expect(luma(0.6)).toBeGreaterThan(30);
    // Act + assess: dark, 0.8 clears 0.7; lit, it is under the lit level (0.9); turned off, no cut either.
    expect(cuts(0.15, {})).toEqual([60]);
    expect(cuts(0.6, {})).toEqual([]);
    expect(cuts(0.15, { temporalDarkPixelCut: 1 })).toEqual([]);
    expect(cuts(0.15, { temporalDarkPixelCut: 0.85 })).toEqual([]);
  });
});

describe('the pixel model about surer peaks (config.ts TEMPORAL_PIXEL_SURE_NO_CUT)', () => {
  // The scenes above, cut at 60, at gain 0.4 (no plain hard cut). Stand-ins: P(cut) 0.992 on frame
  // 60 (over the band's ceiling of 0.99) and nothing elsewhere; the pixel model answers `answer`.
  // The second look and the aligned spike test are off, as above: each would take the cut on its own.
  const stream = Array.from({ length: 120 }, (_, i) => sceneView(i, i < 60 ? A : B, 20 + Math.round(i / 3), 20, 0.4));
  const decide = (answer: number, config: ShotDetectorConfigInput) => {
    const { temporal, pixel, asked } = standInModels((u) => (u === 60 ? 0.992 : 0), answer);
    const cuts = runTemporal(
      stream,
      { temporalRecheckFloor: 1, temporalAlignedSpikeRatio: 0, temporalPixelCeil: 0.99, temporalPixelSureCeil: 0.995, ...config },
      temporal,
      pixel,
    )
      .filter((t) => t.type === 'cut')
      .map((t) => t.startFrame);
    return { cuts, asked: asked() };
  };

  it('drops such a peak only when the pixel model is near certain it is none', () => {
    // Act + assess: near-certain "no" (0.005 < 0.02) drops it; 0.05 or 0.3 leave the temporal decision.
    expect(decide(0.005, { temporalPixelSureNoCut: 0.02 }).cuts).toEqual([]);
    expect(decide(0.05, { temporalPixelSureNoCut: 0.02 }).cuts).toEqual([60]);
    expect(decide(0.3, { temporalPixelSureNoCut: 0.02 }).cuts).toEqual([60]);
  });

  it('is not asked when off (level 0) nor above temporalPixelSureCeil', () => {
    // Act
    const off = decide(0.005, { temporalPixelSureNoCut: 0 });
    const above = decide(0.005, { temporalPixelSureNoCut: 0.02, temporalPixelSureCeil: 0.991 });
    // Assess
    expect(off).toEqual({ cuts: [60], asked: 0 });
    expect(above).toEqual({ cuts: [60], asked: 0 });
    expect(decide(0.005, { temporalPixelSureNoCut: 0.02 }).asked).toBeGreaterThan(0);
  });
});
