import type { VideoProbe } from '../../core/contracts/video';
import { hwaccelInputArgs, type DecodeBackend } from './hwaccel';
import type { PixelFormat } from './frame';

/** One stream the decoder delivers: size, pixel format, and rate (omit fps = every frame). */
export interface DecodeOutput {
  name: string;
  width: number;
  height: number;
  format: PixelFormat;
  /** Frames per second to keep: the first frame of each 1/fps interval. Omit for all frames. */
  fps?: number;
  /** `stretch` scales to width×height; `letterbox` keeps the aspect ratio and pads with black. */
  fit?: 'stretch' | 'letterbox';
}

/**
 * The source frame indices an output delivers within [start, end): all frames, or the first
 * frame of each 1/fps interval. The same double arithmetic runs in ffmpeg's `select`
 * expression (see `selectExpr`), so both sides agree on every index.
 */
export function selectedFrames(start: number, end: number, sourceFps: number, outFps: number | undefined): number[] {
  const out: number[] = [];
  if (outFps === undefined || outFps >= sourceFps) {
    for (let i = start; i < end; i++) out.push(i);
    return out;
  }
  const r = outFps / sourceFps;
  for (let i = start; i < end; i++) if (Math.floor(i * r) > Math.floor((i - 1) * r)) out.push(i);
  return out;
}

function selectExpr(start: number, sourceFps: number, outFps: number): string {
  const r = (outFps / sourceFps).toPrecision(17);
  return `select='gt(floor((n+${start})*${r}),floor((n+${start}-1)*${r}))'`;
}

function outputChain(o: DecodeOutput, start: number, sourceFps: number): string {
  const parts: string[] = [];
  if (o.fps !== undefined && o.fps < sourceFps) parts.push(selectExpr(start, sourceFps, o.fps));
  if (o.fit === 'letterbox') {
    parts.push(`scale=${o.width}:${o.height}:flags=area:force_original_aspect_ratio=decrease`);
    parts.push(`pad=${o.width}:${o.height}:(ow-iw)/2:(oh-ih)/2`);
  } else {
    parts.push(`scale=${o.width}:${o.height}:flags=area`);
  }
  parts.push(`format=${o.format}`);
  return parts.join(',');
}

/** The frames whose deblocking a fast decode skips (ffmpeg's `-skip_loop_filter`; see fastDecodeApplies). */
export const SKIP_LOOP_FILTER = 'bidir';

/** Largest side (px) of an output that counts as tiny (the shot detector's 64×36 frames are). */
export const TINY_OUTPUT_MAX_SIDE = 160;
/** Smallest source ÷ output ratio, per axis, of a tiny output: each of its pixels averages ≥ 4×4 source pixels. */
export const TINY_OUTPUT_MIN_DOWNSCALE = 4;

/**
 * True when every output is tiny: at most TINY_OUTPUT_MAX_SIDE px a side and downscaled at
 * least TINY_OUTPUT_MIN_DOWNSCALE× per axis. Then the decoder may skip H.264/HEVC's in-loop
 * deblocking filter on B-frames (`-skip_loop_filter bidir`, SKIP_LOOP_FILTER): the block
 * edges it would smooth are 4–8 source pixels apart and vanish in the area average of an
 * output pixel, and the decode costs less (see `bench/shots.ts`). Not on every frame (`all`,
 * until the thirty-second shot pass): then P-frames predict from undeblocked references and
 * the error grows until the next keyframe, most through a fade or a dissolve (a mean 4 grey
 * levels off at 64×36 in a face after a fade), and the keyframe snaps it back: a step on a
 * steady picture, which the shot detector took for a cut (8 of its 34 false cuts on the tune
 * montages fell on keyframes; training/shots/README.md, thirty-second pass). B-frames'
 * error reaches at most the B-frames that predict from them, and the P-frames stay exact
 * (at most 0.4 grey levels off there). The decode is the same in every run from the same
 * keyframe, so chunked decodes still equal the full decode frame for frame. A larger output
 * in the same pass (detector frames) keeps the exact decode for every output.
 */
export function fastDecodeApplies(outputs: readonly DecodeOutput[], source: { width: number; height: number }): boolean {
  return (
    outputs.length > 0 &&
    outputs.every(
      (o) =>
        Math.max(o.width, o.height) <= TINY_OUTPUT_MAX_SIDE &&
        source.width >= o.width * TINY_OUTPUT_MIN_DOWNSCALE &&
        source.height >= o.height * TINY_OUTPUT_MIN_DOWNSCALE,
    )
  );
}

/**
 * The ffmpeg command line that decodes [start, end) once and writes each output to its own
 * pipe (fd 3, 4, …). Seeking is frame-exact: `-ss` half a frame before the start frame's
 * time keeps exactly that frame first, and `trim=end_frame` cuts by count, not by time.
 * `threads` sets the decoder's and the filter graph's threads (ffmpeg's choice when
 * omitted). A pass with only tiny outputs skips deblocking (see `fastDecodeApplies`) and
 * filters on one thread, because slicing a scale down to 64×36 over threads costs more in
 * hand-offs per frame than it saves (shots_dev, 2 cores: the shot pass fell from about
 * 1.09× to 1.02× a plain decode).
 */
export function buildDecodeArgs(
  path: string,
  probe: VideoProbe,
  start: number,
  end: number,
  outputs: DecodeOutput[],
  threads: number | undefined,
  backend: DecodeBackend['backend'] = 'cpu',
): string[] {
  const fast = fastDecodeApplies(outputs, probe);
  const args = ['-nostdin', '-hide_banner', '-v', 'error', ...hwaccelInputArgs(backend)];
  if (threads !== undefined) args.push('-threads', String(threads));
  if (fast) args.push('-skip_loop_filter', SKIP_LOOP_FILTER);
  if (start > 0) args.push('-ss', seekSeconds(probe, start).toFixed(6));
  args.push('-i', path);
  const filterThreads = threads ?? (fast ? 1 : undefined);
  // `-filter_threads` would only reach simple (-vf) graphs, not this -filter_complex one.
  if (filterThreads !== undefined) args.push('-filter_complex_threads', String(filterThreads));
  const labels = outputs.map((_, i) => `s${i}`);
  const graph = [`[0:v:0]trim=end_frame=${end - start},split=${outputs.length}${labels.map((l) => `[${l}]`).join('')}`];
  outputs.forEach((o, i) => graph.push(`[s${i}]${outputChain(o, start, probe.fps)}[o${i}]`));
  args.push('-filter_complex', graph.join(';'));
  // `-flush_packets 0`: ffmpeg fills its 32 KB I/O buffer before writing (a write per frame
  // otherwise: 1337 reads of 6912 bytes for shots_dev's shot frames instead of 283).
  outputs.forEach((o, i) =>
    args.push(
      '-map',
      `[o${i}]`,
      '-fps_mode',
      'passthrough',
      '-flush_packets',
      '0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      o.format,
      `pipe:${3 + i}`,
    ),
  );
  return args;
}

/** Input-relative seek time: half a frame before the frame, measured from the container start. */
function seekSeconds(probe: VideoProbe, frame: number): number {
  const k = probe.keyframeFrames.indexOf(frame);
  const rel = k >= 0 ? probe.keyframeSecs[k]! : frame / probe.fps;
  return Math.max(0, probe.startSec - probe.containerStartSec + rel - 0.5 / probe.fps);
}
