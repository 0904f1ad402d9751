import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../core/validate';
import { ShotDetectorConfigSchema } from '../../stages/shots';
import { isBrightFlash } from '../../stages/shots/candidates';
import { resolveParams } from '../../stages/shots/config';
import { buildCellMap, extractFeatures } from '../../stages/shots/features';
import { FeatureWindow } from '../../stages/shots/window';
import type { Frame } from '../../stages/video/frame';

/** A 64×36 rgb24 frame: a textured pattern seen from `ox`, then `tone` applied to each value. */
function frame(index: number, seed: number, ox: number, tone: (v: number) => number = (v) => v): Frame {
  const data = new Uint8Array(64 * 36 * 3);
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      const v = 90 + 50 * Math.sin((x + ox) / (3 + seed)) * Math.cos(y / (4 + seed)) + ((((x + ox) >> 3) + (y >> 3)) % 2) * 20;
      data.fill(Math.max(0, Math.min(255, Math.round(tone(v)))), 3 * (y * 64 + x), 3 * (y * 64 + x) + 3);
    }
  }
  return { index, sec: index / 25, width: 64, height: 36, format: 'rgb24', data };
}

/** A feature window holding every frame of `frames`. */
function windowOf(frames: Frame[]): FeatureWindow {
  const win = new FeatureWindow(frames.length + 1, 0, false);
  const map = buildCellMap(64, 36);
  for (const f of frames) win.push(extractFeatures(f, map));
  return win;
}

const params = resolveParams(parseOrThrow(ShotDetectorConfigSchema, { cutDecision: 'rules' }, 'config'), 25);
const flashTone = (v: number) => v * 2.4 + 40;

/** Frames 0–19 of one slowly moving view, with frames 10 … 10 + length − 1 replaced by `at(i)`. */
function stream(length: number, at: (i: number) => Frame): Frame[] {
  return Array.from({ length: 20 }, (_, i) => (i >= 10 && i < 10 + length ? at(i) : frame(i, 1, i)));
}

describe('isBrightFlash (config.ts TEMPORAL_BRIGHT_FLASH)', () => {
  it('is true for one to three brightened frames after which the picture comes back', () => {
    for (const length of [1, 2, 3]) {
      const win = windowOf(stream(length, (i) => frame(i, 1, i, flashTone)));
      expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(true);
      // A rise asked for that is larger than the flash's: no.
      expect(isBrightFlash(win, 10, win.step(10), 200, params)).toBe(false);
      // Turned off.
      expect(isBrightFlash(win, 10, win.step(10), 0, params)).toBe(false);
    }
  });

  it('is false for a cut to a brighter shot that does not come back', () => {
    const frames = Array.from({ length: 20 }, (_, i) => (i < 10 ? frame(i, 1, i) : frame(i, 3, i, flashTone)));
    const win = windowOf(frames);
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });

  it('is false for a picture that changes and comes back without brightening', () => {
    const win = windowOf(stream(2, (i) => frame(i, 3, i)));
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });

  it('is false when the picture comes back later than flashSec', () => {
    const win = windowOf(stream(8, (i) => frame(i, 1, i, flashTone)));
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });
});
