/**
 * Configuration of the models room, parsed once at the edge (env vars, CLI flags) with zod
 * and passed down frozen: where converted models are cached, which extra directories hold
 * user models, and how ONNX Runtime runs them (execution provider, thread counts).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '../core/validate';

export const modelsConfigSchema = z.object({
  /** Cache of converted default models (`models build` writes here). */
  modelDir: z.string().min(1),
  /** Extra directories of `<name>.onnx` + `<name>.manifest.json`, searched before the cache. */
  searchDirs: z.array(z.string().min(1)).default([]),
  executionProvider: z.enum(['cpu', 'cuda']).default('cpu'),
  /** ORT intra-op threads; 0 lets ORT choose (one per core). */
  intraOpThreads: z.number().int().min(0).max(256).default(0),
  interOpThreads: z.number().int().min(0).max(256).default(0),
  /** Convert missing default models on first use (with a one-line notice). */
  autoBuild: z.boolean().default(true),
});

export type ModelsConfig = Readonly<z.output<typeof modelsConfigSchema>>;

const envSchema = z.object({
  LVU_MODEL_DIR: z.string().min(1).optional(),
  LVU_MODEL_PATH: z.string().optional(),
  LVU_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda']).optional(),
  LVU_INTRA_OP_THREADS: z.coerce.number().int().min(0).optional(),
  LVU_INTER_OP_THREADS: z.coerce.number().int().min(0).optional(),
  XDG_CACHE_HOME: z.string().min(1).optional(),
});

/** The default cache dir: `$XDG_CACHE_HOME/lvu/models` or `~/.cache/lvu/models`. */
export function defaultModelDir(env: Record<string, string | undefined> = process.env): string {
  return join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'lvu', 'models');
}

/**
 * Builds the config from environment variables (`LVU_MODEL_DIR`, `LVU_MODEL_PATH` as a
 * `:`-separated list, `LVU_EXECUTION_PROVIDER`, `LVU_INTRA_OP_THREADS`,
 * `LVU_INTER_OP_THREADS`) plus explicit overrides, validated and frozen.
 */
export function modelsConfig(
  overrides: Partial<z.input<typeof modelsConfigSchema>> = {},
  env: Record<string, string | undefined> = process.env,
): ModelsConfig {
  const e = parseOrThrow(envSchema, env, 'environment');
  const base = {
    modelDir: resolve(e.LVU_MODEL_DIR ?? defaultModelDir(env)),
    searchDirs: (e.LVU_MODEL_PATH ?? '')
      .split(':')
      .filter(Boolean)
      .map((d) => resolve(d)),
    executionProvider: e.LVU_EXECUTION_PROVIDER,
    intraOpThreads: e.LVU_INTRA_OP_THREADS,
    interOpThreads: e.LVU_INTER_OP_THREADS,
  };
  const merged = Object.fromEntries(Object.entries({ ...base, ...overrides }).filter(([, v]) => v !== undefined));
  return Object.freeze(parseOrThrow(modelsConfigSchema, merged, 'models config'));
}
