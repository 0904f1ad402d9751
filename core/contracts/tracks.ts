import { z } from 'zod';
import { VideoProbeSchema } from './video';

/**
 * A box in source pixels, corner form [x1, y1, x2, y2] (x2 ≥ x1, y2 ≥ y1). Source pixels
 * means the coordinates of the decoded frame at the video's own size, whatever size the
 * detector ran at.
 */
export const BoxSchema = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .refine((b) => b.every(Number.isFinite) && b[2] >= b[0] && b[3] >= b[1], {
    message: 'box must be finite [x1, y1, x2, y2] with x2 ≥ x1 and y2 ≥ y1',
  });
export type Box = z.infer<typeof BoxSchema>;

/** One keypoint [x, y, score] in source pixels (MoveNet: 17 COCO keypoints per person). */
export const KeypointSchema = z.tuple([z.number(), z.number(), z.number().min(0).max(1)]);
export type Keypoint = z.infer<typeof KeypointSchema>;

/** Times are seconds plus the 0-based decoded frame index (never a bare frame index). */
const FrameTime = {
  frame: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
};

/** One detection on one frame, as the detection stage emits it. */
export const DetectionSchema = z.object({
  ...FrameTime,
  box: BoxSchema,
  score: z.number().min(0).max(1),
  /** COCO class index (0 = person). */
  classId: z.number().int().nonnegative(),
  className: z.string(),
  keypoints: z.array(KeypointSchema).optional(),
});
export type Detection = z.infer<typeof DetectionSchema>;

/** One appearance of a track on a frame. */
export const TrackPointSchema = z.object({
  ...FrameTime,
  box: BoxSchema,
  score: z.number().min(0).max(1),
  keypoints: z.array(KeypointSchema).optional(),
});
export type TrackPoint = z.infer<typeof TrackPointSchema>;

/**
 * A track: one object followed through consecutive frames of one shot (a track never
 * crosses a hard cut). `id` is global to the video and 1-based (the MOT `id` column);
 * `identityId` is shared by tracks of the same person in different shots (null until
 * identity linking has run, or for objects).
 */
export const TrackSchema = z.object({
  id: z.number().int().positive(),
  classId: z.number().int().nonnegative(),
  className: z.string(),
  identityId: z.number().int().nonnegative().nullable(),
  shotIds: z.array(z.number().int().nonnegative()),
  points: z.array(TrackPointSchema).min(1),
});
export type Track = z.infer<typeof TrackSchema>;

/** The `tracks.json` artifact (per chunk and merged); other tools read it, so this shape is stable. */
export const TracksFileSchema = z.object({
  video: VideoProbeSchema,
  tracks: z.array(TrackSchema),
});
export type TracksFile = z.infer<typeof TracksFileSchema>;
