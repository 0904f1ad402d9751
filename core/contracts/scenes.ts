/**
 * `scenes.json`: the video cut into scenes — runs of consecutive shots in one place and
 * moment (a dialogue of twenty cuts is one scene). Scenes tile the video: every frame
 * belongs to exactly one scene, and every scene edge is a shot edge. A scene starts where
 * the shot before its first shot ends (so the frames of a gradual transition belong to the
 * scene it leads into) and ends where the next scene starts; the first scene starts at
 * frame 0, the last ends at `frameCount`.
 */
import { z } from 'zod';
import { VideoProbeSchema } from './video';

/** Format version of `scenes.json`; bump on breaking changes. */
export const SCENES_FORMAT_VERSION = 1;
/** The artifact's file name in an analysis dir (and under `videos/{id}/`). */
export const SCENES_FILE = 'scenes.json';

/** One scene: shots `firstShot..lastShot` (inclusive), frames [startFrame, endFrame). */
export const SceneSchema = z.object({
  index: z.number().int().nonnegative(),
  firstShot: z.number().int().nonnegative(),
  lastShot: z.number().int().nonnegative(),
  startFrame: z.number().int().nonnegative(),
  endFrame: z.number().int().positive(),
  startSec: z.number().nonnegative(),
  endSec: z.number().positive(),
  /**
   * How sure the stage is that a new scene starts here, in [0, 1] (1 for the first scene):
   * how far the shots on either side of the boundary are from linking (see `stages/scenes`).
   */
  confidence: z.number().min(0).max(1),
  /** People seen in the scene: identity ids of `identities.json`, ascending. */
  identityIds: z.array(z.number().int().positive()),
});
export type Scene = z.infer<typeof SceneSchema>;

/** What the stage read and the settings it used (for reproducing a result). */
export const ScenesMethodSchema = z.object({
  name: z.literal('shot-linking'),
  /** The signals that were present for this video (e.g. `frame-appearance`, `identities`). */
  signals: z.array(z.string()),
  params: z.record(z.string(), z.number()),
});

/** The `scenes.json` artifact. */
export const ScenesFileSchema = z
  .object({
    format: z.literal('lvu-scenes'),
    version: z.literal(SCENES_FORMAT_VERSION),
    video: VideoProbeSchema,
    method: ScenesMethodSchema,
    scenes: z.array(SceneSchema),
  })
  .superRefine((file, ctx) => {
    const problem = tilingProblem(file.scenes, file.video.frameCount);
    if (problem) ctx.addIssue({ code: 'custom', path: ['scenes', problem.index], message: problem.message });
  });
export type ScenesFile = z.infer<typeof ScenesFileSchema>;

/**
 * Why `scenes` do not tile [0, frameCount) in order with consecutive shots, or undefined
 * when they do. An empty list is allowed only for a video without frames in any shot.
 */
export function tilingProblem(scenes: readonly Scene[], frameCount: number): { index: number; message: string } | undefined {
  for (let i = 0; i < scenes.length; i++) {
    const s = scenes[i]!;
    const prev = scenes[i - 1];
    const expectStart = prev ? prev.endFrame : 0;
    if (s.index !== i) return { index: i, message: `index is ${s.index}, expected ${i}` };
    if (s.startFrame !== expectStart)
      return { index: i, message: `starts at frame ${s.startFrame}, expected ${expectStart} (scenes must tile the video)` };
    if (s.endFrame <= s.startFrame) return { index: i, message: `ends at frame ${s.endFrame}, not after its start ${s.startFrame}` };
    if (s.lastShot < s.firstShot) return { index: i, message: `lastShot ${s.lastShot} is before firstShot ${s.firstShot}` };
    if (s.firstShot !== (prev ? prev.lastShot + 1 : 0))
      return { index: i, message: `firstShot is ${s.firstShot}, expected ${prev ? prev.lastShot + 1 : 0}` };
  }
  const last = scenes[scenes.length - 1];
  if (last && last.endFrame !== frameCount)
    return { index: scenes.length - 1, message: `ends at frame ${last.endFrame}, the video has ${frameCount}` };
  return undefined;
}
