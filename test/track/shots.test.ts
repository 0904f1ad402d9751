import { describe, expect, it } from 'vitest';
import { shotIndexOf, splitTracksAtShots } from '../../stages/track/shots';
import type { TrackObservation } from '../../stages/track/lifecycle';

const obs = (trackId: number, frameIndex: number): TrackObservation => ({
  trackId,
  frameIndex,
  detectionIndex: 0,
  classId: 0,
  score: 1,
  box: Float64Array.of(0, 0, 1, 1),
  filteredBox: Float64Array.of(0, 0, 1, 1),
});

describe('splitTracksAtShots', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [24, 1],
    [25, 2],
    [1000, 2],
  ])('frame %i lies in shot %i (starts 0, 10, 25)', (frame, shot) => {
    expect(shotIndexOf([0, 10, 25], frame)).toBe(shot);
  });

  it('splits a track that spans a cut and renumbers by first appearance', () => {
    // Prepare: track 5 spans the cut at frame 10; track 3 starts after it
    const input = [obs(5, 8), obs(5, 9), obs(5, 10), obs(5, 11), obs(3, 10)];
    // Act
    const out = splitTracksAtShots(input, [0, 10]);
    // Assess
    expect(out.map((o) => [o.frameIndex, o.trackId])).toEqual([
      [8, 1],
      [9, 1],
      [10, 2],
      [10, 3],
      [11, 3],
    ]);
  });

  it('leaves tracks inside one shot whole', () => {
    const out = splitTracksAtShots([obs(2, 1), obs(2, 2), obs(1, 5)], [0, 100]);
    expect(out.map((o) => o.trackId)).toEqual([1, 1, 2]);
  });
});
