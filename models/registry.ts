/**
 * Resolving a model by name: the user's directories first (`LVU_MODEL_PATH`, any
 * `<name>.onnx` + `<name>.manifest.json` pair, so users bring their own models), then the
 * cache of converted default models, building a missing default on first use with a
 * one-line notice. Every manifest is validated and the ONNX file checked against its sha256.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LvuError } from '../core/errors';
import { buildModel, isUpToDate } from './build';
import type { ModelsConfig } from './config';
import { DEFAULT_MODELS } from './defaults';
import { manifestFileName, parseManifest, type ModelManifest } from './manifest';
import { sha256File } from './sources';

/** A model found on disk: its manifest and the absolute path of its ONNX file. */
export interface ResolvedModel {
  manifest: ModelManifest;
  path: string;
  dir: string;
}

/** Reads and validates `<dir>/<name>.manifest.json` and checks the ONNX file's sha256. */
export function readModelDir(dir: string, name: string, verify = true): ResolvedModel {
  const manifestPath = join(dir, manifestFileName(name));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new LvuError('MODEL_MANIFEST_INVALID', `cannot read manifest ${manifestPath}: ${(err as Error).message}`, { cause: err });
  }
  const manifest = parseManifest(json, manifestPath);
  if (manifest.name !== name)
    throw new LvuError('MODEL_MANIFEST_INVALID', `manifest ${manifestPath} names model ${manifest.name}, expected ${name}`);
  const path = join(dir, manifest.file);
  if (!existsSync(path)) throw new LvuError('MODEL_FILE_MISSING', `model file ${path} (from ${manifestPath}) does not exist`);
  if (verify) {
    const actual = sha256File(path);
    if (actual !== manifest.sha256)
      throw new LvuError('MODEL_CHECKSUM_MISMATCH', `model file ${path} has sha256 ${actual}, manifest says ${manifest.sha256}`);
  }
  return { manifest, path, dir };
}

/** Where to look, in order. */
function searchOrder(config: ModelsConfig): string[] {
  return [...config.searchDirs, config.modelDir];
}

/**
 * Finds a model by name. A default model missing from the cache, or cached by an older
 * recipe or converter (see `isUpToDate`), is converted into it when `config.autoBuild` is
 * on; `notice` receives one line saying so.
 */
export function resolveModel(
  name: string,
  config: ModelsConfig,
  notice: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): ResolvedModel {
  for (const dir of config.searchDirs) {
    if (existsSync(join(dir, manifestFileName(name)))) return readModelDir(dir, name);
  }
  const cached = existsSync(join(config.modelDir, manifestFileName(name)));
  const rebuild = DEFAULT_MODELS[name] !== undefined && config.autoBuild;
  if (cached && !(rebuild && !isUpToDate(name, config.modelDir))) return readModelDir(config.modelDir, name);
  if (rebuild) {
    const why = cached ? 'cached by an older recipe or converter' : 'first use';
    notice(`lvu: converting default model ${name} into ${config.modelDir} (${why}; \`lvu models build\` does all at once)`);
    buildModel(name, config.modelDir, true);
    return readModelDir(config.modelDir, name);
  }
  throw new LvuError(
    'MODEL_NOT_FOUND',
    `model ${name} not found in ${searchOrder(config).join(', ')}${DEFAULT_MODELS[name] ? ' (run `lvu models build`)' : ''}`,
  );
}

/** One row of `models list`. */
export interface ModelListing {
  name: string;
  dir: string | null;
  status: 'ready' | 'not built' | 'invalid';
  detail: string;
}

/** Lists every model in the search dirs and every default model (built or not). */
export function listModels(config: ModelsConfig): ModelListing[] {
  const rows = new Map<string, ModelListing>();
  for (const dir of searchOrder(config)) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.manifest.json'))
      .sort()) {
      const name = f.slice(0, -'.manifest.json'.length);
      if (rows.has(name)) continue;
      try {
        const m = readModelDir(dir, name, false).manifest;
        rows.set(name, { name, dir, status: 'ready', detail: `${m.role}, ${m.source.package}@${m.source.packageVersion}` });
      } catch (err) {
        rows.set(name, { name, dir, status: 'invalid', detail: (err as Error).message });
      }
    }
  }
  for (const name of Object.keys(DEFAULT_MODELS))
    if (!rows.has(name)) rows.set(name, { name, dir: null, status: 'not built', detail: 'default model' });
  return [...rows.values()];
}
