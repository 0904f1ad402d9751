import { describe, expect, it } from 'vitest';
import { clusterAverageLinkage } from '../../stages/identity/cluster';
import { identityConfig, linkIdentities, meanDescriptor, poolDescriptors } from '../../stages/identity/identities';
import type { Track } from '../../core/contracts/tracks';

const INF = Number.POSITIVE_INFINITY;

function matrix(rows: number[][]): { n: number; data: Float64Array } {
  return { n: rows.length, data: Float64Array.from(rows.flat()) };
}

function unit(...v: number[]): Float32Array {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
}

function track(id: number, first: number, last: number, shot: number): Track {
  return {
    id,
    classId: 0,
    className: 'person',
    identityId: null,
    shotIds: [shot],
    points: [first, last].map((frame) => ({ frame, seconds: frame / 25, box: [0, 0, 10, 30], score: 0.9 })),
  };
}

describe('clusterAverageLinkage', () => {
  it.each([
    [
      'two close pairs',
      [
        [0, 0.2, 5, 5],
        [0.2, 0, 5, 5],
        [5, 5, 0, 0.3],
        [5, 5, 0.3, 0],
      ],
      [0, 0, 1, 1],
    ],
    [
      'nothing below 1',
      [
        [0, 1, 2],
        [1, 0, 3],
        [2, 3, 0],
      ],
      [0, 1, 2],
    ],
    [
      'a cannot-link pair blocks a chain',
      [
        [0, 0.1, 0.2],
        [0.1, 0, INF],
        [0.2, INF, 0],
      ],
      [0, 0, 1],
    ],
    [
      'average (not single) linkage',
      [
        [0, 0.1, 0.5],
        [0.1, 0, 1.6],
        [0.5, 1.6, 0],
      ],
      [0, 0, 1],
    ],
  ])('%s', (_l, rows, want) => {
    expect([...clusterAverageLinkage(matrix(rows))]).toEqual(want);
  });
});

describe('linkIdentities', () => {
  const cfg = identityConfig();

  it('links tracks of one face across shots and keeps a different face apart', () => {
    // Prepare: A in shots 0 and 2 (nearly the same face), B in shot 1
    const tracks = [track(1, 0, 50, 0), track(2, 60, 100, 1), track(3, 110, 150, 2)];
    const samples = [
      { trackId: 1, appearance: [unit(1, 0, 0)], face: [unit(1, 0.1, 0)] },
      { trackId: 2, appearance: [unit(1, 0, 0)], face: [unit(0, 1, 0)] },
      { trackId: 3, appearance: [unit(0, 0, 1)], face: [unit(1, 0.12, 0.02)] },
    ];
    // Act
    const { identities, identityOf } = linkIdentities(tracks, poolDescriptors(samples), cfg);
    // Assess: faces win over appearance (track 2 looks like track 1 but has another face)
    expect([identityOf.get(1), identityOf.get(2), identityOf.get(3)]).toEqual([1, 2, 1]);
    expect(identities[0]).toMatchObject({ trackIds: [1, 3], shotIds: [0, 2], evidence: 'face' });
  });

  it('never gives one identity to two tracks visible at the same time', () => {
    const tracks = [track(1, 0, 50, 0), track(2, 40, 90, 0)];
    const same = { appearance: [unit(1, 0)], face: [unit(0, 1)] };
    const { identityOf } = linkIdentities(
      tracks,
      poolDescriptors([
        { trackId: 1, ...same },
        { trackId: 2, ...same },
      ]),
      cfg,
    );
    expect(identityOf.get(1)).not.toBe(identityOf.get(2));
  });

  it.each([
    ['off by default (appearance cannot tell people apart at surveillance scale)', {}, false],
    ['on when given a threshold', { appearanceThreshold: 0.1 }, true],
  ])('links faceless tracks by appearance: %s', (_l, input, linked) => {
    // Prepare: two faceless tracks in different shots with near-identical crops
    const tracks = [track(1, 0, 50, 0), track(2, 60, 100, 1)];
    const samples = [
      { trackId: 1, appearance: [unit(1, 0.01)], face: [] },
      { trackId: 2, appearance: [unit(1, 0)], face: [] },
    ];
    // Act
    const { identityOf } = linkIdentities(tracks, poolDescriptors(samples), identityConfig(input));
    // Assess
    expect(identityOf.get(1) === identityOf.get(2)).toBe(linked);
  });

  it('gives a track without descriptors an identity of its own', () => {
    const { identities } = linkIdentities([track(7, 0, 5, 0)], [], cfg);
    expect(identities).toEqual([{ id: 1, trackIds: [7], shotIds: [0], evidence: 'single', firstSec: 0, lastSec: 0.2 }]);
  });

  it('pools samples into a normalised mean', () => {
    const m = meanDescriptor([unit(1, 0), unit(0, 1)])!;
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('rejects a threshold out of range', () => {
    expect(() => identityConfig({ faceThreshold: 0 })).toThrow(/faceThreshold/);
  });
});
