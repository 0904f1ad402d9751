import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { CUT_FEATURE_COUNT, CUT_FEATURE_NAMES } from './cut-features';

/**
 * The learned cut model: a small MLP (standardised cut features → ReLU layers → one logit)
 * trained by `training/shots/train_cut_model.py`. Its weights ship as JSON next to the
 * ONNX export (`models/shots/`); the detector evaluates them here in plain typed-array maths,
 * because `push` is synchronous and called once per frame, while an ONNX Runtime session
 * runs asynchronously (test/shots/cut-model.test.ts checks this forward against the ONNX
 * file through models/runtime.ts, and the ONNX file against PyTorch).
 */
export const CUT_MODEL_WEIGHTS_URL = new URL('../../models/shots/cut-model.weights.json', import.meta.url);

const LayerSchema = z.object({
  /** Row-major [out][in]. */
  weight: z.array(z.array(z.number())),
  bias: z.array(z.number()),
});

export const CutModelWeightsSchema = z.object({
  name: z.literal('shot-cut-mlp'),
  version: z.string(),
  featureNames: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  layers: z.array(LayerSchema).min(1),
});
export type CutModelWeights = z.infer<typeof CutModelWeightsSchema>;

/** A loaded cut model: `probability(features)` is P(cut) for one step's features. */
export interface CutClassifier {
  readonly version: string;
  probability(features: Float32Array): number;
}

/** Reads and checks the shipped weights (feature names must match the detector's, in order). */
export function loadCutClassifier(url: URL = CUT_MODEL_WEIGHTS_URL): CutClassifier {
  const weights = parseOrThrow(CutModelWeightsSchema, JSON.parse(readFileSync(url, 'utf8')), 'cut model weights');
  return cutClassifierFrom(weights);
}

/** Builds the classifier from weights, checking the feature contract and the layer shapes. */
export function cutClassifierFrom(weights: CutModelWeights): CutClassifier {
  if (weights.featureNames.join() !== CUT_FEATURE_NAMES.join())
    throw new ValidationError(`cut model ${weights.version}: its features (${weights.featureNames.join(', ')}) are not the detector's`);
  let inputs: number = CUT_FEATURE_COUNT;
  const layers = weights.layers.map((l, i) => {
    if (l.weight.length !== l.bias.length || l.weight.some((row) => row.length !== inputs))
      throw new ValidationError(`cut model ${weights.version}: layer ${i} is not ${l.bias.length}×${inputs}`);
    inputs = l.bias.length;
    return { weight: Float64Array.from(l.weight.flat()), bias: Float64Array.from(l.bias), inputs: l.weight[0]!.length };
  });
  if (inputs !== 1) throw new ValidationError(`cut model ${weights.version}: the last layer must have one output`);
  const mean = Float64Array.from(weights.mean);
  const invStd = Float64Array.from(weights.std, (s) => 1 / s);
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.bias.length)));
  const bufA = new Float64Array(widest);
  const bufB = new Float64Array(widest);
  return {
    version: weights.version,
    probability(features: Float32Array): number {
      for (let i = 0; i < CUT_FEATURE_COUNT; i++) bufA[i] = (features[i]! - mean[i]!) * invStd[i]!;
      let x = bufA;
      let y = bufB;
      layers.forEach((l, k) => {
        for (let o = 0; o < l.bias.length; o++) {
          let sum = l.bias[o]!;
          for (let i = 0; i < l.inputs; i++) sum += l.weight[o * l.inputs + i]! * x[i]!;
          y[o] = k < layers.length - 1 && sum < 0 ? 0 : sum;
        }
        [x, y] = [y, x];
      });
      return 1 / (1 + Math.exp(-x[0]!));
    },
  };
}
