import { describe, expect, it } from 'vitest';
import {
  appearanceCost,
  associate,
  fuseIouAppearance,
  gateByClass,
  gateByMotion,
  GATED,
  iouCost,
  l2Normalize,
} from '../../stages/track/association';
import { initiate, predict } from '../../stages/track/kalman';
import { xyxyToXyah } from '../../stages/track/boxes';

describe('association', () => {
  it('IoU cost is 1 − IoU, row = track, column = detection', () => {
    const c = iouCost(Float64Array.of(0, 0, 10, 10), 1, Float64Array.of(0, 0, 10, 10, 5, 0, 15, 10, 50, 50, 60, 60), 3);
    expect(c.rows).toBe(1);
    expect(c.cols).toBe(3);
    expect(c.data[0]).toBe(0);
    expect(c.data[1]).toBeCloseTo(1 - 50 / 150, 12);
    expect(c.data[2]).toBe(1);
  });

  it('appearance cost is the cosine distance of L2-normalised descriptors; missing ones cost 1', () => {
    const a = l2Normalize(Float32Array.of(3, 4));
    const b = l2Normalize(Float32Array.of(6, 8));
    const c = l2Normalize(Float32Array.of(-4, 3));
    const m = appearanceCost([a, undefined], [b, c]);
    expect(m.data[0]).toBeCloseTo(0, 6);
    expect(m.data[1]).toBeCloseTo(1, 6);
    expect(Array.from(m.data.slice(2))).toEqual([1, 1]);
  });

  it('fusion takes the appearance distance only when it is small and the boxes are close (BoT-SORT)', () => {
    const iou = { data: Float64Array.of(0.4, 0.4, 0.9), rows: 1, cols: 3 };
    const emb = { data: Float64Array.of(0.1, 0.6, 0.05), rows: 1, cols: 3 };
    const fused = fuseIouAppearance(iou, emb, { appearanceThreshold: 0.25, proximityThreshold: 0.5 });
    expect(Array.from(fused.data)).toEqual([0.1, 0.4, 0.9]);
  });

  it('gates pairs of different classes', () => {
    const c = gateByClass({ data: Float64Array.of(0.1, 0.2), rows: 1, cols: 2 }, [0], [0, 2]);
    expect(Array.from(c.data)).toEqual([0.1, GATED]);
  });

  it('gates pairs too far from the Kalman prediction', () => {
    const s = predict(initiate(xyxyToXyah([0, 0, 40, 80])));
    const meas = new Float64Array(8);
    meas.set(xyxyToXyah([2, 0, 42, 80]), 0);
    meas.set(xyxyToXyah([60, 0, 100, 80]), 4);
    const c = gateByMotion({ data: Float64Array.of(0.1, 0.9), rows: 1, cols: 2 }, [s], meas);
    expect(Array.from(c.data)).toEqual([0.1, GATED]);
  });

  it('associate returns matches, unmatched tracks and unmatched detections under the limit', () => {
    // Prepare: track 0 ↔ det 1 (0.1); track 1 is only near det 0, at 0.85 (over the 0.8 limit)
    const cost = { data: Float64Array.of(0.9, 0.1, 0.85, 0.85, GATED, 1), rows: 2, cols: 3 };
    // Act
    const r = associate(cost, 0.8);
    // Assess
    expect(Array.from(r.matches)).toEqual([0, 1]);
    expect(Array.from(r.unmatchedRows)).toEqual([1]);
    expect(Array.from(r.unmatchedCols)).toEqual([0, 2]);
  });
});
