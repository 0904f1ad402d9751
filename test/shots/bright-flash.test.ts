import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../core/validate';
import { ShotDetectorConfigSchema } from '../../stages/shots';
import { isBrightFlash } from '../../stages/shots/candidates';
import { resolveParams } from '../../stages/shots/config';
import type { Frame } from '../../stages/video/frame';
import { featureWindowOf, texturedFrame } from './helpers';

const params = resolveParams(parseOrThrow(ShotDetectorConfigSchema, { cutDecision: 'rules' }, 'config'), 25);
const flashTone = (v: number) => v * 2.4 + 40;

/** Frames 0–19 of one slowly moving view, with frames 10 … 10 + length − 1 replaced by `at(i)`. */
function stream(length: number, at: (i: number) => Frame): Frame[] {
  return Array.from({ length: 20 }, (_, i) => (i >= 10 && i < 10 + length ? at(i) : texturedFrame(i, 1, i)));
}

describe('isBrightFlash (config.ts TEMPORAL_BRIGHT_FLASH)', () => {
  it('is true for one to three brightened frames after which the picture comes back', () => {
    for (const length of [1, 2, 3]) {
      const win = featureWindowOf(stream(length, (i) => texturedFrame(i, 1, i, flashTone)));
      expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(true);
      // A rise asked for that is larger than the flash's: no.
      expect(isBrightFlash(win, 10, win.step(10), 200, params)).toBe(false);
      // Turned off.
      expect(isBrightFlash(win, 10, win.step(10), 0, params)).toBe(false);
    }
  });

  it('is false for a cut to a brighter shot that does not come back', () => {
    const frames = Array.from({ length: 20 }, (_, i) => (i < 10 ? texturedFrame(i, 1, i) : texturedFrame(i, 3, i, flashTone)));
    const win = featureWindowOf(frames);
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });

  it('is false for a picture that changes and comes back without brightening', () => {
    const win = featureWindowOf(stream(2, (i) => texturedFrame(i, 3, i)));
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });

  it('is false when the picture comes back later than flashSec', () => {
    const win = featureWindowOf(stream(8, (i) => texturedFrame(i, 1, i, flashTone)));
    expect(isBrightFlash(win, 10, win.step(10), 20, params)).toBe(false);
  });
});
