/**
 * Keyframe-aligned segments of one decode range, for passes that decode on several
 * single-threaded ffmpeg processes at once instead of one process with frame threads.
 *
 * Why: with only tiny outputs (the shot pass's 64×36 frames) the decode is the whole cost,
 * and ffmpeg's frame threading spends it badly on small pictures: on shots_dev.mp4
 * (640×360, 2 cores) a plain decode with auto threads takes 0.85 s of wall time and 1.1–1.3 s
 * of CPU, a single-threaded one 0.97 s of both; two single-threaded ffmpegs, each on half of
 * the file split at a keyframe, take 0.65 s (ffmpeg CLI; the pass itself: `npx lvu bench shots`). Each segment starts on a
 * keyframe, where decoding is exact (the chunk seams rely on the same), so the segments'
 * frames joined in order equal one decode of the whole range.
 */

/** Shortest segment worth its own ffmpeg (seconds): starting one costs 60–80 ms here, a second of 640×360 decodes in about 20 ms. */
export const MIN_SEGMENT_SEC = 4;
/**
 * Most bytes of output frames the segments running at once may hold together: later
 * segments are decoded ahead and wait in memory until the consumer reaches them, so one
 * segment holds at most MAX_AHEAD_BYTES ÷ lanes (64×36 rgb24 frames on 2 lanes: 4854
 * frames, over 3 minutes at 25 fps).
 */
export const MAX_AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Decoding cost of one frame's pixels, in compressed bytes' worth, per pixel. Measured on a
 * 1920×1080 H.264 clip (one thread, deblocking skipped, 64×36 output): a frame costs about
 * 1.0 ms plus 0.13 ms per compressed KB, i.e. a frame's pixels weigh as much as 7.5 KB of
 * bitstream, 0.0036 bytes per pixel. Halves of equal length but different complexity
 * (testsrc2 vs mandelbrot: 9.5 vs 16.8 MB) took 1.6 vs 2.6 s.
 */
const PIXEL_COST_BYTES = 0.0036;

export interface SegmentPlanInput {
  /** Decode range [start, end). */
  start: number;
  end: number;
  /** Keyframe indices of the video, ascending (where a segment may start). */
  keyframes: readonly number[];
  fps: number;
  /** ffmpeg processes that may run at once (≥ 1). */
  lanes: number;
  /** Output bytes per source frame (all outputs together), to bound a segment's memory. */
  bytesPerFrame: number;
  /**
   * Where the decoding work lies: compressed bytes from each keyframe to the next (the
   * probe's `keyframeBytes`), the video's frame count and pixels per frame. Without it the
   * segments get equal numbers of frames.
   */
  work?: { keyframeBytes: readonly number[]; frameCount: number; pixels: number };
}

/**
 * Splits [start, end) at keyframes into segments of about equal decoding work (`work`;
 * equal length without it): one per lane, or more when a segment would hold over about
 * MAX_AHEAD_BYTES ÷ lanes of frames, none shorter than MIN_SEGMENT_SEC. One segment,
 * [start, end), when there is nothing to gain (one lane, a short range, no keyframe inside).
 *
 * @example
 *   planSegments({ start: 0, end: 1337, keyframes: [0, 50, 100, …], fps: 25, lanes: 2, bytesPerFrame: 6912 })
 *   // → [[0, 650], [650, 1337]]
 */
export function planSegments(input: SegmentPlanInput): [number, number][] {
  const { start, end, keyframes, fps, lanes } = input;
  const length = end - start;
  const minFrames = Math.max(1, Math.ceil(MIN_SEGMENT_SEC * fps));
  const maxFrames = Math.max(minFrames, Math.floor(MAX_AHEAD_BYTES / Math.max(1, lanes) / Math.max(1, input.bytesPerFrame)));
  const wanted = Math.min(Math.floor(length / minFrames), Math.max(lanes, Math.ceil(length / maxFrames)));
  if (lanes < 2 || wanted < 2) return [[start, end]];
  const work = workBefore(input);
  const [w0, w1] = [work(start), work(end)];
  const bounds = [start];
  for (let i = 1; i < wanted; i++) {
    const prev = bounds[bounds.length - 1]!;
    const k = nearestKeyframe(keyframes, work, w0 + (i * (w1 - w0)) / wanted, prev + minFrames, end - minFrames);
    if (k !== undefined) bounds.push(k);
  }
  bounds.push(end);
  const segments: [number, number][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) segments.push([bounds[i]!, bounds[i + 1]!]);
  return segments;
}

/** The keyframe in [lo, hi] whose work before it is nearest to `target`, if any. */
function nearestKeyframe(
  keyframes: readonly number[],
  work: (frame: number) => number,
  target: number,
  lo: number,
  hi: number,
): number | undefined {
  let best: number | undefined;
  let bestDist = Infinity;
  for (const k of keyframes) {
    if (k < lo || k > hi) continue;
    const d = Math.abs(work(k) - target);
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return best;
}

/**
 * Decoding work before frame f, in bytes' worth: the compressed bytes of the keyframe
 * intervals before it (the one it falls in pro rata) plus PIXEL_COST_BYTES per pixel of
 * every frame before it. Without `work`, the frame count.
 */
function workBefore(input: SegmentPlanInput): (frame: number) => number {
  const w = input.work;
  if (!w || w.keyframeBytes.length !== input.keyframes.length) return (f) => f;
  const { keyframes } = input;
  const prefix = [0];
  for (const b of w.keyframeBytes) prefix.push(prefix[prefix.length - 1]! + b);
  const perFrame = PIXEL_COST_BYTES * w.pixels;
  return (f) => {
    // The last keyframe at or before f (binary search; -1 when none).
    let [lo, hi] = [0, keyframes.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyframes[mid]! <= f) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < 0) return perFrame * f;
    const from = keyframes[i]!;
    const to = keyframes[i + 1] ?? w.frameCount;
    return prefix[i]! + (w.keyframeBytes[i]! * (f - from)) / Math.max(1, to - from) + perFrame * f;
  };
}
