import { z } from 'zod';
import { VideoProbeSchema } from './video';

export const TransitionTypeSchema = z.enum(['cut', 'dissolve', 'fade', 'wipe']);
export type TransitionType = z.infer<typeof TransitionTypeSchema>;

/**
 * A shot transition in 0-based decoded frame indices. A cut has startFrame = endFrame =
 * first frame of the new shot; a gradual transition spans startFrame..endFrame inclusive.
 */
export const TransitionSchema = z.object({
  type: TransitionTypeSchema,
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().nonnegative(),
  startSec: z.number().nonnegative(),
  endSec: z.number().nonnegative(),
  confidence: z.number().min(0).max(1),
});
export type Transition = z.infer<typeof TransitionSchema>;

/** A shot: frames [startFrame, endFrame) between two transitions (endFrame exclusive). */
export const ShotSchema = z.object({
  index: z.number().int().nonnegative(),
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().positive(),
  startSec: z.number().nonnegative(),
  endSec: z.number().positive(),
});
export type Shot = z.infer<typeof ShotSchema>;

/** The `shots.json` artifact; other tools read it, so this shape is stable. */
export const ShotsFileSchema = z.object({
  video: VideoProbeSchema,
  transitions: z.array(TransitionSchema),
  shots: z.array(ShotSchema),
});
export type ShotsFile = z.infer<typeof ShotsFileSchema>;
