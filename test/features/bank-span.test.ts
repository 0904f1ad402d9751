import { describe, expect, it } from 'vitest';
import { buildFeatureBank, type TrackInput } from '../../stages/features/build';
import { nearestWithin } from '../../stages/features/resample';
import { mulberry32 } from '../helpers/random';

describe('feature bank rows of a long video', () => {
  it('are the (second, track) pairs a full scan of the grid finds, for tracks spread over two hours', () => {
    const rnd = mulberry32(7);
    const duration = 7200;
    const tracks: TrackInput[] = Array.from({ length: 300 }, (_, i) => {
      const start = rnd() * (duration - 20);
      const n = 1 + Math.floor(rnd() * 40);
      return {
        trackId: i + 1,
        classId: 0,
        detections: Array.from({ length: n }, (_, k) => ({
          // Irregular steps (0.1–2.6 s): some seconds have a detection within 0.5 s, some do not.
          timeSec: Math.min(duration - 0.01, start + k * (0.1 + rnd() * 2.5)),
          box: [0.1, 0.1, 0.3, 0.6] as [number, number, number, number],
          score: 0.9,
        })),
      };
    });
    const bank = buildFeatureBank({
      videoId: 'long',
      durationSec: duration,
      tracks,
      shots: [{ index: 0, startSec: 0, endSec: duration }],
      encoders: [],
    });
    // Reference: every track against every second of the grid, as before the span limit.
    const want: string[] = [];
    for (const t of tracks) {
      const times = Float64Array.from(
        [...t.detections].sort((a, b) => a.timeSec - b.timeSec),
        (d) => d.timeSec,
      );
      for (let s = 0; s < bank.index.grid.count; s++) if (nearestWithin(times, s, 0.5) >= 0) want.push(`${s}:${t.trackId}`);
    }
    const got = Array.from(bank.second, (s, i) => `${s}:${bank.trackId[i]}`);
    expect(got.length).toBeGreaterThan(1000);
    expect(new Set(got)).toEqual(new Set(want));
    expect(got.length).toBe(want.length);
  });
});
