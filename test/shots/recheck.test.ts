import { describe, expect, it } from 'vitest';
import {
  compensatedResidual,
  globalShiftResidual,
  lumaThumb,
  RECHECK_REACH,
  THUMB_HEIGHT,
  THUMB_PIXELS,
  THUMB_WIDTH,
  ThumbRing,
} from '../../stages/shots/recheck';
import type { Frame } from '../../stages/video/frame';
import { blobScene as scene, sceneView } from './helpers';

const thumbOf = (f: Frame) => {
  const t = new Uint8Array(THUMB_PIXELS);
  lumaThumb(f, t);
  return t;
};

describe('compensatedResidual', () => {
  const a = scene(1);
  const b = scene(2);

  it('explains a shift of up to 3 px and not a change of picture', () => {
    const here = thumbOf(sceneView(0, a, 40, 30));
    expect(compensatedResidual(here, here)).toBe(0);
    // Shifted by 2 and 3 px: only the clamped edge is left.
    expect(compensatedResidual(here, thumbOf(sceneView(1, a, 42, 27)))).toBeLessThan(3);
    // The same place of another scene: nothing explains it.
    expect(compensatedResidual(here, thumbOf(sceneView(1, b, 40, 30)))).toBeGreaterThan(15);
    // A plain difference would see the shift as change too.
    const shifted = thumbOf(sceneView(1, a, 42, 27));
    let plain = 0;
    for (let i = 0; i < THUMB_PIXELS; i++) plain += Math.abs(here[i]! - shifted[i]!);
    expect(plain / THUMB_PIXELS).toBeGreaterThan(3 * compensatedResidual(here, shifted));
  });

  it('samples other frame sizes and gray frames to the thumbnail', () => {
    const gray: Frame = {
      index: 0,
      sec: 0,
      width: 128,
      height: 72,
      format: 'gray',
      data: new Uint8Array(128 * 72).map((_, i) => (i % 128 < 64 ? 10 : 200)),
    };
    const t = thumbOf(gray);
    expect(t[0]).toBe(10);
    expect(t[THUMB_WIDTH - 1]).toBe(200);
    expect(t[THUMB_PIXELS - 1]).toBe(200);
  });
});

describe('ThumbRing.rgb (the pixel model’s frames)', () => {
  it('gives an rgb24 frame’s bytes as pushed, and a gray or larger frame as grey rgb', () => {
    // Prepare: an rgb24 64×36 frame, a gray one, a 128×72 rgb24 one (kept as its luma only).
    const rgb = sceneView(0, scene(1), 10, 10);
    const gray: Frame = { index: 1, sec: 0.04, width: 64, height: 36, format: 'gray', data: new Uint8Array(THUMB_PIXELS).fill(77) };
    const big: Frame = { index: 2, sec: 0.08, width: 128, height: 72, format: 'rgb24', data: new Uint8Array(128 * 72 * 3).fill(150) };
    const ring = new ThumbRing(4);
    const scratch = new Uint8Array(THUMB_PIXELS * 3);
    // Act + Assess
    ring.push(rgb);
    expect(Array.from(ring.rgb(0, scratch))).toEqual(Array.from(rgb.data));
    ring.push(big);
    const fromBig = ring.rgb(2, scratch);
    expect(fromBig.length).toBe(THUMB_PIXELS * 3);
    expect(new Set(fromBig)).toEqual(new Set([150]));
    const ring2 = new ThumbRing(4);
    ring2.push(gray);
    expect(new Set(ring2.rgb(1, scratch))).toEqual(new Set([77]));
    // A frame that left the ring is refused.
    for (let i = 3; i < 8; i++) ring.push({ ...rgb, index: i });
    expect(() => ring.rgb(0, scratch)).toThrow(/left the thumbnail ring/);
  });
});

describe('ThumbRing.standsOut', () => {
  // A pan of 2 px a frame over scene 1, a jump cut at frame 20 to a later moment of the pan
  // (the view 30 px on, the scene's blobs moved), darkened: the jump stands out, the pan does not.
  const a = scene(1);
  const moved = scene(7);
  const frames: Frame[] = [];
  for (let i = 0; i < 40; i++) frames.push(i < 20 ? sceneView(i, a, 10 + 2 * i, 30, 0.4) : sceneView(i, moved, 40 + 2 * (i - 20), 30, 0.4));
  const ring = new ThumbRing(64);
  for (const f of frames) ring.push(f);

  it('finds the jump and no step of the pan', () => {
    expect(ring.standsOut(20, 0, 39, 2, 1)).toBe(true);
    for (let c = 1; c < 40; c++) if (c !== 20) expect(ring.standsOut(c, 0, 39, 2, 1), `frame ${c}`).toBe(false);
  });

  it('needs the step at least minResidual and ratio times the steps within reach', () => {
    const here = ring.step(20);
    expect(ring.standsOut(20, 0, 39, 2, here + 0.01)).toBe(false);
    let around = 0;
    for (let k = 1; k <= RECHECK_REACH; k++) around = Math.max(around, ring.step(20 - k), ring.step(20 + k));
    expect(ring.standsOut(20, 0, 39, (here / around) * 0.99, 0)).toBe(true);
    expect(ring.standsOut(20, 0, 39, (here / around) * 1.01, 0)).toBe(false);
  });

  it('gives the same steps for frames of another size, as their thumbnails', () => {
    const big = new ThumbRing(8);
    const thumbs: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      const data = new Uint8Array(128 * 72).map((_, k) => ((k % 128) * (i + 3) + ((k / 128) | 0) * 7) & 255);
      const f: Frame = { index: i, sec: i / 25, width: 128, height: 72, format: 'gray', data };
      big.push(f);
      thumbs.push(thumbOf(f));
    }
    expect(big.step(2)).toBe(compensatedResidual(thumbs[1]!, thumbs[2]!));
    expect(big.step(2)).toBeGreaterThan(0);
  });

  it('stops a residual early only above its limit', () => {
    const x = thumbOf(frames[19]!);
    const y = thumbOf(frames[20]!);
    const full = compensatedResidual(x, y);
    expect(compensatedResidual(x, y, full)).toBe(full);
    const stopped = compensatedResidual(x, y, full / 4);
    expect(stopped).toBeGreaterThan(full / 4);
    expect(stopped).toBeLessThan(full);
  });

  it('reads only frames of the stream and refuses frames that left the ring', () => {
    expect(ring.standsOut(0, 0, 39, 2, 0)).toBe(false);
    const small = new ThumbRing(8);
    for (const f of frames) small.push(f);
    expect(() => small.step(20)).toThrow(/frame 19 left the thumbnail ring/);
    expect(small.step(39)).toBeGreaterThanOrEqual(0);
  });
});

describe('ThumbRing.pixelPanRatio', () => {
  const a = scene(1);
  const b = scene(2);
  // A slow pan (1 px a frame, under a 4-px cell), and a wipe from scene 1 to scene 2 over the
  // same frames, the left edge moving right 6 px a frame.
  const pan = new ThumbRing(32);
  const wipe = new ThumbRing(32);
  for (let i = 0; i < 12; i++) {
    pan.push(sceneView(i, a, 20 + i, 30));
    const from = sceneView(i, a, 20, 30);
    const to = sceneView(i, b, 20, 30);
    const data = from.data.slice();
    for (let y = 0; y < THUMB_HEIGHT; y++)
      data.set(to.data.subarray(3 * y * THUMB_WIDTH, 3 * (y * THUMB_WIDTH + Math.min(THUMB_WIDTH, 6 * i))), 3 * y * THUMB_WIDTH);
    wipe.push({ ...from, data });
  }

  it('is low for a pan and near 1 for a wipe', () => {
    expect(pan.pixelPanRatio(0, 11)).toBeLessThan(0.2);
    expect(wipe.pixelPanRatio(0, 11)).toBeGreaterThan(0.8);
  });

  it('is 1 when nothing changes, and its shift search includes no shift', () => {
    const still = new ThumbRing(8);
    for (let i = 0; i < 3; i++) still.push(sceneView(i, a, 20, 30));
    expect(still.pixelPanRatio(0, 2)).toBe(1);
    const t = thumbOf(sceneView(0, a, 20, 30));
    const u = thumbOf(sceneView(1, a, 22, 29));
    const r = globalShiftResidual(t, u);
    expect(r.best).toBe(0);
    expect(r.still).toBeGreaterThan(5);
  });
});
