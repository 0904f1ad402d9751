import { describe, expect, it } from 'vitest';
import { runTemporal, standInModels, summarize, texturedFrame } from './helpers';

/**
 * A bright view (frames 0–59), a cut to black (60–62), then a dim second view: rising out of the
 * black over `rise` frames (a grey level or so a frame, as a fade into darkened Game of Life
 * does), or there at once when `rise` is 0 (a cut to black, then a cut to a dark shot).
 */
function intoDark(rise: number) {
  return Array.from({ length: 130 }, (_, i) => {
    if (i < 60) return texturedFrame(i, 1, i);
    if (i < 63) return texturedFrame(i, 2, 0, () => 0);
    const gain = rise > 0 ? Math.min(1, (i - 62) / rise) : 1;
    return texturedFrame(i, 2, 0, (v) => v * 0.1 * gain);
  });
}

describe('the temporal detector: a cut onto black out of which the picture rises is a fade (config.ts TEMPORAL_FADE_RAMPS)', () => {
  // Stand-in models (the decision's logic is under test): the temporal model says cut onto
  // frame 60 (P 0.99) and never gradual, as it does before a fade into a dark, sparse picture.
  const run = (rise: number, config: Record<string, unknown>) => {
    const { temporal, pixel } = standInModels((u) => (u === 60 ? 0.99 : 0), 0.99);
    return summarize(runTemporal(intoDark(rise), config, temporal, pixel));
  };

  it('is a fade from the cut to the end of the rise', () => {
    const [found, ...rest] = run(8, {});
    expect(rest).toEqual([]);
    const m = /^fade 60–(\d+)$/.exec(found ?? '');
    expect(m, String(found)).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(64);
    expect(Number(m![1])).toBeLessThanOrEqual(70);
    // Turned off, or asking for a longer rise than there is: a cut.
    expect(run(8, { temporalFadeRamps: 0 })).toEqual(['cut@60']);
    expect(run(8, { temporalFadeRamps: 12 })).toEqual(['cut@60']);
  });

  it('leaves a cut to black followed by a dark shot (no rise) a cut', () => {
    expect(run(0, {})).toEqual(['cut@60']);
  });
});
