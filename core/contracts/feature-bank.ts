/**
 * The long-term feature bank (Wu et al., CVPR 2019; MERV-style multi-encoder alignment):
 * every tracked instance visible at a second of the video becomes one row on a common
 * 1-second grid, with its box, class, track, identity, shot, score and one feature row per
 * encoder. A missing encoder value is masked (mask bit 0), never silently zero-filled: the
 * feature row is zeros *and* its mask bit says so. Frame-level features (one row per grid
 * second) live beside the instance rows.
 *
 * On disk: `feature-bank.safetensors` (tensors named below, index JSON copied into the
 * safetensors `__metadata__` under `lvu.index`) plus `feature-bank.json` (the same index).
 */
import { z } from 'zod';

/** Format version of the bank; bump on breaking changes of tensor names or layout. */
export const FEATURE_BANK_FORMAT_VERSION = 1;

/** File names of the bank inside an analysis output dir (and under `videos/{id}/`). */
export const FEATURE_BANK_FILE = 'feature-bank.safetensors';
export const FEATURE_BANK_INDEX_FILE = 'feature-bank.json';

/** safetensors dtypes the bank may use for features. */
export const FeatureDtypeSchema = z.enum(['F32', 'F16']);
export type FeatureDtype = z.infer<typeof FeatureDtypeSchema>;

/** One frozen encoder whose output the bank stores (e.g. `mobilenetv2-crop`, 1280-d). */
export const EncoderSpecSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, _ -'),
  version: z.string().min(1),
  dim: z.number().int().positive(),
  dtype: FeatureDtypeSchema.default('F32'),
});
export type EncoderSpec = z.infer<typeof EncoderSpecSchema>;

/** The common time grid: row second `s` stands for time `originSec + s * stepSec`. */
export const TimeGridSchema = z.object({
  stepSec: z.literal(1),
  originSec: z.number().default(0),
  count: z.number().int().nonnegative(),
  /** Half-width of the MERV resampling window: nearest sample within ±toleranceSec, else masked. */
  toleranceSec: z.number().positive().default(0.5),
});
export type TimeGrid = z.infer<typeof TimeGridSchema>;

/** The bank's index: what a reader needs before touching a tensor. */
export const FeatureBankIndexSchema = z.object({
  format: z.literal('lvu-feature-bank'),
  version: z.literal(FEATURE_BANK_FORMAT_VERSION),
  videoId: z.string().min(1),
  durationSec: z.number().nonnegative(),
  grid: TimeGridSchema,
  /** Per-instance encoders, in tensor order. */
  encoders: z.array(EncoderSpecSchema),
  /** Frame-level encoders (one row per grid second). */
  frameEncoders: z.array(EncoderSpecSchema),
  counts: z.object({
    rows: z.number().int().nonnegative(),
    tracks: z.number().int().nonnegative(),
    identities: z.number().int().nonnegative(),
    shots: z.number().int().nonnegative(),
    /** Per encoder name: rows whose mask bit is 1. */
    present: z.record(z.string(), z.number().int().nonnegative()),
  }),
  /** Class names by class id (COCO order for the default detectors), when known. */
  classNames: z.array(z.string()).optional(),
});
export type FeatureBankIndex = z.infer<typeof FeatureBankIndexSchema>;

/** A box in normalised frame coordinates: corners x1, y1, x2, y2 in [0, 1], x1 ≤ x2, y1 ≤ y2. */
export const NormBoxSchema = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine((b) => b[0] <= b[2] && b[1] <= b[3], 'box corners must satisfy x1 ≤ x2 and y1 ≤ y2');
export type NormBox = z.infer<typeof NormBoxSchema>;

/** Identity id meaning "no identity linked" (no face, or not yet linked). */
export const NO_IDENTITY = -1;

/**
 * Tensor names inside `feature-bank.safetensors`. Instance tensors have N rows (one per
 * instance-second, sorted by second then track id); frame tensors have `grid.count` rows.
 */
export const BANK_TENSORS = {
  second: 'instances.second', // I32 [N]
  box: 'instances.box', // F32 [N, 4]
  classId: 'instances.class_id', // I32 [N]
  trackId: 'instances.track_id', // I32 [N]
  identityId: 'instances.identity_id', // I32 [N], NO_IDENTITY when none
  shotId: 'instances.shot_id', // I32 [N]
  score: 'instances.score', // F32 [N]
  instanceFeatures: (encoder: string) => `instances.${encoder}.features`, // F32|F16 [N, dim]
  instanceMask: (encoder: string) => `instances.${encoder}.mask`, // U8 [N]
  frameFeatures: (encoder: string) => `frames.${encoder}.features`, // F32|F16 [count, dim]
  frameMask: (encoder: string) => `frames.${encoder}.mask`, // U8 [count]
} as const;

/** The key in safetensors `__metadata__` that holds the index JSON. */
export const BANK_METADATA_INDEX_KEY = 'lvu.index';

/** One encoder's rows, in memory: features `[rows, dim]` row-major plus a mask bit per row. */
export interface EncoderRows {
  spec: EncoderSpec;
  features: Float32Array;
  mask: Uint8Array;
}

/**
 * The bank in memory, columnar: row `i` is one instance at one second. All arrays have
 * `index.counts.rows` entries (box has 4 per row).
 */
export interface FeatureBank {
  index: FeatureBankIndex;
  second: Int32Array;
  box: Float32Array;
  classId: Int32Array;
  trackId: Int32Array;
  identityId: Int32Array;
  shotId: Int32Array;
  score: Float32Array;
  encoders: EncoderRows[];
  frames: EncoderRows[];
}
