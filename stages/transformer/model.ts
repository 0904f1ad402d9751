/**
 * The Object Transformer model as the stage sees it: the ONNX file and its manifest
 * (models/manifest.ts format plus a `transformer` section written by training/export.py:
 * sizes, encoder layout, pose-cluster centres, training provenance). The small default
 * model ships in `stages/transformer/model/` (committed, < 1 MB, sha256-checked on load).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import { COCO_LABELS } from '../../models/labels';
import { manifestFileName } from '../../models/manifest';
import { readModelDir, type ResolvedModel } from '../../models/registry';

/** Name of the default model and where it ships. */
const DEFAULT_TRANSFORMER = 'object-transformer';
export const DEFAULT_TRANSFORMER_DIR = join(dirname(fileURLToPath(import.meta.url)), 'model');

/** The transformer's sizes and token layout (training/lvu_ot/config.py ModelConfig). */
export const TransformerConfigSchema = z.object({
  encoders: z.array(z.tuple([z.string(), z.number().int().positive()])).min(1),
  hidden: z.number().int().positive(),
  layers: z.number().int().positive(),
  span_sec: z.number().int().positive(),
  stride_sec: z.number().int().positive(),
  max_tokens: z.number().int().min(2),
  max_instances: z.number().int().positive(),
  max_shots: z.number().int().positive(),
  spatial_dim: z.literal(5),
  num_object_classes: z.number().int().nonnegative(),
  pose_clusters: z.number().int().nonnegative(),
  compat_dim: z.number().int().positive(),
});
export type TransformerConfig = z.infer<typeof TransformerConfigSchema>;

const TransformerSectionSchema = z.object({
  config: TransformerConfigSchema,
  poseCentres: z.array(z.array(z.number())),
  provenance: z.record(z.string(), z.unknown()),
});

/** A loaded transformer: the resolved ONNX model plus its config and vocabulary. */
export interface TransformerModel {
  resolved: ResolvedModel;
  config: TransformerConfig;
  /** Masked-instance vocabulary: object class names, then `pose cluster k`. */
  vocab: string[];
  provenance: Record<string, unknown>;
}

/**
 * Reads `<dir>/<name>.manifest.json` (validated, ONNX sha256 checked by the models
 * registry) and its `transformer` section. Defaults to the shipped model.
 */
export function loadTransformerModel(dir = DEFAULT_TRANSFORMER_DIR, name = DEFAULT_TRANSFORMER): TransformerModel {
  const resolved = readModelDir(dir, name);
  const raw = JSON.parse(readFileSync(join(dir, manifestFileName(name)), 'utf8')) as { transformer?: unknown };
  const section = parseOrThrow(TransformerSectionSchema, raw.transformer, `transformer section of ${name} manifest`);
  const c = section.config;
  const classes = Array.from({ length: c.num_object_classes }, (_, i) => COCO_LABELS[i] ?? `class ${i}`);
  const poses = Array.from({ length: c.pose_clusters }, (_, k) => `pose cluster ${k}`);
  return { resolved, config: c, vocab: [...classes, ...poses], provenance: section.provenance };
}

/** Width of the concatenated encoder features (F). */
export function featDim(config: TransformerConfig): number {
  return config.encoders.reduce((n, [, d]) => n + d, 0);
}
