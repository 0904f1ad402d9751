import { describe, expect, it } from 'vitest';
import { clusterAverageLinkage, type DistanceMatrix } from '../../stages/identity/cluster';
import { mulberry32 } from '../helpers/random';

/** The whole-matrix scan per join that clusterAverageLinkage replaced (the reference it must equal). */
function reference(m: DistanceMatrix): Int32Array {
  const n = m.n;
  const d = new Float64Array(m.data);
  const size = new Float64Array(n).fill(1);
  const alive = new Uint8Array(n).fill(1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  for (;;) {
    let best = 1;
    let a = -1;
    let b = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!alive[j]) continue;
        if (d[i * n + j]! < best) {
          best = d[i * n + j]!;
          a = i;
          b = j;
        }
      }
    }
    if (a < 0) break;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const v = (size[a]! * d[a * n + k]! + size[b]! * d[b * n + k]!) / (size[a]! + size[b]!);
      const merged = Number.isFinite(d[a * n + k]!) && Number.isFinite(d[b * n + k]!) ? v : Number.POSITIVE_INFINITY;
      d[a * n + k] = merged;
      d[k * n + a] = merged;
    }
    size[a] = size[a]! + size[b]!;
    alive[b] = 0;
    parent[b] = a;
  }
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i]!));
  const labels = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, i) => {
    const r = root(i);
    if (!labels.has(r)) labels.set(r, labels.size);
    return labels.get(r)!;
  });
}

/** Items in `groups` latent identities (close within, far across), some pairs cannot link, values on a coarse grid (ties). */
function randomMatrix(n: number, groups: number, seed: number): DistanceMatrix {
  const rnd = mulberry32(seed);
  const g = Array.from({ length: n }, () => Math.floor(rnd() * groups));
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const base = g[i] === g[j] ? 0.2 + rnd() * 0.9 : 0.8 + rnd() * 1.5;
      const v = rnd() < 0.05 ? Number.POSITIVE_INFINITY : Math.round(base * 20) / 20;
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  return { n, data };
}

describe('identity clustering', () => {
  it('joins exactly as a full scan per join does (ties, cannot-links, many sizes)', () => {
    for (const [n, groups, seed] of [
      [1, 1, 1],
      [2, 1, 2],
      [7, 2, 3],
      [40, 5, 4],
      [120, 12, 5],
      [300, 30, 6],
      [300, 3, 7],
    ] as const) {
      const m = randomMatrix(n, groups, seed);
      expect(Array.from(clusterAverageLinkage(m)), `n=${n} seed=${seed}`).toEqual(Array.from(reference(m)));
    }
  });

  it('breaks ties as the full scan does when joins leave many equal averages', () => {
    // Few distinct values on small matrices, many seeds: joins often leave a row with two
    // partners at exactly the same average distance.
    for (let seed = 100; seed < 600; seed++) {
      const rnd = mulberry32(seed);
      const n = 4 + (seed % 9);
      const data = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const v = rnd() < 0.1 ? Number.POSITIVE_INFINITY : [0.2, 0.4, 0.6, 0.8][Math.floor(rnd() * 4)]!;
          data[i * n + j] = v;
          data[j * n + i] = v;
        }
      const m = { n, data };
      expect(Array.from(clusterAverageLinkage(m)), `seed=${seed}`).toEqual(Array.from(reference(m)));
    }
  });

  it('labels the same in place, and leaves the matrix alone otherwise', () => {
    const m = randomMatrix(120, 12, 9);
    const before = Float64Array.from(m.data);
    const labels = Array.from(clusterAverageLinkage(m));
    expect(m.data).toEqual(before);
    expect(Array.from(clusterAverageLinkage(m, { inPlace: true }))).toEqual(labels);
    expect(m.data).not.toEqual(before);
  });
});
