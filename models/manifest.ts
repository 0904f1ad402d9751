/**
 * The model manifest: everything a caller needs to feed a model and read its outputs, and
 * everything an auditor needs to know where it came from. One JSON file per model
 * (`<name>.manifest.json`) next to its ONNX file, in the model cache or in any directory a
 * user registers. Validated with zod whenever it is read.
 */
import { z } from 'zod';
import { parseOrThrow } from '../core/validate';

/** Manifest format version; bump on breaking changes. */
export const MANIFEST_SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');
const dim = z.union([z.number().int().positive(), z.string().min(1)]);

/** Per-channel affine map from 0..255 pixel values to model input: `x * scale + offset`. */
export const normalisationSchema = z.object({
  scale: z.array(z.number()).length(3),
  offset: z.array(z.number()).length(3),
});

export const inputSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(['float32', 'int32', 'uint8']),
  /** Dims; a string is a free (symbolic) dim such as `batch` or `height`. */
  shape: z.array(dim).min(1),
  layout: z.enum(['NHWC', 'NCHW', 'NC', 'other']),
  colorOrder: z.enum(['RGB', 'BGR', 'none']),
  normalisation: normalisationSchema.optional(),
  /** How a frame of another size is fitted: letterbox keeps aspect ratio (pads bottom/right). */
  resize: z.enum(['letterbox', 'stretch', 'crop', 'none']),
});

export const outputSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(['float32', 'int32', 'int64', 'uint8', 'bool']),
  shape: z.array(dim).optional(),
  meaning: z.string().min(1),
});

export const sourceFileSchema = z.object({ path: z.string().min(1), sha256 });

export const manifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -'),
  version: z.string().min(1),
  role: z.enum(['people-pose', 'objects', 'face-detector', 'face-descriptor', 'appearance', 'custom']),
  description: z.string(),
  /** ONNX file name, relative to the manifest's directory. */
  file: z
    .string()
    .min(1)
    .regex(/^[^/\\]+\.onnx$/, 'a bare *.onnx file name'),
  sha256,
  source: z.object({
    package: z.string().min(1),
    packageVersion: z.string().min(1),
    format: z.enum(['tfjs-graph', 'tfjs-layers', 'onnx']),
    origin: z.string(),
    files: z.array(sourceFileSchema),
  }),
  licence: z.object({ code: z.string().min(1), weights: z.string().min(1), notes: z.string().optional() }),
  converter: z.object({ name: z.string(), version: z.string(), opset: z.number().int().positive() }).optional(),
  inputs: z.array(inputSpecSchema).min(1),
  outputs: z.array(outputSpecSchema).min(1),
  labels: z.array(z.string()).optional(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type InputSpec = z.infer<typeof inputSpecSchema>;
export type OutputSpec = z.infer<typeof outputSpecSchema>;
export type Normalisation = z.infer<typeof normalisationSchema>;

/** Validates a parsed manifest JSON; errors name the bad field (e.g. `inputs.0.dtype`). */
export function parseManifest(json: unknown, where: string): ModelManifest {
  return parseOrThrow(manifestSchema, json, `model manifest ${where}`);
}

/** The manifest file name for a model name. */
export function manifestFileName(name: string): string {
  return `${name}.manifest.json`;
}
