import { describe, expect, it } from 'vitest';
import { CHI2_INV_95_4DOF, gatingDistances, initiate, invertSpd, predict, project, update } from '../../stages/track/kalman';

const near = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 9) =>
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));

describe('Kalman filter (DeepSORT constant velocity on cx, cy, a, h)', () => {
  it("initiates with zero velocity and DeepSORT's height-scaled covariance", () => {
    // Act
    const s = initiate([100, 50, 0.5, 80]);
    // Assess
    expect(Array.from(s.mean)).toEqual([100, 50, 0.5, 80, 0, 0, 0, 0]);
    const diag = Array.from({ length: 8 }, (_, i) => s.covariance[i * 9]!);
    near(diag, [8 * 8, 8 * 8, 1e-4, 8 * 8, 5 * 5, 5 * 5, 1e-10, 5 * 5]); // 2·h/20 = 8, 10·h/160 = 5
  });

  it('predict moves the mean by its velocity and grows the covariance, leaving the input untouched', () => {
    // Prepare
    const s0 = initiate([100, 50, 0.5, 80]);
    const s = { mean: Float64Array.of(100, 50, 0.5, 80, 3, -2, 0, 1), covariance: s0.covariance };
    const before = Float64Array.from(s.covariance);
    // Act
    const p = predict(s);
    // Assess
    near(p.mean, [103, 48, 0.5, 81, 3, -2, 0, 1]);
    expect(p.covariance[0]).toBeCloseTo(64 + 25 + 16, 9); // P00 + P44 + (h/20)²
    expect(p.covariance[4]).toBeCloseTo(25, 9); // cross term P04 = P44
    expect(Array.from(s.covariance)).toEqual(Array.from(before));
  });

  it('project adds measurement noise to the position block', () => {
    const s = initiate([0, 0, 1, 40]);
    const m = project(s);
    expect(m.covariance[0]).toBeCloseTo(4 * 4 + 2 * 2, 9); // (2·40/20)² + (40/20)²
    expect(m.covariance[10]).toBeCloseTo(1e-4 + 1e-2, 12);
  });

  it('update moves the state toward the measurement and shrinks uncertainty', () => {
    // Prepare
    const s = predict(initiate([100, 100, 0.5, 80]));
    // Act
    const u = update(s, [110, 100, 0.5, 80]);
    // Assess
    expect(u.mean[0]).toBeGreaterThan(100);
    expect(u.mean[0]).toBeLessThan(110);
    expect(u.mean[4]).toBeGreaterThan(0); // learns a positive x velocity
    expect(u.covariance[0]).toBeLessThan(s.covariance[0]!);
  });

  it('tracks a box moving at constant velocity: the prediction converges to the truth', () => {
    let s = initiate([0, 0, 0.5, 100]);
    for (let t = 1; t <= 30; t++) s = update(predict(s), [4 * t, 2 * t, 0.5, 100]);
    const p = predict(s);
    expect(p.mean[0]).toBeCloseTo(4 * 31, 0);
    expect(p.mean[1]).toBeCloseTo(2 * 31, 0);
    expect(p.mean[4]).toBeCloseTo(4, 1);
  });

  it('gates far measurements by Mahalanobis distance', () => {
    const s = predict(initiate([100, 100, 0.5, 80]));
    const d = gatingDistances(s, [100, 100, 0.5, 80, 300, 100, 0.5, 80], 2);
    expect(d[0]).toBeCloseTo(0, 9);
    expect(d[1]).toBeGreaterThan(CHI2_INV_95_4DOF);
  });

  it('invertSpd inverts an SPD matrix and rejects a singular one', () => {
    const a = Float64Array.of(4, 2, 0, 2, 3, 1, 0, 1, 2);
    const inv = invertSpd(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    expect(() => invertSpd(Float64Array.of(1, 1, 1, 1), 2)).toThrow(/positive definite/);
  });
});
