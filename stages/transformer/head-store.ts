/**
 * Trained heads on disk: one JSON per task (`<headsDir>/<task>.json`) holding the task
 * definition (so user-defined tasks travel with their head), the model version the span
 * embeddings came from, the weights and the cross-validation report.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LvuTaskSchema } from '../../core/lvu-tasks';
import { parseOrThrow } from '../../core/validate';
import type { StoredHead } from './answers';

const StoredHeadSchema = z.object({
  task: LvuTaskSchema,
  model: z.object({ name: z.string(), version: z.string() }),
  head: z.object({
    kind: z.enum(['classification', 'regression']), dim: z.number().int().positive(),
    mean: z.array(z.number()), std: z.array(z.number()), weights: z.array(z.array(z.number())), bias: z.array(z.number()), lambda: z.number(),
  }),
  cv: z.object({ metric: z.enum(['accuracy', 'mse']), folds: z.number().int(), perFold: z.array(z.number()), mean: z.number().nullable(), baseline: z.number().nullable() }),
  videos: z.number().int(),
  spans: z.number().int(),
});

/** The default heads directory: `$LVU_HEADS_DIR`, else `.lvu/heads` under the working directory. */
export function defaultHeadsDir(env: Record<string, string | undefined> = process.env): string {
  return env['LVU_HEADS_DIR'] ?? join('.lvu', 'heads');
}

/** JSON text of a stored head (NaN, which JSON lacks, is written as null). */
export function encodeStoredHead(h: StoredHead): string {
  return `${JSON.stringify({ ...h, cv: { ...h.cv, mean: Number.isNaN(h.cv.mean) ? null : h.cv.mean, baseline: Number.isNaN(h.cv.baseline) ? null : h.cv.baseline } }, null, 1)}\n`;
}

/** Parses a stored head JSON (validated; errors name the bad field). */
export function decodeStoredHead(json: string, where: string): StoredHead {
  const h = parseOrThrow(StoredHeadSchema, JSON.parse(json), `head ${where}`);
  return { ...h, cv: { ...h.cv, mean: h.cv.mean ?? Number.NaN, baseline: h.cv.baseline ?? Number.NaN } };
}

/** Writes `<dir>/<task>.json` atomically. */
export function writeHead(dir: string, h: StoredHead): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${h.task.name}.json`);
  writeFileSync(`${path}.tmp-${process.pid}`, encodeStoredHead(h));
  renameSync(`${path}.tmp-${process.pid}`, path);
  return path;
}

/** Every head in a directory, by task name (a missing directory holds none). */
export function readHeads(dir: string): Map<string, StoredHead> {
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return new Map(files.map((f) => {
    const h = decodeStoredHead(readFileSync(join(dir, f), 'utf8'), join(dir, f));
    return [h.task.name, h] as const;
  }));
}
