import { z } from 'zod';

/** A rational time base such as 1/12800, kept exact for pts arithmetic. */
export const RationalSchema = z.object({ num: z.number().int(), den: z.number().int().positive() });

/**
 * What `probe(file)` learns about a video before any decoding: the facts every later stage
 * relies on. `frameCount` is exact when `frameCountExact` (counted from packets), else
 * estimated from duration × fps.
 */
export const VideoProbeSchema = z.object({
  path: z.string().optional(),
  container: z.string(),
  codec: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Display rotation in degrees (0, 90, 180, 270) from the stream's display matrix. */
  rotation: z.number().int(),
  /** Average frame rate as frames per second (r_frame_rate / avg_frame_rate). */
  fps: z.number().positive(),
  /** True when packet durations vary by more than 1 % (variable frame rate). */
  variableFrameRate: z.boolean(),
  durationSec: z.number().positive(),
  frameCount: z.number().int().positive(),
  frameCountExact: z.boolean(),
  timeBase: RationalSchema,
  /** Presentation time of the first frame in seconds (often 0). */
  startSec: z.number(),
  /** The container's start time in seconds; ffmpeg's input `-ss` counts from it. */
  containerStartSec: z.number().default(0),
  /** Keyframe presentation times in seconds, ascending, relative to startSec. */
  keyframeSecs: z.array(z.number()),
  /** Keyframe decoded frame indices (0-based), same order as keyframeSecs. */
  keyframeFrames: z.array(z.number().int().nonnegative()),
  /**
   * Compressed bytes of the frames from each keyframe up to the next one (presentation
   * order), same order as keyframeFrames: where the decoding work lies, so parallel decodes
   * can be split evenly. Absent in probes made before it was recorded.
   */
  keyframeBytes: z.array(z.number().int().nonnegative()).optional(),
  /**
   * File byte span [start, end) of each keyframe interval's packets, same order as
   * keyframeFrames: what a chunk task reads of the source (ranged reads). Absent when the
   * container lists no packet positions, and in older probes.
   */
  keyframeSpans: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
  /**
   * Byte ranges every decode needs besides the packets: the container's index and headers
   * (for MP4/MOV, every top-level box but the media data, plus each box's header). Absent
   * for containers whose index is not located this way (Matroska/WebM, AVI, MPEG-TS): their
   * chunk tasks read the whole source.
   */
  indexRanges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
  hasAudio: z.boolean(),
  bytes: z.number().int().nonnegative(),
});
export type VideoProbe = z.infer<typeof VideoProbeSchema>;

/**
 * One unit of parallel work. The chunk owns frames [startFrame, endFrame); it decodes from
 * `decodeStartFrame` (≤ startFrame, the overlap used to warm up streaming stages) to
 * `decodeEndFrame` (≥ endFrame, look-ahead so decisions near the seam can be made).
 */
export const ChunkSchema = z.object({
  index: z.number().int().nonnegative(),
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().positive(),
  decodeStartFrame: z.number().int().nonnegative(),
  decodeEndFrame: z.number().int().positive(),
  startSec: z.number().nonnegative(),
  endSec: z.number().positive(),
});
export type Chunk = z.infer<typeof ChunkSchema>;

/** How shot boundaries are decided (stages/shots/config.ts `cutDecision`). */
export const ShotDecisionSchema = z.enum(['temporal', 'rules', 'learned']);
export type ShotDecision = z.infer<typeof ShotDecisionSchema>;

export const ChunkPlanOptionsSchema = z
  .object({
    /** Target owned length of one chunk in seconds (AVION-style fixed chunks). */
    chunkSec: z.number().positive().default(60),
    /** Frames decoded before and after the owned range, in seconds. */
    overlapSec: z.number().nonnegative().default(2),
    /**
     * How the shot detector decides (stages/shots/config.ts `cutDecision`); absent: its
     * default. Part of the plan, so every chunk of a video decides alike and the overlap fits
     * that decision's context.
     */
    shotDecision: ShotDecisionSchema.optional(),
  })
  .strict();
export type ChunkPlanOptions = z.infer<typeof ChunkPlanOptionsSchema>;

export const ChunkPlanSchema = z.object({
  frameCount: z.number().int().positive(),
  fps: z.number().positive(),
  options: ChunkPlanOptionsSchema,
  chunks: z.array(ChunkSchema).min(1),
});
export type ChunkPlan = z.infer<typeof ChunkPlanSchema>;
