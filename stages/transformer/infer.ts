/**
 * Running the Object Transformer over spans through the models room's ONNX Runtime
 * adapter (a `ModelSession` from `SessionCache.open`). Spans are padded to the longest in a
 * batch; padding tokens carry token_mask 0 and never receive attention.
 */
import type { InputTensor, ModelSession, OutputTensor } from '../../models/runtime';
import { featDim, type TransformerConfig } from './model';
import type { SpanTokens } from './spans';

/** What the stage needs from an inference session (models/runtime.ts ModelSession satisfies it). */
export type InferenceRunner = Pick<ModelSession, 'run'>;

/** Outputs for one span: [CLS] embedding, compatibility embedding, per-token logits. */
export interface SpanOutput {
  start: number;
  cls: Float32Array;
  compat: Float32Array;
  /** [tokens, vocab] masked-instance logits of the span's real tokens. */
  mipLogits: Float32Array;
}

/** Pads spans into one batch of feeds (names as in the exported ONNX). */
export function batchFeeds(spans: readonly SpanTokens[], config: TransformerConfig): Record<string, InputTensor> {
  const B = spans.length;
  const T = Math.max(1, ...spans.map((s) => s.tokens));
  const F = featDim(config);
  const E = config.encoders.length;
  const feats = new Float32Array(B * T * F);
  const featMask = new Float32Array(B * T * E);
  const spatial = new Float32Array(B * T * 5);
  const [timeIdx, instIdx, shotIdx] = [new Int32Array(B * T), new Int32Array(B * T), new Int32Array(B * T)];
  const tokenMask = new Float32Array(B * T);
  spans.forEach((s, b) => {
    feats.set(s.feats, b * T * F);
    featMask.set(s.featMask, b * T * E);
    spatial.set(s.spatial, b * T * 5);
    timeIdx.set(s.timeIdx, b * T);
    instIdx.set(s.instIdx, b * T);
    shotIdx.set(s.shotIdx, b * T);
    tokenMask.fill(1, b * T, b * T + s.tokens);
  });
  const d2 = [B, T];
  return {
    feats: { data: feats, dims: [B, T, F] },
    feat_mask: { data: featMask, dims: [B, T, E] },
    spatial: { data: spatial, dims: [B, T, 5] },
    time_idx: { data: timeIdx, dims: d2 },
    inst_idx: { data: instIdx, dims: d2 },
    shot_idx: { data: shotIdx, dims: d2 },
    token_mask: { data: tokenMask, dims: d2 },
  };
}

function asFloat(t: OutputTensor | undefined, name: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`object transformer output ${name} is missing or not float32`);
  return t.data;
}

/**
 * Runs all spans, `batchSize` at a time, and splits the outputs per span.
 *
 * @example
 * const session = await new SessionCache(modelsConfig()).open(model.resolved);
 * const outputs = await runSpans(session, buildSpans(bank, model.config), model.config);
 */
export async function runSpans(
  runner: InferenceRunner,
  spans: readonly SpanTokens[],
  config: TransformerConfig,
  batchSize = 8,
): Promise<SpanOutput[]> {
  const out: SpanOutput[] = [];
  const H = config.hidden;
  const C = config.compat_dim;
  const V = config.num_object_classes + config.pose_clusters;
  for (let i = 0; i < spans.length; i += batchSize) {
    const batch = spans.slice(i, i + batchSize);
    const res = await runner.run(batchFeeds(batch, config));
    const [cls, compat, mip] = [asFloat(res['cls'], 'cls'), asFloat(res['compat'], 'compat'), asFloat(res['mip_logits'], 'mip_logits')];
    const T = Math.max(1, ...batch.map((s) => s.tokens));
    batch.forEach((s, b) => {
      out.push({
        start: s.start,
        cls: cls.slice(b * H, (b + 1) * H),
        compat: compat.slice(b * C, (b + 1) * C),
        mipLogits: mip.slice(b * T * V, (b * T + s.tokens) * V),
      });
    });
  }
  return out;
}
