import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PIXEL_MODEL_WEIGHTS_URL, pixelClassifierFrom, PixelModelWeightsSchema } from '../../stages/shots/pixel-model';
import { simdKernels } from '../../stages/shots/simd';
import { TEMPORAL_FEATURE_COUNT } from '../../stages/shots/temporal-features';
import { mulberry32 } from '../helpers/random';
import { TEMPORAL_MODEL_WEIGHTS_URL, temporalClassifierFrom, TemporalModelWeightsSchema } from '../../stages/shots/temporal-model';

/** Values over several magnitudes, both signs: sums whose order shows in the last bits. */
function values(n: number, rnd: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => (rnd() * 2 - 1) * 10 ** Math.floor(rnd() * 6 - 3));
}

/** How many of a's values differ from b's in any bit (Object.is: -0 and NaN count too). */
const differing = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).filter((v, i) => !Object.is(v, b[i])).length;

describe('shot detector SIMD kernels (stages/shots/simd.ts)', () => {
  const kernels = simdKernels(1 << 22);
  it('are available on this Node (WebAssembly SIMD)', () => {
    expect(kernels).toBeDefined();
  });

  it('dense: the four-sum loop bit for bit, ReLU on and off', () => {
    const k = kernels!;
    const memory = new Float64Array(k.memory.buffer);
    const rnd = mulberry32(17);
    for (const [n, m] of [
      [400, 96],
      [96, 48],
      [4, 3],
    ] as const) {
      for (const relu of [0, 1] as const) {
        const [w, x, b] = [values(n * m, rnd), values(n, rnd), values(m, rnd)];
        const [wAt, xAt, bAt, yAt] = [0, n * m, n * m + n, n * m + n + m];
        memory.set(w, wAt);
        memory.set(x, xAt);
        memory.set(b, bAt);
        k.dense(wAt * 8, xAt * 8, bAt * 8, yAt * 8, n, m, relu);
        const want = Array.from({ length: m }, (_, o) => {
          const s = [0, 0, 0, 0];
          for (let i = 0; i < n; i++) s[i % 4]! += w[o * n + i]! * x[i]!;
          const sum = b[o]! + (s[0]! + s[1]! + (s[2]! + s[3]!));
          return relu && sum < 0 ? 0 : sum;
        });
        expect(differing(memory.subarray(yAt, yAt + m), want)).toBe(0);
        if (!relu) expect(want.some((v) => v < 0)).toBe(true);
      }
    }
  });

  it('gemmRelu4: every whole 4×4 block as the loop sums it, nothing outside the blocks written', () => {
    const k = kernels!;
    const memory = new Float64Array(k.memory.buffer);
    const rnd = mulberry32(5);
    const [O, K, P] = [10, 27, 13];
    const [O4, P4] = [8, 12];
    const [w, b, cols] = [values(O * K, rnd), values(O, rnd), values(K * P, rnd)];
    const [wAt, bAt, cAt, outAt] = [0, O * K, O * K + O, O * K + O + K * P];
    memory.set(w, wAt);
    memory.set(b, bAt);
    memory.set(cols, cAt);
    memory.fill(-7, outAt, outAt + O * P);
    k.gemmRelu4(wAt * 8, bAt * 8, cAt * 8, outAt * 8, O4, K, P, P4);
    const out = memory.subarray(outAt, outAt + O * P);
    const want = Array.from({ length: O * P }, (_, i) => {
      const [o, p] = [Math.floor(i / P), i % P];
      if (o >= O4 || p >= P4) return -7;
      let s = b[o]!;
      for (let kk = 0; kk < K; kk++) s += w[o * K + kk]! * cols[kk * P + p]!;
      return Math.max(s, 0);
    });
    expect(differing(out, want)).toBe(0);
    expect(want.filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('the shipped temporal model gives the same probabilities on SIMD as in its loops', () => {
    const weights = TemporalModelWeightsSchema.parse(JSON.parse(readFileSync(TEMPORAL_MODEL_WEIGHTS_URL, 'utf8')));
    const fast = temporalClassifierFrom(weights);
    const loop = temporalClassifierFrom(weights, { simd: false });
    const rnd = mulberry32(3);
    const size = (2 * weights.radius + 1) * TEMPORAL_FEATURE_COUNT;
    const [a, b] = [new Float64Array(2), new Float64Array(2)];
    const seen: number[] = [];
    for (let r = 0; r < 200; r++) {
      const window = Float32Array.from(
        { length: size },
        (_, i) => weights.mean[i % TEMPORAL_FEATURE_COUNT]! + (rnd() * 2 - 1) * 3 * weights.std[i % TEMPORAL_FEATURE_COUNT]!,
      );
      fast.probabilities(window, a);
      loop.probabilities(window, b);
      expect(differing(a, b)).toBe(0);
      seen.push(a[0]!);
    }
    // The windows reach both ends of the cut probability, not one flat value.
    expect(Math.min(...seen)).toBeLessThan(0.1);
    expect(Math.max(...seen)).toBeGreaterThan(0.5);
  });

  it('the shipped pixel model gives the same probability on SIMD as in its loops', () => {
    const weights = PixelModelWeightsSchema.parse(JSON.parse(readFileSync(PIXEL_MODEL_WEIGHTS_URL, 'utf8')));
    const fast = pixelClassifierFrom(weights);
    const loop = pixelClassifierFrom(weights, { simd: false });
    const rnd = mulberry32(11);
    const bytes = weights.width * weights.height * 3;
    const seen: number[] = [];
    for (let r = 0; r < 12; r++) {
      // Two flat-coloured noisy shots with the step between them somewhere in the window.
      const step = Math.floor(rnd() * 2 * weights.half);
      const [c1, c2] = [Math.floor(rnd() * 256), Math.floor(rnd() * 256)];
      const frames = Array.from({ length: 2 * weights.half }, (_, t) =>
        Uint8Array.from({ length: bytes }, () => Math.max(0, Math.min(255, (t < step ? c1 : c2) + Math.floor(rnd() * 60 - 30)))),
      );
      const p = fast.probability(frames);
      expect(Object.is(p, loop.probability(frames))).toBe(true);
      seen.push(p);
    }
    expect(new Set(seen).size).toBeGreaterThan(1);
  });
});
