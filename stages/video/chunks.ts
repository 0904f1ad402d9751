import { ChunkPlanOptionsSchema, type Chunk, type ChunkPlan, type ChunkPlanOptions, type VideoProbe } from '../../core/contracts/video';
import { parseOrThrow } from '../../core/validate';

/** A boundary snaps to a keyframe only if one lies within this fraction of a chunk of the target. */
const KEYFRAME_SNAP_FRACTION = 0.25;
/** A last chunk shorter than this fraction of a chunk is merged into the one before it. */
const MIN_LAST_CHUNK_FRACTION = 0.25;

/**
 * Splits a video into chunks of about `chunkSec` seconds for parallel processing (AVION).
 * Owned ranges tile [0, frameCount) exactly; each owned boundary snaps to a nearby keyframe
 * when there is one. The decode range adds `overlapSec` on both sides and starts on a
 * keyframe, so streaming stages can warm up and seeking is cheap and frame-exact.
 *
 * @example
 *   planChunks(probe, { chunkSec: 60, overlapSec: 2 }).chunks.map((c) => [c.startFrame, c.endFrame])
 */
export function planChunks(probe: VideoProbe, options: Partial<ChunkPlanOptions> = {}): ChunkPlan {
  const opts = Object.freeze(parseOrThrow(ChunkPlanOptionsSchema, options, 'chunk plan options'));
  const { frameCount, fps } = probe;
  const chunkFrames = Math.max(1, Math.round(opts.chunkSec * fps));
  const overlapFrames = Math.ceil(opts.overlapSec * fps);
  const bounds = ownedBoundaries(frameCount, chunkFrames, probe.keyframeFrames);
  const chunks: Chunk[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const startFrame = bounds[i]!;
    const endFrame = bounds[i + 1]!;
    chunks.push({
      index: i,
      startFrame,
      endFrame,
      decodeStartFrame: keyframeAtOrBefore(probe.keyframeFrames, Math.max(0, startFrame - overlapFrames)),
      decodeEndFrame: Math.min(frameCount, endFrame + overlapFrames),
      startSec: startFrame / fps,
      endSec: endFrame / fps,
    });
  }
  return { frameCount, fps, options: opts, chunks };
}

function ownedBoundaries(frameCount: number, chunkFrames: number, keyframes: number[]): number[] {
  const bounds = [0];
  const minLast = Math.ceil(chunkFrames * MIN_LAST_CHUNK_FRACTION);
  for (let target = chunkFrames; target < frameCount; target += chunkFrames) {
    const prev = bounds[bounds.length - 1]!;
    const b = snapToKeyframe(target, keyframes, Math.floor(chunkFrames * KEYFRAME_SNAP_FRACTION));
    if (b > prev && frameCount - b >= minLast) bounds.push(b);
  }
  bounds.push(frameCount);
  return bounds;
}

function snapToKeyframe(target: number, keyframes: number[], radius: number): number {
  let best = target;
  let bestDist = radius + 1;
  for (const k of keyframes) {
    const d = Math.abs(k - target);
    if (d < bestDist && k > 0) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

/** The last keyframe at or before `frame` (0 when none): where decoding can start exactly. */
export function keyframeAtOrBefore(keyframes: number[], frame: number): number {
  let best = 0;
  for (const k of keyframes) if (k <= frame && k > best) best = k;
  return best;
}
