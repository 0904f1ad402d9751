import type { VideoProbe } from '../../core/contracts/video';
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

/**
 * The ffmpeg command line that decodes [start, end) once and writes each output to its own
 * pipe (fd 3, 4, …). Seeking is frame-exact: `-ss` half a frame before the start frame's
 * time keeps exactly that frame first, and `trim=end_frame` cuts by count, not by time.
 */
export function buildDecodeArgs(
  path: string,
  probe: VideoProbe,
  start: number,
  end: number,
  outputs: DecodeOutput[],
  threads: number | undefined,
): string[] {
  const args = ['-nostdin', '-hide_banner', '-v', 'error'];
  if (threads !== undefined) args.push('-threads', String(threads));
  if (start > 0) args.push('-ss', seekSeconds(probe, start).toFixed(6));
  args.push('-i', path);
  if (threads !== undefined) args.push('-filter_threads', String(threads));
  const labels = outputs.map((_, i) => `s${i}`);
  const graph = [`[0:v:0]trim=end_frame=${end - start},split=${outputs.length}${labels.map((l) => `[${l}]`).join('')}`];
  outputs.forEach((o, i) => graph.push(`[s${i}]${outputChain(o, start, probe.fps)}[o${i}]`));
  args.push('-filter_complex', graph.join(';'));
  outputs.forEach((o, i) => args.push('-map', `[o${i}]`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', o.format, `pipe:${3 + i}`));
  return args;
}

/** Input-relative seek time: half a frame before the frame, measured from the container start. */
function seekSeconds(probe: VideoProbe, frame: number): number {
  const k = probe.keyframeFrames.indexOf(frame);
  const rel = k >= 0 ? probe.keyframeSecs[k]! : frame / probe.fps;
  return Math.max(0, probe.startSec - probe.containerStartSec + rel - 0.5 / probe.fps);
}
