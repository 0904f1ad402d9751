import { describe, expect, it } from 'vitest';
import { cellPeakDistance, selectNth } from '../../stages/shots/features';
import { CELL_SCRATCH } from '../../stages/shots/temporal-features';
import { mulberry32 as rng } from '../helpers/random';

/** The definition cellPeakDistance had before it selected: sort every difference, mean of the largest 5 % (summed ascending). */
function bySorting(a: Float32Array, b: Float32Array): number {
  const diffs = Float32Array.from(a, (v, i) => Math.abs(v - b[i]!)).sort();
  const count = Math.max(1, Math.round(a.length * 0.05));
  let sum = 0;
  for (let i = a.length - count; i < a.length; i++) sum += diffs[i]!;
  return sum / count;
}

describe('selectNth', () => {
  it('puts the m-th smallest at m, nothing larger before it and nothing smaller after it', () => {
    const next = rng(7);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(next() * 60);
      // Few distinct values in some rounds: ties are where a selection goes wrong.
      const levels = round % 3 === 0 ? 3 : 1000;
      const a = Float32Array.from({ length: n }, () => Math.floor(next() * levels));
      const sorted = Float32Array.from(a).sort();
      const m = Math.floor(next() * n);
      selectNth(a, n, m);
      expect(a[m]).toBe(sorted[m]);
      for (let i = 0; i < m; i++) expect(a[i]).toBeLessThanOrEqual(a[m]!);
      for (let i = m + 1; i < n; i++) expect(a[i]).toBeGreaterThanOrEqual(a[m]!);
      expect(Float32Array.from(a).sort()).toEqual(sorted);
    }
  });
});

describe('cellPeakDistance', () => {
  it('equals the full sort, to the bit, on cell maps of every kind', () => {
    const next = rng(11);
    const scratch = new Float32Array(CELL_SCRATCH);
    for (let round = 0; round < 200; round++) {
      const a = Float32Array.from({ length: CELL_SCRATCH }, () => next() * 255);
      const b = Float32Array.from(a);
      const kind = round % 4;
      // 0: a new picture; 1: a local change (a few cells); 2: a global small change; 3: many ties (flat cards).
      for (let i = 0; i < b.length; i++) {
        if (kind === 0) b[i] = next() * 255;
        if (kind === 1 && next() < 0.04) b[i] = next() * 255;
        if (kind === 2) b[i] = a[i]! + next() * 3;
        if (kind === 3) b[i] = next() < 0.5 ? a[i]! : a[i]! + 16;
      }
      expect(cellPeakDistance(a, b, scratch)).toBe(bySorting(a, b));
    }
  });

  it('is the mean of the largest 5 %: 22 of 432 cells changed by 40 give 40, the rest unchanged', () => {
    const a = new Float32Array(CELL_SCRATCH).fill(100);
    const b = Float32Array.from(a);
    for (let i = 0; i < 22; i++) b[i * 19] = 140;
    expect(cellPeakDistance(a, b, new Float32Array(CELL_SCRATCH))).toBe(40);
  });
});
