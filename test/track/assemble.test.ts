import { describe, expect, it } from 'vitest';
import { assembleTracks } from '../../stages/track/assemble';
import { TrackSchema, DetectionSchema, TracksFileSchema } from '../../core/contracts/tracks';
import type { TrackObservation } from '../../stages/track/lifecycle';

const obs = (trackId: number, frameIndex: number, detectionIndex = 0): TrackObservation => ({
  trackId,
  frameIndex,
  detectionIndex,
  classId: 0,
  score: 0.8,
  box: Float64Array.of(1, 2, 11, 22),
  filteredBox: Float64Array.of(1.5, 2, 11.5, 22),
});

describe('assembleTracks', () => {
  it('groups by id, orders points, attaches seconds, shots and keypoints, and passes the contract', () => {
    // Prepare
    const kp: [number, number, number][] = [[5, 5, 0.9]];
    // Act
    const tracks = assembleTracks([obs(2, 3), obs(1, 5), obs(1, 4, -1), obs(1, 3)], {
      secondsOf: (f) => f / 10,
      shotOf: (f) => (f < 5 ? 0 : 1),
      classNameOf: () => 'person',
      keypointsOf: () => kp,
    });
    // Assess
    expect(tracks.map((t) => [t.id, t.shotIds, t.points.map((p) => p.frame)])).toEqual([
      [1, [0, 1], [3, 4, 5]],
      [2, [0], [3]],
    ]);
    expect(tracks[0]!.points[0]).toEqual({ frame: 3, seconds: 0.3, box: [1, 2, 11, 22], score: 0.8, keypoints: kp });
    expect(tracks[0]!.points[1]!.keypoints).toBeUndefined(); // interpolated point
    for (const t of tracks) expect(TrackSchema.safeParse(t).success).toBe(true);
  });
});

describe('tracks contracts', () => {
  it.each([
    ['an inverted box', { frame: 0, seconds: 0, box: [10, 0, 0, 10], score: 0.5, classId: 0, className: 'person' }],
    ['a NaN box', { frame: 0, seconds: 0, box: [0, 0, Number.NaN, 10], score: 0.5, classId: 0, className: 'person' }],
    ['a score above 1', { frame: 0, seconds: 0, box: [0, 0, 10, 10], score: 1.5, classId: 0, className: 'person' }],
    ['a missing class name', { frame: 0, seconds: 0, box: [0, 0, 10, 10], score: 0.5, classId: 0 }],
    ['a negative frame', { frame: -1, seconds: 0, box: [0, 0, 10, 10], score: 0.5, classId: 0, className: 'person' }],
  ])('a Detection with %s is rejected', (_name, value) => {
    expect(DetectionSchema.safeParse(value).success).toBe(false);
  });

  it('a tracks file needs the video probe and tracks with at least one point', () => {
    expect(TracksFileSchema.safeParse({ tracks: [] }).success).toBe(false);
    expect(TrackSchema.safeParse({ id: 1, classId: 0, className: 'person', identityId: null, shotIds: [0], points: [] }).success).toBe(
      false,
    );
  });
});
