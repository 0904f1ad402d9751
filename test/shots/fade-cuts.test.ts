import { describe, expect, it } from 'vitest';
import { createShotDetector, type ShotDetectorConfigInput } from '../../stages/shots';
import type { Frame } from '../../stages/video/frame';
import { sceneView, summarize } from './helpers';

/** A textured scene larger than the view (smooth waves and blocks), seeded. */
function scene(seed: number, width = 160, height = 100): Float64Array {
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = ((Math.floor(x / (9 + seed)) + Math.floor(y / (7 + seed))) % 3) * 50;
      out[y * width + x] = 40 + block + 35 * Math.sin(x / (4 + seed) + seed) * Math.cos(y / 6);
    }
  }
  return out;
}

/**
 * A moving shot (frames 0–39), then `fadeOut` frames fading it to black, `hold` black frames,
 * `fadeIn` frames fading in a second shot, and that shot moving (40 frames). With `holdGain`,
 * the hold is a third, moving shot at that gain instead of black.
 */
function throughBlack(fadeOut: number, hold: number, fadeIn: number, holdGain = 0): Frame[] {
  const a = scene(1);
  const b = scene(3);
  const c = scene(5);
  const frames: Frame[] = [];
  for (let i = 0; i < 40; i++) frames.push(sceneView(frames.length, a, 20 + Math.floor(i / 3), 20, 1));
  for (let i = 1; i <= fadeOut; i++) frames.push(sceneView(frames.length, a, 33, 20, 1 - i / (fadeOut + 1)));
  for (let i = 0; i < hold; i++) frames.push(sceneView(frames.length, holdGain > 0 ? c : undefined, 10 + i, 20, holdGain));
  for (let i = 1; i <= fadeIn; i++) frames.push(sceneView(frames.length, b, 30, 35, i / (fadeIn + 1)));
  for (let i = 0; i < 40; i++) frames.push(sceneView(frames.length, b, 30 + Math.floor(i / 3), 35, 1));
  return frames;
}

function run(frames: readonly Frame[], config: ShotDetectorConfigInput = {}): string[] {
  const d = createShotDetector({ cutDecision: 'temporal', ...config }, 25);
  const out = frames.flatMap((f) => d.push(f));
  return summarize([...out, ...d.flush()]);
}

// config.ts TEMPORAL_FADE_CUTS. Each case is checked with the join off too, so that the
// model's own output is a cut and a fade there (the case this join is for).
describe('temporal detector: a cut through a black hold next to a fade is that fade', () => {
  it('joins a cut onto black (a shot that drops to black at once) to the fade in after the hold', () => {
    // A 12-frame hold: model version 5 alone takes the cut, an 8-frame hold and the fade in for
    // one fade (version 3 gave a cut and a fade there too).
    const frames = throughBlack(0, 12, 8);
    expect(run(frames, { temporalFadeCuts: false, temporalFadeRamps: 0 })).toEqual(['cut@40', 'fade 52–59']);
    expect(run(frames)).toEqual(['fade 40–59']);
    // The rise out of the hold alone joins them too (config.ts TEMPORAL_FADE_RAMPS: the kept fade
    // over the rise starts at the cut).
    expect(run(frames, { temporalFadeCuts: false })).toEqual(['fade 40–59']);
  });

  it('joins a cut out of black (a shot that starts at once) to the fade out before the hold', () => {
    // A 4-frame hold: model version 6 alone takes a 3-frame hold and the cut out of it for the
    // fade's end (version 5 gave a fade and a cut there).
    const frames = throughBlack(8, 4, 0);
    expect(run(frames, { temporalFadeCuts: false })).toEqual(['fade 40–47', 'cut@52']);
    expect(run(frames)).toEqual(['fade 40–51']);
  });

  it('leaves a cut alone into a nearly black shot that still shows a picture', () => {
    // Gain 0.06: mean luma about 5, spread about 3 (darkened Game of Life: 1.3 and 2.6). Blank,
    // and far darker than the shot before, but not flat: a shot, not a hold.
    const frames = throughBlack(0, 8, 8, 0.06);
    expect(run(frames, { temporalFadeCuts: false })).toEqual(['cut@40', 'fade 49–55']);
    expect(run(frames)).toEqual(['cut@40', 'fade 49–55']);
    // The same at gain 0.02 (spread under 1) is a hold: one fade (model version 6 starts it a
    // frame early, on the last frame before the cut; version 5 on the cut).
    expect(run(throughBlack(0, 8, 8, 0.02))).toEqual(['fade 39–55']);
  });

  it('leaves a cut alone when a black hold longer than maxBlackSec separates it from the fade', () => {
    const frames = throughBlack(0, 16, 8);
    expect(run(frames)).toEqual(['cut@40', 'fade 56–63']);
    expect(run(frames, { maxBlackSec: 0.8 })).toEqual(['fade 40–63']);
  });
});

// config.ts TEMPORAL_FADE_DIPS.
describe('temporal detector: a fade out and in between two takes of one scene is one fade', () => {
  /** One moving scene, faded out over `fadeOut` frames, `hold` black frames, faded in again over `fadeIn` at about the same view. */
  function dip(fadeOut: number, hold: number, fadeIn: number): Frame[] {
    const a = scene(1);
    const frames: Frame[] = [];
    for (let i = 0; i < 40; i++) frames.push(sceneView(frames.length, a, 20 + Math.floor(i / 3), 20, 1));
    for (let i = 1; i <= fadeOut; i++) frames.push(sceneView(frames.length, a, 33, 20, 1 - i / (fadeOut + 1)));
    for (let i = 0; i < hold; i++) frames.push(sceneView(frames.length, undefined, 0, 0, 0));
    for (let i = 1; i <= fadeIn; i++) frames.push(sceneView(frames.length, a, 34, 20, i / (fadeIn + 1)));
    for (let i = 0; i < 40; i++) frames.push(sceneView(frames.length, a, 34 + Math.floor(i / 3), 20, 1));
    return frames;
  }

  it('keeps the run whole although its two ends barely differ', () => {
    // The whole run fails the change floors (the same view either side); before, its halves
    // came out as two fades.
    expect(run(dip(6, 4, 6), { temporalFadeDips: false })).toEqual(['fade 40–45', 'fade 46–55']);
    expect(run(dip(6, 4, 6))).toEqual(['fade 40–55']);
  });

  it('leaves two fades apart when the black between them is longer than one run', () => {
    expect(run(dip(8, 16, 8))).toEqual(['fade 40–47', 'fade 64–71']);
  });
});
