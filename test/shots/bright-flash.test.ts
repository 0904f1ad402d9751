import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../core/validate';
import { ShotDetectorConfigSchema } from '../../stages/shots';
import { isBrightFlash, isBrightFlashEnd } from '../../stages/shots/candidates';
import { resolveParams } from '../../stages/shots/config';
import type { Frame } from '../../stages/video/frame';
import { featureWindowOf, runTemporal, standInModels, summarize, texturedFrame } from './helpers';

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

describe('isBrightFlashEnd (config.ts TEMPORAL_BRIGHT_FLASH_ENDS)', () => {
  it('is true at the step out of one to three brightened frames back to the picture before them', () => {
    for (const length of [1, 2, 3]) {
      const win = featureWindowOf(stream(length, (i) => texturedFrame(i, 1, i, flashTone)));
      const end = 10 + length;
      expect(isBrightFlashEnd(win, end, win.step(end), 20, params)).toBe(true);
      // Not at the flash's first step (isBrightFlash's), nor with a larger rise, nor turned off.
      expect(isBrightFlashEnd(win, 10, win.step(10), 20, params)).toBe(false);
      expect(isBrightFlashEnd(win, end, win.step(end), 200, params)).toBe(false);
      expect(isBrightFlashEnd(win, end, win.step(end), 0, params)).toBe(false);
    }
  });

  it('is false for a cut out of a brighter shot, and for a picture that comes back without brightening', () => {
    const frames = Array.from({ length: 20 }, (_, i) => (i < 10 ? texturedFrame(i, 3, i, flashTone) : texturedFrame(i, 1, i)));
    const cut = featureWindowOf(frames);
    expect(isBrightFlashEnd(cut, 10, cut.step(10), 20, params)).toBe(false);
    const away = featureWindowOf(stream(2, (i) => texturedFrame(i, 3, i)));
    expect(isBrightFlashEnd(away, 12, away.step(12), 20, params)).toBe(false);
  });
});

describe('temporal detector: a bright flash is no cut at either end, whatever the models say', () => {
  // A moving view with frames 40–42 brightened. The models are stand-ins that say what the test
  // needs (the decision's logic is under test, not the models): P(cut) `atSteps` on the flash's
  // two steps (40 and 43) and nothing elsewhere; the pixel model says cut (0.99).
  const frames = Array.from({ length: 90 }, (_, i) => texturedFrame(i, 1, i, i >= 40 && i < 43 ? flashTone : (v) => v));
  const run = (atSteps: number, config: Record<string, unknown>) => {
    const { temporal, pixel } = standInModels((u) => (u === 40 || u === 43 ? atSteps : 0), 0.99);
    return summarize(runTemporal(frames, config, temporal, pixel));
  };

  it('refuses both steps when the pixel model takes them', () => {
    // P 0.5: under the cut threshold, shown to the pixel model, which says cut.
    expect(run(0.5, { temporalBrightFlashEnds: false })).toEqual(['cut@40', 'cut@43']);
    expect(run(0.5, {})).toEqual([]);
  });

  it('refuses the last step when the temporal model is sure of it', () => {
    // P 0.995: above the pixel model's ceiling and TEMPORAL_SURE_CUT. The first step was
    // refused before too (isBrightFlash); the last one was a cut.
    expect(run(0.995, { temporalBrightFlashEnds: false })).toEqual(['cut@43']);
    expect(run(0.995, {})).toEqual([]);
  });
});
