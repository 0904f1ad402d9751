import { describe, expect, it } from 'vitest';
import { identityConfig, linkableGroups, linkIdentities, poolDescriptors } from '../../stages/identity/identities';
import { scene, wholeMatrix } from './identity-scenes';

describe('identity linking by components', () => {
  it('gives every track the identity the whole-matrix clustering gives (faces; appearance on and off; ties)', () => {
    let linked = 0;
    for (const [n, people, seed] of [
      [0, 1, 1],
      [1, 1, 2],
      [5, 2, 3],
      [60, 4, 4],
      [200, 12, 5],
      [400, 40, 6],
      [400, 3, 7],
    ] as const) {
      const { tracks, samples } = scene(n, people, seed);
      const descriptors = poolDescriptors(samples);
      for (const cfg of [identityConfig(), identityConfig({ appearanceThreshold: 0.15 }), identityConfig({ faceThreshold: 0.6 })]) {
        const { identities, identityOf } = linkIdentities(tracks, descriptors, cfg);
        expect(identityOf, `n=${n} seed=${seed} ${JSON.stringify(cfg)}`).toEqual(wholeMatrix(tracks, descriptors, cfg));
        expect(identities.flatMap((x) => x.trackIds).sort((a, b) => a - b)).toEqual(tracks.map((t) => t.id));
        linked += identities.filter((x) => x.trackIds.length > 1).length;
      }
    }
    expect(linked).toBeGreaterThan(50); // the scenes do link tracks, so the comparison means something
  });

  it('finds the components of the linkable pairs, each pair asked at most once', () => {
    const asked = new Set<string>();
    const edges = new Set(['0-3', '3-5', '0-5', '1-2']);
    const groups = linkableGroups(7, (i, j) => {
      expect(asked.has(`${i}-${j}`)).toBe(false);
      asked.add(`${i}-${j}`);
      return edges.has(`${i}-${j}`);
    });
    expect(groups).toEqual([
      [0, 3, 5],
      [1, 2],
    ]);
    expect(asked.size).toBe(20); // 0-5: already joined through 3, not asked
  });
});
