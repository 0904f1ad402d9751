import { describe, expect, it } from 'vitest';
import { interpolateGaps } from '../../stages/track/interpolate';
import type { TrackObservation } from '../../stages/track/lifecycle';

const obs = (trackId: number, frameIndex: number, x: number, score = 0.9): TrackObservation => ({
  trackId,
  frameIndex,
  detectionIndex: 0,
  classId: 0,
  score,
  box: Float64Array.of(x, 0, x + 10, 20),
  filteredBox: Float64Array.of(x, 0, x + 10, 20),
});

describe('interpolateGaps', () => {
  it('fills a short gap linearly, marks the boxes as interpolated and keeps the lower score', () => {
    // Act
    const out = interpolateGaps([obs(1, 0, 0, 0.9), obs(1, 4, 40, 0.6)]);
    // Assess
    expect(out.map((o) => [o.frameIndex, o.box[0], o.detectionIndex, o.score])).toEqual([
      [0, 0, 0, 0.9],
      [1, 10, -1, 0.6],
      [2, 20, -1, 0.6],
      [3, 30, -1, 0.6],
      [4, 40, 0, 0.6],
    ]);
  });

  it('leaves gaps longer than maxGapFrames, and never mixes tracks', () => {
    const out = interpolateGaps([obs(1, 0, 0), obs(2, 1, 100), obs(1, 5, 50), obs(2, 2, 100)], { maxGapFrames: 3 });
    expect(out.map((o) => [o.frameIndex, o.trackId])).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [5, 1],
    ]);
  });
});
