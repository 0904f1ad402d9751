import { describe, expect, it } from 'vitest';
import { evaluateMot } from '../../stages/track/mot-metrics';
import { toSequence, type MotSequence } from '../../stages/track/mot-format';

/** Rows [frame, id, left, top, width, height] → sequence. */
function seq(rows: [number, number, number, number, number, number][]): MotSequence {
  return toSequence(rows.map(([frame, id, left, top, width, height]) => ({ frame, id, left, top, width, height, conf: 1 })));
}

/** One object per row: the same 10×10 box on each listed frame. */
function still(id: number, frames: number[], x = 0): [number, number, number, number, number, number][] {
  return frames.map((f) => [f, id, x, 0, 10, 10]);
}

describe('evaluateMot: hand-computed cases', () => {
  it('perfect tracking of two objects', () => {
    // Prepare
    const gt = seq([...still(1, [1, 2, 3]), ...still(2, [1, 2, 3], 50)]);
    const pred = seq([...still(7, [1, 2, 3]), ...still(9, [1, 2, 3], 50)]);
    // Act
    const m = evaluateMot(gt, pred);
    // Assess
    expect(m).toMatchObject({
      mota: 1,
      motp: 1,
      idf1: 1,
      idp: 1,
      idr: 1,
      idSwitches: 0,
      fragmentations: 0,
      falsePositives: 0,
      misses: 0,
      matches: 6,
      gtBoxes: 6,
      predBoxes: 6,
      gtIds: 2,
      predIds: 2,
      frames: 3,
    });
  });

  it('a missed detection: FN 1, one fragmentation, MOTA 3/4, IDF1 6/7', () => {
    const m = evaluateMot(seq(still(1, [1, 2, 3, 4])), seq(still(5, [1, 3, 4])));
    expect(m).toMatchObject({ misses: 1, falsePositives: 0, idSwitches: 0, fragmentations: 1, recall: 0.75, precision: 1, mota: 0.75 });
    expect(m.idf1).toBeCloseTo(6 / 7, 12);
  });

  it('a false positive (far away box on frame 2, and on a frame without ground truth)', () => {
    const m = evaluateMot(seq(still(1, [1, 2, 3, 4])), seq([...still(5, [1, 2, 3, 4]), [2, 6, 100, 100, 10, 10], [9, 6, 0, 0, 10, 10]]));
    expect(m).toMatchObject({ misses: 0, falsePositives: 2, idSwitches: 0, mota: 0.5, recall: 1, frames: 5 });
    expect(m.precision).toBeCloseTo(4 / 6, 12);
    expect(m.idf1).toBeCloseTo((2 * 4) / (4 + 6), 12);
  });

  it('an ID switch: one switch, MOTA 3/4, IDF1 1/2', () => {
    const m = evaluateMot(seq(still(1, [1, 2, 3, 4])), seq([...still(5, [1, 2]), ...still(6, [3, 4])]));
    expect(m).toMatchObject({ idSwitches: 1, misses: 0, falsePositives: 0, fragmentations: 0, mota: 0.75, idtp: 2, idf1: 0.5 });
  });

  it('a fragmented track keeping its id: 2 FN, 1 fragmentation, no switch', () => {
    const m = evaluateMot(seq(still(1, [1, 2, 3, 4, 5, 6])), seq(still(5, [1, 2, 5, 6])));
    expect(m).toMatchObject({ misses: 2, fragmentations: 1, idSwitches: 0, idtp: 4 });
    expect(m.mota).toBeCloseTo(1 - 2 / 6, 12);
    expect(m.idf1).toBeCloseTo(8 / 10, 12);
  });

  it('a fragmented track resumed under a new id: also a switch', () => {
    const m = evaluateMot(seq(still(1, [1, 2, 3, 4, 5, 6])), seq([...still(5, [1, 2]), ...still(6, [5, 6])]));
    expect(m).toMatchObject({ misses: 2, fragmentations: 1, idSwitches: 1 });
    expect(m.mota).toBeCloseTo(1 - 3 / 6, 12);
  });

  it('keeps the previous correspondence while IoU ≥ 0.5, even when another hypothesis fits better', () => {
    // Prepare: frame 2 has hyp 2 exactly on the object, hyp 1 (the old match) at IoU 9/11
    const gt = seq(still(1, [1, 2]));
    const pred = seq([
      [1, 1, 0, 0, 10, 10],
      [2, 1, 1, 0, 10, 10],
      [2, 2, 0, 0, 10, 10],
    ]);
    // Act
    const m = evaluateMot(gt, pred);
    // Assess
    expect(m).toMatchObject({ idSwitches: 0, falsePositives: 1, matches: 2 });
    expect(m.motp).toBeCloseTo((1 + 9 / 11) / 2, 12);
  });

  it('matches at IoU exactly 0.5 but not below', () => {
    const gt = seq([
      [1, 1, 0, 0, 10, 10],
      [2, 1, 0, 0, 10, 10],
    ]);
    const pred = seq([
      [1, 1, 0, 0, 10, 5],
      [2, 1, 0, 0, 10, 4.9],
    ]); // IoU 0.5, then 0.49
    const m = evaluateMot(gt, pred);
    expect(m).toMatchObject({ matches: 1, misses: 1, falsePositives: 1, motp: 0.5 });
  });

  it('maximises the number of matches per frame before minimising distance', () => {
    // Prepare: h1 sits exactly on A; A–h2 and B–h1 overlap at IoU 0.6; B–h2 at 1/3 (invalid)
    const gt = seq([
      [1, 1, 0, 0, 10, 10],
      [1, 2, -2.5, 0, 10, 10],
    ]);
    const pred = seq([
      [1, 1, 0, 0, 10, 10],
      [1, 2, 2.5, 0, 10, 10],
    ]);
    const m = evaluateMot(gt, pred);
    expect(m).toMatchObject({ matches: 2, misses: 0, falsePositives: 0 });
    expect(m.motp).toBeCloseTo(0.6, 12);
  });

  it('IDF1 uses the optimal trajectory assignment, not the greedy one', () => {
    // Prepare: co-occurrence (a,x)=3, (a,y)=2, (b,x)=2. Greedy takes (a,x) → IDTP 3;
    // optimal takes (a,y)+(b,x) → IDTP 4.
    const gt = seq([...still(1, [1, 2, 3, 4, 5]), ...still(2, [4, 5], 50)]);
    const pred = seq([...still(10, [1, 2, 3]), ...still(11, [4, 5]), ...still(10, [4, 5], 50)]);
    // Act
    const m = evaluateMot(gt, pred);
    // Assess
    expect(m).toMatchObject({ idtp: 4, idfp: 3, idfn: 3, idSwitches: 1 });
    expect(m.idf1).toBeCloseTo(8 / 14, 12);
    expect(m.idp).toBeCloseTo(4 / 7, 12);
    expect(m.idr).toBeCloseTo(4 / 7, 12);
    expect(m.mota).toBeCloseTo(1 - 1 / 7, 12);
  });

  it('gives NaN ratios, not a crash, on empty input', () => {
    const m = evaluateMot(seq([]), seq([]));
    expect(m.frames).toBe(0);
    expect(Number.isNaN(m.mota)).toBe(true);
  });
});
