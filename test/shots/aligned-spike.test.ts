import { describe, expect, it } from 'vitest';
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { alignedResidual, alignScratch, lumaThumb, THUMB_PIXELS } from '../../stages/shots/recheck';
import type { Frame } from '../../stages/video/frame';
import { blobScene, runTemporal, sceneView, standInModels, summarize } from './helpers';

/**
 * The aligned spike test (config.ts TEMPORAL_ALIGNED_SPIKE_RATIO): a jump in time inside one take
 * of a static view that the camera shakes. The models are stand-ins (the decision's logic is
 * under test): the temporal model gives P(cut) 0.1 on the jump and 0.02 elsewhere, as it did on
 * such jumps, and the pixel model 0 wherever it is asked (it was as blind to them).
 */
function run(frames: readonly Frame[], config: ShotDetectorConfigInput = {}, jumpP = 0.1): string[] {
  const models = standInModels((u) => (u === 50 ? jumpP : 0.02), 0);
  return summarize(runTemporal(frames, config, models.temporal, models.pixel));
}

/** A view of `scene` with black pillarbox bars of 8 columns each side that stay put while the view moves. */
function pillarboxed(frame: Frame): Frame {
  const data = Uint8Array.from(frame.data);
  for (let y = 0; y < 36; y++) {
    data.fill(0, 3 * (y * 64), 3 * (y * 64 + 8));
    data.fill(0, 3 * (y * 64 + 56), 3 * (y * 64 + 64));
  }
  return { ...frame, data };
}

const room = blobScene(7, 160, 100);
/** The same room 2 s later: one "person" (a 10×14 patch) has walked from one place to another. */
const later = Float64Array.from(room);
for (let y = 0; y < 14; y++) {
  for (let x = 0; x < 10; x++) {
    later[(40 + y) * 160 + 50 + x] = 70 + 30 * Math.sin((50 + x) / 5 + 7) * Math.cos((40 + y) / 7);
    later[(42 + y) * 160 + 78 + x] = 235;
  }
}
/** A shake of up to 4 thumbnail pixels each way (40 a frame at 640 wide), deterministic. */
const shake = (i: number) =>
  [Math.round(20 + 4 * Math.sin(1.3 * i) * Math.cos(0.7 * i)), Math.round(20 + 3 * Math.sin(2.1 * i + 1))] as const;
const shaken = (jump: boolean) =>
  Array.from({ length: 100 }, (_, i) => pillarboxed(sceneView(i, jump && i >= 50 ? later : room, ...shake(i))));

function luma(frame: Frame): Uint8Array {
  const out = new Uint8Array(THUMB_PIXELS);
  lumaThumb(frame, out);
  return out;
}

describe('alignedResidual: what no global shift of the picture explains', () => {
  it('is near 0 for a shaken pillarboxed view, large for a jump inside it', () => {
    const frames = shaken(true);
    const scratch = alignScratch();
    const step = (t: number) => alignedResidual(luma(frames[t - 1]!), luma(frames[t]!), scratch);
    for (const t of [45, 46, 47, 48, 49, 51, 52, 53]) expect(step(t)).toBeLessThan(1);
    expect(step(50)).toBeGreaterThan(6);
    // The same steps without aligning move by up to 8 pixels: far from 0.
    const plain = (t: number) => {
      const a = luma(frames[t - 1]!);
      const b = luma(frames[t]!);
      let sum = 0;
      for (let p = 0; p < THUMB_PIXELS; p++) sum += Math.abs(a[p]! - b[p]!);
      return sum / THUMB_PIXELS;
    };
    expect(Math.max(plain(47), plain(48), plain(49))).toBeGreaterThan(10);
  });

  it('is 0 for identical frames and for a picture too small to tell', () => {
    const a = luma(sceneView(0, room, 10, 10));
    expect(alignedResidual(a, a, alignScratch())).toBe(0);
    const black = new Uint8Array(THUMB_PIXELS);
    expect(alignedResidual(black, black, alignScratch())).toBe(0);
  });
});

describe('temporal detector: a step that stands out once the picture is aligned is a cut', () => {
  it('finds the jump inside a shaken take that both models missed; off, or under the floor, none', () => {
    expect(run(shaken(true))).toEqual(['cut@50']);
    expect(run(shaken(true), { temporalAlignedSpikeRatio: 0 })).toEqual([]);
    expect(run(shaken(true), {}, 0.02)).toEqual([]);
  });

  it('finds nothing in the shaken take without the jump, nor in a held picture whose beats are shifts', () => {
    expect(run(shaken(false))).toEqual([]);
    const held = Array.from({ length: 100 }, (_, i) => sceneView(i, room, 20 + 3 * Math.floor(i / 10), 20));
    expect(run(held)).toEqual([]);
  });
});
