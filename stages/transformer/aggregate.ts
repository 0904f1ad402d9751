/**
 * From span outputs to video-level results: the video embedding (mean of span [CLS]),
 * and per-instance masked-instance predictions (softmax averaged over the instance's tokens).
 * Scenes are the scenes stage's (`stages/scenes`, `scenes.json`), not the transformer's.
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import type { SpanOutput } from './infer';
import type { SpanTokens } from './spans';

/** Labels kept per instance prediction. */
export const TOP_LABELS = 3;

/** Mean of equally sized vectors. */
export function meanVector(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) v.forEach((x, i) => (out[i] = out[i]! + x / vectors.length));
  return out;
}

/** Cosine similarity (0 when either vector is zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function softmaxInto(logits: Float32Array, offset: number, n: number, acc: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) max = Math.max(max, logits[offset + k]!);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(logits[offset + k]! - max);
  for (let k = 0; k < n; k++) acc[k] = acc[k]! + Math.exp(logits[offset + k]! - max) / sum;
}

/** An instance's averaged masked-instance prediction. */
export interface InstancePrediction {
  /** `identity` when linked across shots, else `track`. */
  kind: 'identity' | 'track';
  id: number;
  tokens: number;
  firstSec: number;
  lastSec: number;
  top: { label: string; p: number }[];
}

/** Averages the softmax of every token of each instance over all spans (overlaps count twice). */
export function instancePredictions(
  bank: FeatureBank,
  spans: readonly SpanTokens[],
  outputs: readonly SpanOutput[],
  vocab: readonly string[],
): InstancePrediction[] {
  const V = vocab.length;
  const acc = new Map<string, { kind: 'identity' | 'track'; id: number; n: number; first: number; last: number; p: Float64Array }>();
  spans.forEach((span, s) => {
    span.rows.forEach((r, t) => {
      const ident = bank.identityId[r]!;
      const kind = ident >= 0 ? 'identity' : 'track';
      const id = ident >= 0 ? ident : bank.trackId[r]!;
      const key = `${kind}:${id}`;
      const a = acc.get(key) ?? { kind, id, n: 0, first: bank.second[r]!, last: bank.second[r]!, p: new Float64Array(V) };
      softmaxInto(outputs[s]!.mipLogits, t * V, V, a.p);
      a.n++;
      a.first = Math.min(a.first, bank.second[r]!);
      a.last = Math.max(a.last, bank.second[r]!);
      acc.set(key, a);
    });
  });
  return [...acc.values()].map((a) => ({
    kind: a.kind,
    id: a.id,
    tokens: a.n,
    firstSec: a.first,
    lastSec: a.last,
    top: [...a.p]
      .map((p, k) => ({ label: vocab[k]!, p: p / a.n }))
      .sort((x, y) => y.p - x.p)
      .slice(0, TOP_LABELS),
  }));
}
