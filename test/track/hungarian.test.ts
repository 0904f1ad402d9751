import { describe, expect, it } from 'vitest';
import { assignMaxCardinality, assignWithLimit, solveAssignment } from '../../stages/track/hungarian';
import { mulberry32 } from './synthetic';

/** Exhaustive minimum over all injective maps of the smaller side (tiny matrices only). */
function bruteForce(cost: Float64Array, rows: number, cols: number): number {
  const small = Math.min(rows, cols);
  const big = Math.max(rows, cols);
  const at = (i: number, j: number) => (rows <= cols ? cost[i * cols + j]! : cost[j * cols + i]!);
  let best = Infinity;
  const used = new Array<boolean>(big).fill(false);
  const go = (i: number, acc: number) => {
    if (i === small) return void (best = Math.min(best, acc));
    for (let j = 0; j < big; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + at(i, j));
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

function total(cost: Float64Array, cols: number, rowToCol: Int32Array): number {
  let s = 0;
  rowToCol.forEach((c, r) => (s += c >= 0 ? cost[r * cols + c]! : 0));
  return s;
}

describe('solveAssignment', () => {
  it.each([
    ['3×3 classic', [4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3, [1, 0, 2]],
    ['2×3 wide', [4, 1, 3, 2, 0, 5], 2, 3, [1, 0]],
    ['3×2 tall: one row unassigned', [2, 9, 9, 1, 0, 0], 3, 2, [-1, 1, 0]],
    ['negative costs', [-5, -1, -1, -5], 2, 2, [0, 1]],
  ])('%s', (_name, data, rows, cols, expected) => {
    // Prepare
    const cost = Float64Array.from(data);
    // Act
    const rowToCol = solveAssignment({ data: cost, rows, cols });
    // Assess
    expect(Array.from(rowToCol)).toEqual(expected);
  });

  it('matches brute force on 300 random rectangular matrices', () => {
    // Prepare
    const rand = mulberry32(7);
    for (let t = 0; t < 300; t++) {
      const rows = 1 + Math.floor(rand() * 6);
      const cols = 1 + Math.floor(rand() * 6);
      const cost = Float64Array.from({ length: rows * cols }, () => Math.round(rand() * 20) - 5);
      // Act
      const rowToCol = solveAssignment({ data: cost, rows, cols });
      // Assess
      expect(total(cost, cols, rowToCol)).toBeCloseTo(bruteForce(cost, rows, cols), 9);
      const assigned = Array.from(rowToCol).filter((c) => c >= 0);
      expect(assigned.length).toBe(Math.min(rows, cols));
      expect(new Set(assigned).size).toBe(assigned.length);
    }
  });

  it('handles empty matrices', () => {
    expect(Array.from(solveAssignment({ data: new Float64Array(0), rows: 0, cols: 4 }))).toEqual([]);
    expect(Array.from(solveAssignment({ data: new Float64Array(0), rows: 3, cols: 0 }))).toEqual([-1, -1, -1]);
  });

  it.each([
    ['a NaN entry', Float64Array.of(1, Number.NaN, 2, 3), 2, 2, /not finite/],
    ['an infinite entry', Float64Array.of(1, Infinity), 1, 2, /not finite/],
    ['a shape mismatch', Float64Array.of(1, 2, 3), 2, 2, /expected 2×2/],
  ])('rejects %s', (_name, data, rows, cols, message) => {
    expect(() => solveAssignment({ data, rows, cols })).toThrow(message);
  });
});

describe('assignWithLimit (lapjv cost_limit semantics)', () => {
  it('leaves pairs at or above the limit unmatched, even when that lowers the number of matches', () => {
    // Prepare: row 0 could take col 0 (0.9 ≥ limit) — only row 1 ↔ col 1 (0.1) is allowed
    const cost = { data: Float64Array.of(0.9, 0.3, Infinity, 0.1), rows: 2, cols: 2 };
    // Act
    const r = assignWithLimit(cost, 0.8);
    // Assess
    expect(Array.from(r.matches)).toEqual([1, 1]);
    expect(Array.from(r.unmatchedRows)).toEqual([0]);
    expect(Array.from(r.unmatchedCols)).toEqual([0]);
  });

  it('prefers the assignment with the lower total among allowed pairs', () => {
    // Prepare: the diagonal totals 0.7, the anti-diagonal 0.4
    const cost = { data: Float64Array.of(0.1, 0.2, 0.2, 0.6), rows: 2, cols: 2 };
    // Act
    const r = assignWithLimit(cost, 0.8);
    // Assess
    expect(Array.from(r.matches)).toEqual([0, 1, 1, 0]);
  });
});

describe('assignMaxCardinality (py-motmetrics semantics)', () => {
  it('takes two valid matches over one cheaper match', () => {
    // Prepare: (0,0) costs 0 but blocks both; (0,1)+(1,0) are valid at 0.4 each; (1,1) invalid
    const r = assignMaxCardinality({ data: Float64Array.of(0, 0.4, 0.4, Number.NaN), rows: 2, cols: 2 });
    // Assess
    expect(Array.from(r.matches)).toEqual([0, 1, 1, 0]);
  });

  it('never returns an invalid pair', () => {
    const r = assignMaxCardinality({ data: Float64Array.of(Number.NaN, Number.NaN, 0.2, Number.NaN), rows: 2, cols: 2 });
    expect(Array.from(r.matches)).toEqual([1, 0]);
    expect(Array.from(r.unmatchedRows)).toEqual([0]);
    expect(Array.from(r.unmatchedCols)).toEqual([1]);
  });
});
