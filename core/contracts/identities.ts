import { z } from 'zod';
import { VideoProbeSchema } from './video';

/**
 * A track-level descriptor: the mean of the L2-normalised per-frame descriptors sampled on
 * the track (then normalised again), as base64 of little-endian float32. `face` (FaceRes,
 * 1024-d) exists when a face was visible on at least one sample; `appearance`
 * (MobileNetV2 on the person crop, 1280-d) whenever the track was sampled at all.
 */
export const TrackDescriptorSchema = z.object({
  trackId: z.number().int().positive(),
  samples: z.number().int().nonnegative(),
  faceSamples: z.number().int().nonnegative(),
  appearance: z.string().optional(),
  face: z.string().optional(),
});
export type TrackDescriptor = z.infer<typeof TrackDescriptorSchema>;

/** One person recognised across shots: the tracks (and shots) that show them. */
export const IdentitySchema = z.object({
  id: z.number().int().positive(),
  trackIds: z.array(z.number().int().positive()).min(1),
  shotIds: z.array(z.number().int().nonnegative()),
  /** What linked the tracks: faces, appearance, or nothing (a single track). */
  evidence: z.enum(['face', 'appearance', 'single']),
  firstSec: z.number().nonnegative(),
  lastSec: z.number().nonnegative(),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** The `identities.json` artifact: people across shots, with the thresholds used and the descriptors. */
export const IdentitiesFileSchema = z.object({
  video: VideoProbeSchema,
  method: z.object({
    linkage: z.literal('average'),
    metric: z.literal('cosine'),
    faceThreshold: z.number(),
    appearanceThreshold: z.number(),
  }),
  identities: z.array(IdentitySchema),
  descriptors: z.array(TrackDescriptorSchema),
});
export type IdentitiesFile = z.infer<typeof IdentitiesFileSchema>;
