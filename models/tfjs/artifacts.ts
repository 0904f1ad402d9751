/**
 * Reading TensorFlow.js model artifacts from disk: `model.json` + binary weight shards
 * (graph and layers formats), and nsfwjs's browserified bundles (`model.min.js` and
 * base64 `group1-shardNofM.min.js`). Weights are dequantised to float32 exactly as TFJS
 * does on load (`q * scale + min` for uint8/uint16, IEEE half → float for float16), so the
 * converted model starts from bit-identical weights.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { LvuError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';

const quantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  min: z.number().optional(),
  scale: z.number().optional(),
});
const weightSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: quantizationSchema.optional(),
});
const modelJsonSchema = z.object({
  format: z.string().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string().min(1)), weights: z.array(weightSpecSchema) })).min(1),
  signature: z.unknown().optional(),
  userDefinedMetadata: z.unknown().optional(),
});

/** One weight entry of a TFJS weights manifest. */
export type TfjsWeightSpec = z.infer<typeof weightSpecSchema>;

/** A TFJS model read into memory: topology, weight specs and the concatenated shard bytes. */
export interface TfjsArtifacts {
  format: 'graph-model' | 'layers-model';
  modelTopology: Record<string, unknown>;
  weightSpecs: TfjsWeightSpec[];
  weightData: Uint8Array;
  /** Input/output signature of a graph model, if the converter recorded one. */
  signature: unknown;
  /** Every file read, in order, for provenance hashing. */
  files: string[];
}

/** A dequantised weight tensor. */
export interface WeightTensor {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LvuError('MODEL_FILE_INVALID', `cannot read TFJS model ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function toArtifacts(json: unknown, what: string, shards: (paths: string[]) => { data: Uint8Array; files: string[] }): TfjsArtifacts {
  const parsed = parseOrThrow(modelJsonSchema, json, `TFJS model ${what}`);
  const isLayers = parsed.format === 'layers-model' || 'model_config' in parsed.modelTopology;
  const paths = parsed.weightsManifest.flatMap((g) => g.paths);
  const { data, files } = shards(paths);
  const weightSpecs = parsed.weightsManifest.flatMap((g) => g.weights);
  const expected = weightSpecs.reduce((n, w) => n + byteLength(w), 0);
  if (expected !== data.byteLength) {
    throw new LvuError('MODEL_FILE_INVALID', `TFJS model ${what}: weight shards hold ${data.byteLength} bytes, manifest needs ${expected}`);
  }
  return {
    format: isLayers ? 'layers-model' : 'graph-model',
    modelTopology: parsed.modelTopology,
    weightSpecs,
    weightData: data,
    signature: parsed.signature,
    files,
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Reads a TFJS `model.json` and its weight shards (paths relative to the JSON file). */
export function readTfjsModel(modelJsonPath: string): TfjsArtifacts {
  if (!existsSync(modelJsonPath)) throw new LvuError('MODEL_SOURCE_MISSING', `TFJS model not found: ${modelJsonPath}`);
  const dir = dirname(modelJsonPath);
  return toArtifacts(readJson(modelJsonPath), modelJsonPath, (paths) => {
    const files = paths.map((p) => join(dir, p));
    const parts = files.map((f) => {
      if (!existsSync(f)) throw new LvuError('MODEL_SOURCE_MISSING', `weight shard not found: ${f}`);
      return new Uint8Array(readFileSync(f));
    });
    return { data: concat(parts), files: [modelJsonPath, ...files] };
  });
}

/**
 * Reads an nsfwjs bundled model directory (`model.min.js` + `group1-shardNofM.min.js`).
 * The bundles are CommonJS modules of the pinned package that export the model JSON and
 * base64 shard strings; requiring them is how nsfwjs itself loads them.
 */
export function readNsfwjsBundle(bundleDir: string): TfjsArtifacts {
  const dir = resolve(bundleDir);
  const modelPath = join(dir, 'model.min.js');
  if (!existsSync(modelPath)) throw new LvuError('MODEL_SOURCE_MISSING', `nsfwjs model bundle not found: ${modelPath}`);
  const req = createRequire(import.meta.url);
  return toArtifacts(req(modelPath), modelPath, (paths) => {
    const files = paths.map((p) => join(dir, `${p}.min.js`));
    const parts = files.map((f) => {
      const b64: unknown = existsSync(f) ? req(f) : undefined;
      if (typeof b64 !== 'string') throw new LvuError('MODEL_SOURCE_MISSING', `nsfwjs weight bundle missing or not base64: ${f}`);
      return new Uint8Array(Buffer.from(b64, 'base64'));
    });
    return { data: concat(parts), files: [modelPath, ...files] };
  });
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function byteLength(w: TfjsWeightSpec): number {
  const per = w.quantization ? (w.quantization.dtype === 'uint8' ? 1 : 2) : w.dtype === 'bool' ? 1 : 4;
  return elementCount(w.shape) * per;
}

/** IEEE 754 half → float (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function dequantise(w: TfjsWeightSpec, bytes: Uint8Array): Float32Array | Int32Array {
  const n = elementCount(w.shape);
  const q = w.quantization!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = w.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let k = 0; k < n; k++) {
    if (q.dtype === 'float16') out[k] = halfToFloat(view.getUint16(2 * k, true));
    else {
      const v = q.dtype === 'uint8' ? bytes[k]! : view.getUint16(2 * k, true);
      out[k] = v * (q.scale ?? 1) + (q.min ?? 0);
    }
  }
  return out;
}

/** Splits and dequantises the weight bytes into named tensors (little-endian, as TFJS writes). */
export function decodeWeights(art: TfjsArtifacts): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>();
  let at = 0;
  for (const w of art.weightSpecs) {
    const len = byteLength(w);
    const bytes = art.weightData.slice(at, at + len);
    at += len;
    const n = elementCount(w.shape);
    let data: Float32Array | Int32Array | Uint8Array;
    if (w.quantization) data = dequantise(w, bytes);
    else if (w.dtype === 'float32') data = new Float32Array(bytes.buffer, 0, n);
    else if (w.dtype === 'int32') data = new Int32Array(bytes.buffer, 0, n);
    else data = bytes;
    out.set(w.name, { dtype: w.dtype, shape: [...w.shape], data });
  }
  return out;
}
