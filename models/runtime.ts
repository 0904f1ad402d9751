/**
 * The ONNX Runtime adapter: the only module that imports `onnxruntime-node`. It opens
 * sessions with the configured execution provider and thread counts, keeps them in an
 * explicit cache object (one session per model file), checks every input against the
 * manifest before running (wrong name, dtype or shape → an error naming the input), and
 * disposes sessions on request.
 */
import { addTime } from '../core/profile';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LvuError } from '../core/errors';
import type { ModelsConfig } from './config';
import type { InputSpec, ModelManifest } from './manifest';
import type { ResolvedModel } from './registry';

/** Input payload: a typed array in the manifest's layout, and its dims. */
export interface InputTensor {
  data: Float32Array | Int32Array | Uint8Array;
  dims: readonly number[];
}

/** An output as ONNX Runtime returns it. */
export interface OutputTensor {
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  dims: readonly number[];
}

/** A loaded model. `run` validates inputs against the manifest. */
export interface ModelSession {
  readonly manifest: ModelManifest;
  run(feeds: Readonly<Record<string, InputTensor>>): Promise<Record<string, OutputTensor>>;
}

function dtypeOf(data: InputTensor['data']): InputSpec['dtype'] {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Checks one input against its spec; throws MODEL_INPUT_INVALID naming the input. */
export function checkInput(spec: InputSpec, t: InputTensor | undefined, model: string): void {
  const fail = (why: string): never => {
    throw new LvuError('MODEL_INPUT_INVALID', `model ${model}, input ${spec.name}: ${why}`, { details: { model, input: spec.name } });
  };
  if (!t) {
    fail('missing');
    return;
  }
  const dtype = dtypeOf(t.data);
  if (dtype !== spec.dtype) fail(`dtype ${dtype}, expected ${spec.dtype}`);
  if (t.dims.length !== spec.shape.length) fail(`rank ${t.dims.length} (dims [${t.dims.join(', ')}]), expected [${spec.shape.join(', ')}]`);
  spec.shape.forEach((d, k) => {
    const got = t.dims[k]!;
    if (!Number.isInteger(got) || got <= 0 || (typeof d === 'number' && d !== got))
      fail(`dims [${t.dims.join(', ')}], expected [${spec.shape.join(', ')}]`);
  });
  const n = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) fail(`${t.data.length} values for dims [${t.dims.join(', ')}] (${n})`);
}

/** Checks all feeds: every manifest input present and valid, no unknown names. */
export function checkFeeds(manifest: ModelManifest, feeds: Readonly<Record<string, InputTensor>>): void {
  for (const name of Object.keys(feeds)) {
    if (!manifest.inputs.some((i) => i.name === name))
      throw new LvuError(
        'MODEL_INPUT_INVALID',
        `model ${manifest.name} has no input ${name} (inputs: ${manifest.inputs.map((i) => i.name).join(', ')})`,
      );
  }
  for (const spec of manifest.inputs) checkInput(spec, feeds[spec.name], manifest.name);
}

/** Directory of ORT's native binaries, where optional provider libraries would live. */
function ortBinaryDir(): string | undefined {
  const root = dirname(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')));
  const bin = join(root, 'bin');
  if (!existsSync(bin)) return undefined;
  for (const napi of readdirSync(bin)) {
    const dir = join(bin, napi, process.platform, process.arch);
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

/** Throws a clear error unless ORT's CUDA provider library is installed. */
export function assertCudaAvailable(): void {
  const dir = ortBinaryDir();
  if (dir && existsSync(join(dir, 'libonnxruntime_providers_cuda.so'))) return;
  throw new LvuError(
    'EXECUTION_PROVIDER_UNAVAILABLE',
    `CUDA execution provider requested, but onnxruntime-node has no CUDA binaries in ${dir ?? '(not found)'}; ` +
      'the GPU worker image installs them from the npm registry, pinned by sha256 (`gpu-workers/cuda-ep.sh fetch && gpu-workers/cuda-ep.sh install`, ' +
      'see gpu-workers/Dockerfile); `lvu doctor` says what this host lacks; or use executionProvider "cpu"',
  );
}

/** What this host's ONNX Runtime offers, for `lvu doctor`. */
export interface RuntimeReport {
  ortVersion: string;
  /** Where ORT's native binaries are (where a CUDA provider library would have to be). */
  binaryDir: string | undefined;
  /** Undefined when the CUDA execution provider is usable; else why not. */
  cudaUnavailable: string | undefined;
}

/**
 * Reports ORT's version and whether its CUDA execution provider can be used: the provider
 * library must be installed next to ORT's binaries, and a session must open with it (that
 * also needs a device and the CUDA/cuDNN libraries it links to). `probeModel` is a small
 * ONNX file to try; without one only the library is checked.
 */
export async function runtimeReport(probeModel?: string): Promise<RuntimeReport> {
  const binaryDir = ortBinaryDir();
  const base = { ortVersion: ort.env.versions?.common ?? 'unknown', binaryDir };
  try {
    assertCudaAvailable();
  } catch {
    return { ...base, cudaUnavailable: `no libonnxruntime_providers_cuda.so in ${binaryDir ?? '(ORT binaries not found)'}` };
  }
  if (!probeModel) return { ...base, cudaUnavailable: undefined };
  try {
    const session = await ort.InferenceSession.create(probeModel, { executionProviders: ['cuda'] });
    await session.release();
    return { ...base, cudaUnavailable: undefined };
  } catch (err) {
    return {
      ...base,
      cudaUnavailable: `the CUDA provider is installed but a session does not open: ${(err as Error).message.split('\n')[0]}`,
    };
  }
}

function sessionOptions(config: ModelsConfig): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [config.executionProvider],
    graphOptimizationLevel: 'all',
    ...(config.intraOpThreads > 0 ? { intraOpNumThreads: config.intraOpThreads } : {}),
    ...(config.interOpThreads > 0 ? { interOpNumThreads: config.interOpThreads } : {}),
  };
}

function toOrt(t: InputTensor, dtype: InputSpec['dtype']): ort.Tensor {
  return new ort.Tensor(dtype, t.data, [...t.dims]);
}

class OrtModelSession implements ModelSession {
  constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
  ) {}

  async run(feeds: Readonly<Record<string, InputTensor>>): Promise<Record<string, OutputTensor>> {
    checkFeeds(this.manifest, feeds);
    const ortFeeds = Object.fromEntries(this.manifest.inputs.map((i) => [i.name, toOrt(feeds[i.name]!, i.dtype)]));
    const t0 = performance.now();
    const out = await this.session.run(ortFeeds);
    addTime(`model ${this.manifest.name}`, performance.now() - t0, feeds[this.manifest.inputs[0]!.name]?.dims[0] ?? 1);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { data: v.data as OutputTensor['data'], dims: v.dims }]));
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * The session cache: one ORT session per model file and config, created on first use.
 * Own one per worker process; call `dispose()` at shutdown.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ModelSession & { release(): Promise<void> }>>();
  private opened = 0;

  constructor(readonly config: ModelsConfig) {}

  /** How many sessions this cache has opened in its life (reuse keeps it at one per model). */
  get sessionsOpened(): number {
    return this.opened;
  }

  /** The session of a resolved model (created once, then shared). */
  open(model: ResolvedModel): Promise<ModelSession> {
    const key = `${model.path}#${model.manifest.sha256}`;
    let s = this.sessions.get(key);
    if (!s) {
      this.opened++;
      s = this.create(model);
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  /** Releases every session; the cache can be reused afterwards (sessions are recreated). */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.release()));
  }

  private create(model: ResolvedModel): Promise<ModelSession & { release(): Promise<void> }> {
    return createSession(model.path, model.manifest, this.config);
  }
}

/**
 * Opens one session outside any cache, from a file path or in-memory ONNX bytes (tests,
 * benchmarks, `models build` checks). The caller disposes it with `release()`.
 */
export async function createSession(
  source: string | Uint8Array,
  manifest: ModelManifest,
  config: ModelsConfig,
): Promise<ModelSession & { release(): Promise<void> }> {
  if (config.executionProvider === 'cuda') assertCudaAvailable();
  const where = typeof source === 'string' ? source : `${source.byteLength} bytes in memory`;
  try {
    const opts = sessionOptions(config);
    const session =
      typeof source === 'string' ? await ort.InferenceSession.create(source, opts) : await ort.InferenceSession.create(source, opts);
    return new OrtModelSession(manifest, session);
  } catch (err) {
    throw new LvuError('MODEL_FILE_INVALID', `cannot load model ${manifest.name} from ${where}: ${(err as Error).message}`, { cause: err });
  }
}
