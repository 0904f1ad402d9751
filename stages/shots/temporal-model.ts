import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { simdKernels } from './simd';
import { TEMPORAL_FEATURE_COUNT, TEMPORAL_FEATURE_NAMES } from './temporal-features';

/**
 * The temporal transition model: an MLP over the temporal features (temporal-features.ts) of
 * frames t − radius … t + radius, giving P(a cut lands on t) and P(t is inside a gradual
 * transition). Trained by `training/shots/train_temporal_model.py`; its weights ship as JSON
 * next to the ONNX export (`models/shots/`), evaluated here in typed-array maths because the
 * detector's `push` is synchronous (test/shots/temporal-model.test.ts checks this forward
 * against the ONNX file through models/runtime.ts and against PyTorch).
 */
export const TEMPORAL_MODEL_WEIGHTS_URL = new URL('../../models/shots/temporal-model.weights.json', import.meta.url);

const LayerSchema = z.object({
  /** Row-major [out][in]. */
  weight: z.array(z.array(z.number())),
  bias: z.array(z.number()),
});

export const TemporalModelWeightsSchema = z.object({
  name: z.literal('shot-temporal-mlp'),
  version: z.string(),
  radius: z.number().int().min(0).max(32),
  featureNames: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  layers: z.array(LayerSchema).min(1),
});
export type TemporalModelWeights = z.infer<typeof TemporalModelWeightsSchema>;

/** A loaded temporal model. */
export interface TemporalClassifier {
  readonly version: string;
  /** Frames each side of t the model reads. */
  readonly radius: number;
  /**
   * P(cut on t) and P(t inside a gradual transition) from `window`: (2·radius + 1) frames ×
   * TEMPORAL_FEATURE_COUNT raw features, frame-major, written into `out[0]`, `out[1]`.
   */
  probabilities(window: Float32Array, out: Float64Array): void;
}

const loaded = new Map<string, { stamp: string; classifier: TemporalClassifier }>();

/**
 * Reads and checks the shipped weights (feature names must match the detector's, in order).
 * Each detector asks for it; the parsed model is kept per file (and its size and mtime), as
 * reading and checking the shipped ~1-MB JSON (versions 5 and 6) takes ~20 ms. Sharing it is safe: its scratch
 * buffers are used only inside one synchronous `probabilities` call.
 */
export function loadTemporalClassifier(url: URL = TEMPORAL_MODEL_WEIGHTS_URL): TemporalClassifier {
  const st = statSync(url);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const hit = loaded.get(url.href);
  if (hit?.stamp === stamp) return hit.classifier;
  const weights = parseOrThrow(TemporalModelWeightsSchema, JSON.parse(readFileSync(url, 'utf8')), 'temporal model weights');
  const classifier = temporalClassifierFrom(weights);
  loaded.set(url.href, { stamp, classifier });
  return classifier;
}

/** Builds the classifier from weights, checking the feature contract and the layer shapes. */
export function temporalClassifierFrom(weights: TemporalModelWeights, options: { simd?: boolean } = {}): TemporalClassifier {
  const { version, radius } = weights;
  if (weights.featureNames.join() !== TEMPORAL_FEATURE_NAMES.join())
    throw new ValidationError(`temporal model ${version}: its features (${weights.featureNames.join(', ')}) are not the detector's`);
  if (weights.mean.length !== TEMPORAL_FEATURE_COUNT || weights.std.length !== TEMPORAL_FEATURE_COUNT)
    throw new ValidationError(`temporal model ${version}: mean/std must have ${TEMPORAL_FEATURE_COUNT} values`);
  const inputCount = (2 * radius + 1) * TEMPORAL_FEATURE_COUNT;
  let inputs = inputCount;
  const layers = weights.layers.map((l, i) => {
    if (l.weight.length !== l.bias.length || l.weight.some((row) => row.length !== inputs))
      throw new ValidationError(`temporal model ${version}: layer ${i} is not ${l.bias.length}×${inputs}`);
    const layer = { weight: Float64Array.from(l.weight.flat()), bias: Float64Array.from(l.bias), inputs };
    inputs = l.bias.length;
    return layer;
  });
  if (inputs !== 2) throw new ValidationError(`temporal model ${version}: the last layer must have two outputs`);
  const mean = Float64Array.from(weights.mean);
  const invStd = Float64Array.from(weights.std, (s) => 1 / s);
  const widest = Math.max(inputCount, ...layers.map((l) => l.bias.length));
  const forward = (options.simd !== false && simdForward(layers, widest)) || loopForward(layers, widest);
  return {
    version,
    radius,
    probabilities(window: Float32Array, out: Float64Array): void {
      if (window.length !== inputCount)
        throw new ValidationError(`temporal model: window has ${window.length} values, expected ${inputCount}`);
      const x = forward.input;
      for (let i = 0; i < inputCount; i++) {
        const f = i % TEMPORAL_FEATURE_COUNT;
        x[i] = (window[i]! - mean[f]!) * invStd[f]!;
      }
      const logits = forward.run();
      out[0] = 1 / (1 + Math.exp(-logits[0]!));
      out[1] = 1 / (1 + Math.exp(-logits[1]!));
    },
  };
}

interface Layer {
  /** Row-major [out][in]. */
  weight: Float64Array;
  bias: Float64Array;
  inputs: number;
}

/** The network's forward pass: write the normalised window into `input`, `run` returns the two logits. */
interface Forward {
  input: Float64Array;
  run(): Float64Array;
}

/** The forward pass in typed-array loops (the reference; simdForward gives bit-identical results). */
function loopForward(layers: readonly Layer[], widest: number): Forward {
  const bufA = new Float64Array(widest);
  const bufB = new Float64Array(widest);
  return {
    input: bufA,
    run(): Float64Array {
      let x = bufA;
      let y = bufB;
      for (let k = 0; k < layers.length; k++) {
        const l = layers[k]!;
        const hidden = k < layers.length - 1;
        const w = l.weight;
        const n = l.inputs;
        const n4 = n - (n % 4);
        for (let o = 0; o < l.bias.length; o++) {
          // Four running sums: the adds no longer wait on each other (about 1.5× faster in V8).
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          const row = o * n;
          let i = 0;
          for (; i < n4; i += 4) {
            s0 += w[row + i]! * x[i]!;
            s1 += w[row + i + 1]! * x[i + 1]!;
            s2 += w[row + i + 2]! * x[i + 2]!;
            s3 += w[row + i + 3]! * x[i + 3]!;
          }
          for (; i < n; i++) s0 += w[row + i]! * x[i]!;
          const sum = l.bias[o]! + (s0 + s1 + (s2 + s3));
          y[o] = hidden && sum < 0 ? 0 : sum;
        }
        [x, y] = [y, x];
      }
      return x;
    },
  };
}

/**
 * The same forward pass on WebAssembly SIMD (simd.ts `dense`: the loop's sums in the loop's
 * order, ~3.5× faster); undefined where SIMD is missing or a layer's width is not a multiple of 4.
 */
function simdForward(layers: readonly Layer[], widest: number): Forward | undefined {
  if (layers.some((l) => l.inputs % 4 !== 0)) return undefined;
  const doubles = layers.reduce((s, l) => s + l.weight.length + l.bias.length, 2 * widest);
  const kernels = simdKernels(doubles * 8);
  if (!kernels) return undefined;
  const memory = new Float64Array(kernels.memory.buffer);
  let at = 0;
  const place = (values: Float64Array): number => {
    memory.set(values, at);
    at += values.length;
    return (at - values.length) * 8;
  };
  const placed = layers.map((l) => ({ w: place(l.weight), b: place(l.bias), n: l.inputs, m: l.bias.length }));
  const [a, b] = [at, at + widest];
  const views = [memory.subarray(a, a + widest), memory.subarray(b, b + widest)] as const;
  return {
    input: views[0],
    run(): Float64Array {
      let [x, y] = [0, 1];
      for (let k = 0; k < placed.length; k++) {
        const l = placed[k]!;
        kernels.dense(l.w, (x ? b : a) * 8, l.b, (y ? b : a) * 8, l.n, l.m, k < placed.length - 1 ? 1 : 0);
        [x, y] = [y, x];
      }
      return views[x]!;
    },
  };
}
