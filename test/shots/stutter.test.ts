import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../../core/validate';
import { createShotDetector, ShotDetectorConfigSchema } from '../../stages/shots';
import { isStutterStep } from '../../stages/shots/candidates';
import { featureWindowOf, runTemporal, standInModels, summarize, texturedFrame } from './helpers';

/** A view panning in beats: held for `beat` frames, then on by the `shift` pixels it skipped (a low-frame-rate clip). */
const beats = (t: number, beat: number, shift: number) => shift * Math.floor(t / beat);

/** 25 fps, the detector's default reach (0.7 s = 18 frames). */
const FPS = 25;
const REACH = 18;

describe('isStutterStep (config.ts TEMPORAL_STUTTER_SEC)', () => {
  const stutter = Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 6)));

  it('is true for a beat of a picture that holds and steps on at a regular interval', () => {
    const win = featureWindowOf(stutter);
    expect(win.step(33)).toBeGreaterThan(2);
    expect(isStutterStep(win, 33, REACH, FPS)).toBe(true);
    expect(isStutterStep(win, 44, REACH, FPS)).toBe(true);
    // Off, or looking less far than one beat: no.
    expect(isStutterStep(win, 33, 0, FPS)).toBe(false);
    expect(isStutterStep(win, 33, 8, FPS)).toBe(false);
    // A frame inside a hold is no step at all.
    expect(isStutterStep(win, 30, REACH, FPS)).toBe(false);
  });

  it('scales its floors to the picture: a darkened stutter is one too', () => {
    const dark = featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 6), (v) => v * 0.05)));
    expect(dark.step(33)).toBeLessThan(2);
    expect(isStutterStep(dark, 33, REACH, FPS)).toBe(true);
  });

  it('needs the beats either side to keep the colours too', () => {
    // Beats at 22 and 33; at 44 a cut to the same view in other colours.
    const tone = (v: number) => v * 0.5 + 120;
    const frames = Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 6), i < 44 ? undefined : tone));
    const win = featureWindowOf(frames);
    expect(win.hist(43, 44)).toBeGreaterThan(0.15);
    expect(isStutterStep(win, 33, REACH, FPS)).toBe(false);
    expect(isStutterStep(win, 22, REACH, FPS)).toBe(true);
  });

  it('is false for a cut between two still shots, or a jump inside one still view', () => {
    const cut = featureWindowOf(Array.from({ length: 80 }, (_, i) => (i < 40 ? texturedFrame(i, 1, 0) : texturedFrame(i, 2, 0))));
    expect(isStutterStep(cut, 40, REACH, FPS)).toBe(false);
    const jump = featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, i < 40 ? 0 : 9)));
    expect(isStutterStep(jump, 40, REACH, FPS)).toBe(false);
  });

  it('takes a beat either side over half the floor the step tested needs (candidates.ts STUTTER_BEAT_FLOOR)', () => {
    // Beats at 22 (a share of the picture brightens by one level), 33 and 44 (all of it by `big`).
    const win = (share: number, big: number) =>
      featureWindowOf(
        Array.from({ length: 80 }, (_, i) =>
          texturedFrame(i, 1, 0, (v) => v + (i >= 22 && v > share ? 1 : 0) + (i >= 33 ? big : 0) + (i >= 44 ? big : 0)),
        ),
      );
    // The floor at this contrast: STUTTER_MIN_STEP × lumaStd / STUTTER_CONTRAST.
    const floor = (w: ReturnType<typeof win>) => 2 * Math.min(1, w.at(33).lumaStd / 80);
    const small = win(100, 2);
    // The beat before is under the floor, over half of it, and within 4× of the step: a stutter.
    expect(small.step(22)).toBeLessThan(floor(small));
    expect(small.step(22)).toBeGreaterThan(floor(small) / 2);
    expect(isStutterStep(small, 33, REACH, FPS)).toBe(true);
    // Under half the floor (still within 4× of the step): no beat, no stutter.
    const tiny = win(120, 1);
    expect(tiny.step(22)).toBeLessThan(floor(tiny) / 2);
    expect(tiny.step(22) * 4).toBeGreaterThanOrEqual(tiny.step(33));
    expect(isStutterStep(tiny, 33, REACH, FPS)).toBe(false);
  });

  it('is false when the beat is on one side only', () => {
    const frames = Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, i < 33 ? beats(i, 11, 6) : beats(33, 11, 6)));
    expect(isStutterStep(featureWindowOf(frames), 33, REACH, FPS)).toBe(false);
    // The same stream with the beat going on after frame 33 is a stutter (the test above).
  });

  it('is false when the steps either side come at irregular intervals', () => {
    // Steps at 22, 33 and 50: 11 frames before, 17 after (more than 0.2 s apart).
    const at = (i: number) => (i < 22 ? 0 : i < 33 ? 6 : i < 50 ? 12 : 18);
    const win = featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, at(i))));
    expect(isStutterStep(win, 33, REACH, FPS)).toBe(false);
    // At 22 / 33 / 44 it is one.
    const regular = (i: number) => (i < 22 ? 0 : i < 33 ? 6 : i < 44 ? 12 : 18);
    expect(isStutterStep(featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, regular(i)))), 33, REACH, FPS)).toBe(
      true,
    );
  });

  it('is false for a cut to a stuttering shot of other colours, or a step far larger than the beat', () => {
    const tone = (v: number) => v * 0.5 + 120;
    const colours = featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 6), i < 33 ? undefined : tone)));
    expect(colours.hist(32, 33)).toBeGreaterThan(0.15);
    expect(isStutterStep(colours, 33, REACH, FPS)).toBe(false);
    // Beats of 1 pixel either side, a jump of 30 pixels at 33.
    const big = featureWindowOf(Array.from({ length: 80 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 1) + (i < 33 ? 0 : 30))));
    expect(big.step(33)).toBeGreaterThan(4 * big.step(22));
    expect(isStutterStep(big, 33, REACH, FPS)).toBe(false);
  });
});

describe('the temporal detector on a stuttering picture', () => {
  /** 200 frames of a view held for 11 frames, then 12 pixels on: the model takes each beat for a cut. */
  const run = (temporalStutterSec: number) => {
    const detector = createShotDetector(
      parseOrThrow(ShotDetectorConfigSchema, { cutDecision: 'temporal', temporalStutterSec }, 'config'),
      FPS,
    );
    const out = [];
    for (let i = 0; i < 200; i++) out.push(...detector.push(texturedFrame(i, 1, beats(i, 11, 12))));
    out.push(...detector.flush());
    return out;
  };

  it('finds no cut on the beats that have a beat either side (only the first and the last are left)', () => {
    const off = run(0);
    expect(off.filter((t) => t.type === 'cut').length).toBeGreaterThanOrEqual(10);
    const on = run(0.7);
    expect(on.map((t) => `${t.type}@${t.startFrame}`)).toEqual(['cut@11', 'cut@198']);
  });
});

describe('the temporal detector: a beat the model is sure of (config.ts TEMPORAL_STUTTER_SURE_CUT, off by default)', () => {
  // The stuttering view above. The models are stand-ins that say what the test needs (the
  // decision's logic is under test): P(cut) 0.9 on every beat but the one onto frame 44, 0.995
  // there; the pixel model says cut (0.99). Every beat is a cut until the stutter test.
  const frames = Array.from({ length: 200 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 12)));
  const run = (config: Record<string, unknown>) => {
    const { temporal, pixel } = standInModels((u) => (u > 0 && u % 11 === 0 ? (u === 44 ? 0.995 : 0.9) : 0), 0.99);
    return summarize(runTemporal(frames, config, temporal, pixel));
  };

  it('is dropped with the others by default, and kept when the sure level is under its P(cut)', () => {
    expect(run({ temporalStutterSec: 0 }).length).toBeGreaterThanOrEqual(18);
    // Off (1, the default since the twenty-eighth pass), or above its P(cut): dropped too.
    expect(run({})).toEqual(['cut@11', 'cut@198']);
    expect(run({ temporalStutterSureCut: 0.999 })).toEqual(['cut@11', 'cut@198']);
    // At the twenty-first pass's level the sure beat is kept.
    expect(run({ temporalStutterSureCut: 0.95 })).toEqual(['cut@11', 'cut@44', 'cut@198']);
  });
});

describe('the temporal detector: a jump cut on a beat that outsteps the beats is a cut (config.ts TEMPORAL_STUTTER_STANDOUT)', () => {
  // A view held for 11 frames, then 1 pixel on; onto frame 44 it jumps 3 pixels instead (a jump
  // cut in 10-fps footage, falling on a beat), which steps 2.75× the beats: still "similar" to
  // them for the stutter test (candidates.ts STUTTER_SIMILAR, 4×). Stand-in models as above:
  // P(cut) 0.9 on every beat, the pixel model says cut.
  const view = (jump: number) => Array.from({ length: 200 }, (_, i) => texturedFrame(i, 1, beats(i, 11, 1) + (i >= 44 ? jump : 0)));
  const run = (jump: number, config: Record<string, unknown>) => {
    const { temporal, pixel } = standInModels((u) => (u > 0 && u % 11 === 0 ? 0.9 : 0), 0.99);
    return summarize(runTemporal(view(jump), config, temporal, pixel));
  };

  it('keeps the jump and drops the beats', () => {
    const win = featureWindowOf(view(2));
    expect(isStutterStep(win, 44, REACH, FPS)).toBe(true);
    expect(win.step(44) / win.step(33)).toBeGreaterThan(2.5);
    expect(run(2, {})).toEqual(['cut@11', 'cut@44', 'cut@198']);
    // Turned off, or asking more than it outsteps: dropped with the beats.
    expect(run(2, { temporalStutterStandout: 0 })).toEqual(['cut@11', 'cut@198']);
    expect(run(2, { temporalStutterStandout: 3 })).toEqual(['cut@11', 'cut@198']);
    // Without the jump every beat is alike: dropped.
    expect(run(0, {})).toEqual(['cut@11', 'cut@198']);
  });
});
