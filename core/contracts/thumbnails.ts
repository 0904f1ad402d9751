import { z } from 'zod';

/**
 * Where one JPEG lies in the thumbnail pack (`thumbnails.jpgs`: the JPEG files one after
 * another): bytes [offset, offset + bytes). A viewer fetches the pack once (or by range)
 * and slices it, instead of one request per shot of a long video.
 */
const PackedJpeg = {
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
};

/** The thumbnail of one shot: a frame near the middle of the shot, from the decode pass. */
export const ShotThumbnailSchema = z.object({
  shotIndex: z.number().int().nonnegative(),
  frame: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  ...PackedJpeg,
});
export type ShotThumbnail = z.infer<typeof ShotThumbnailSchema>;

/** The thumbnail of one identity: its best face, else its best person crop. */
export const IdentityThumbnailSchema = z.object({
  identityId: z.number().int().positive(),
  trackId: z.number().int().positive(),
  frame: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  kind: z.enum(['face', 'person']),
  ...PackedJpeg,
});
export type IdentityThumbnail = z.infer<typeof IdentityThumbnailSchema>;

/**
 * `thumbnails.json`: the index of `thumbnails.jpgs`. Shots without a thumbnail (shorter
 * than the thumbnail sampling interval) are absent; so are identities never seen large enough.
 */
export const ThumbnailsFileSchema = z
  .object({
    pack: z.literal('thumbnails.jpgs'),
    shots: z.array(ShotThumbnailSchema),
    identities: z.array(IdentityThumbnailSchema),
  })
  .meta({ id: 'ThumbnailsFile' });
export type ThumbnailsFile = z.infer<typeof ThumbnailsFileSchema>;

/** File names of the thumbnail artifacts (`lvu analyze` output dir and `videos/{id}/`). */
export const THUMBNAILS_INDEX_FILE = 'thumbnails.json';
export const THUMBNAILS_PACK_FILE = 'thumbnails.jpgs';

/**
 * A thumbnail candidate as a chunk result stores it (JPEG as base64): for shots, the frame
 * nearest the middle of each shot piece the chunk owns; for people, the best crop of each
 * chunk track, keyed by (frame, detectionIndex) so the merge finds its final track.
 */
export const StoredThumbnailSchema = z.object({
  frame: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  jpeg: z.string().min(1),
});
export type StoredThumbnail = z.infer<typeof StoredThumbnailSchema>;

export const StoredPersonThumbnailSchema = StoredThumbnailSchema.extend({
  detectionIndex: z.number().int().nonnegative(),
  kind: z.enum(['face', 'person']),
  /** The detection's box in source pixels [x1, y1, x2, y2] (the merge finds its final track by IoU). */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Higher is better: faces beat person crops, then size × detector score. */
  quality: z.number().nonnegative(),
});
export type StoredPersonThumbnail = z.infer<typeof StoredPersonThumbnailSchema>;
