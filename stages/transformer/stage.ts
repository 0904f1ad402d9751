/**
 * The transformer stage (CPU queue, after merge): feature bank → spans → Object
 * Transformer → video embedding, per-instance predictions; plus the span
 * embeddings that task heads are trained on and answer from. Never decodes video.
 */
import type { FeatureBank } from '../../core/contracts/feature-bank';
import { encodeSafetensors, decodeSafetensors } from '../features/safetensors';
import { instancePredictions, meanVector, type InstancePrediction } from './aggregate';
import { runSpans, type InferenceRunner, type SpanOutput } from './infer';
import type { TransformerModel } from './model';
import { buildSpans } from './spans';

/** File names the stage writes next to the feature bank. */
export const TRANSFORMER_RESULT_FILE = 'transformer.json';
export const SPAN_EMBEDDINGS_FILE = 'span-embeddings.safetensors';

/** Span embeddings: [CLS] per span and where each span lies. */
export interface SpanEmbeddings {
  model: string;
  version: string;
  starts: Int32Array;
  spanSec: number;
  /** [spans, hidden] row-major. */
  cls: Float32Array;
  hidden: number;
}

/** Everything the stage produces for one video. */
export interface TransformerResult {
  model: { name: string; version: string; sha256: string };
  videoId: string;
  spans: { startSec: number; endSec: number; tokens: number }[];
  videoEmbedding: number[];
  instances: InstancePrediction[];
  embeddings: SpanEmbeddings;
}

/**
 * Runs the stage for one bank. `runner` is the model's ORT session
 * (`new SessionCache(modelsConfig()).open(model.resolved)`).
 */
export async function runTransformerStage(bank: FeatureBank, model: TransformerModel, runner: InferenceRunner): Promise<TransformerResult> {
  const cfg = model.config;
  const spans = buildSpans(bank, cfg);
  const outputs = await runSpans(runner, spans, cfg);
  const m = model.resolved.manifest;
  const count = bank.index.grid.count;
  return {
    model: { name: m.name, version: m.version, sha256: m.sha256 },
    videoId: bank.index.videoId,
    spans: spans.map((s) => ({ startSec: s.start, endSec: Math.min(count, s.start + cfg.span_sec), tokens: s.tokens })),
    videoEmbedding: [...videoEmbeddingOf(outputs)],
    instances: instancePredictions(bank, spans, outputs, model.vocab),
    embeddings: {
      model: m.name,
      version: m.version,
      spanSec: cfg.span_sec,
      hidden: cfg.hidden,
      starts: Int32Array.from(spans, (s) => s.start),
      cls: Float32Array.from(outputs.flatMap((o) => [...o.cls])),
    },
  };
}

/** The video embedding: the mean [CLS] output over the video's sliding spans. */
export function videoEmbeddingOf(outputs: readonly SpanOutput[]): Float32Array {
  return meanVector(outputs.map((o) => o.cls));
}

/** Span embeddings as safetensors bytes (`cls` [S, H] F32, `starts` [S] I32; model in metadata). */
export function encodeSpanEmbeddings(e: SpanEmbeddings): Uint8Array {
  const n = e.starts.length;
  return encodeSafetensors(
    { cls: { dtype: 'F32', shape: [n, e.hidden], data: e.cls }, starts: { dtype: 'I32', shape: [n], data: e.starts } },
    { model: e.model, version: e.version, spanSec: String(e.spanSec) },
  );
}

/** Reads span embeddings written by encodeSpanEmbeddings. */
export function decodeSpanEmbeddings(bytes: Uint8Array): SpanEmbeddings {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const cls = tensors['cls'];
  const starts = tensors['starts'];
  if (cls?.dtype !== 'F32' || starts?.dtype !== 'I32' || cls.shape.length !== 2 || cls.shape[0] !== starts.shape[0]) {
    throw new Error('span embeddings file lacks cls [S, H] F32 and starts [S] I32');
  }
  return {
    model: metadata['model'] ?? 'unknown',
    version: metadata['version'] ?? 'unknown',
    spanSec: Number(metadata['spanSec'] ?? 60),
    starts: starts.data,
    cls: cls.data,
    hidden: cls.shape[1]!,
  };
}
