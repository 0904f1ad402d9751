/**
 * `models build`: converts the default models from their pinned npm packages into the
 * model cache, writing `<name>.onnx` and `<name>.manifest.json` (sha256 of every source
 * file and of the ONNX output). Idempotent: a model whose manifest, sources and ONNX file
 * still agree is left alone; conversion is deterministic, so a rebuild writes the same bytes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LvuError } from '../core/errors';
import { ONNX_OPSET } from './onnx/builder';
import { DEFAULT_MODELS, type DefaultModel } from './defaults';
import { manifestFileName, MANIFEST_SCHEMA_VERSION, parseManifest, type ModelManifest } from './manifest';
import { sha256File, sha256Hex, verifySourceFiles } from './sources';
import { readNsfwjsBundle, readTfjsModel } from './tfjs/artifacts';
import { convertGraphModel, type ConvertedModel } from './tfjs/graph-convert';
import { GRAPH_PATCHES } from './tfjs/graph-patches';
import { convertLayersModel } from './tfjs/layers-convert';

/** Bumped whenever converter changes alter the ONNX bytes, so caches rebuild. */
export const CONVERTER_VERSION = '1';

/** Outcome of building one model. */
export interface BuildResult {
  name: string;
  status: 'built' | 'up-to-date';
  file: string;
  ms: number;
}

function convert(def: DefaultModel, pkgDir: string, name: string): ConvertedModel {
  const r = def.recipe;
  if (r.kind === 'tfjs-graph') {
    const overrides = r.patches ? GRAPH_PATCHES[r.patches] : undefined;
    return convertGraphModel(readTfjsModel(join(pkgDir, r.modelJson)), { outputs: r.outputs, inputDims: r.inputDims, overrides }, name);
  }
  return convertLayersModel(readNsfwjsBundle(join(pkgDir, r.bundleDir)), r.outputs, r.inputDims, name);
}

/** Converts one default model in memory; returns the ONNX bytes and the full manifest. */
export function convertDefaultModel(name: string): { bytes: Uint8Array; manifest: ModelManifest } {
  const def = DEFAULT_MODELS[name];
  if (!def) throw new LvuError('MODEL_UNKNOWN', `no default model named ${name} (known: ${Object.keys(DEFAULT_MODELS).join(', ')})`);
  const src = def.manifest.source;
  const { dir, files } = verifySourceFiles(src.package, src.packageVersion, def.sourceFiles);
  const converted = convert(def, dir, name);
  const manifest: ModelManifest = {
    ...def.manifest,
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    file: `${name}.onnx`,
    sha256: sha256Hex(converted.bytes),
    source: { ...src, files },
    converter: { name: 'lvu-tfjs2onnx', version: CONVERTER_VERSION, opset: ONNX_OPSET },
  };
  return { bytes: converted.bytes, manifest: parseManifest(manifest, name) };
}

/**
 * True when the cached model matches its pinned sources, the converter version, the
 * default's manifest version (bumped when a recipe changes, e.g. centernet 2: dynamic
 * dims) and its sha256.
 */
export function isUpToDate(name: string, modelDir: string): boolean {
  const def = DEFAULT_MODELS[name];
  const manifestPath = join(modelDir, manifestFileName(name));
  if (!def || !existsSync(manifestPath)) return false;
  try {
    const m = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    const onnx = join(modelDir, m.file);
    const pinned = Object.entries(def.sourceFiles).every(([p, h]) => m.source.files.some((f) => f.path === p && f.sha256 === h));
    const current = m.converter?.version === CONVERTER_VERSION && m.version === def.manifest.version;
    return pinned && current && existsSync(onnx) && sha256File(onnx) === m.sha256;
  } catch {
    return false; // an unreadable or invalid manifest is rebuilt
  }
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Builds one default model into `modelDir` unless it is up to date (or `force`). */
export function buildModel(name: string, modelDir: string, force = false): BuildResult {
  const t0 = performance.now();
  const file = join(modelDir, `${name}.onnx`);
  if (!force && isUpToDate(name, modelDir)) return { name, status: 'up-to-date', file, ms: performance.now() - t0 };
  const { bytes, manifest } = convertDefaultModel(name);
  mkdirSync(modelDir, { recursive: true });
  writeAtomic(file, bytes);
  writeAtomic(join(modelDir, manifestFileName(name)), `${JSON.stringify(manifest, null, 2)}\n`);
  return { name, status: 'built', file, ms: performance.now() - t0 };
}

/** Builds the named default models (all by default), one after another. */
export function buildModels(modelDir: string, names: readonly string[] = Object.keys(DEFAULT_MODELS), force = false): BuildResult[] {
  return names.map((n) => buildModel(n, modelDir, force));
}
