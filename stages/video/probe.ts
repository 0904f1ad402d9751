import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { VideoProbeSchema, type VideoProbe } from '../../core/contracts/video';
import { VideoError, VideoErrorCode } from './errors';
import { ffmpegPaths, runTool, tailText } from './ffmpeg';
import { readPackets, summarisePackets } from './packets';
import { containerIndexRanges } from './source-ranges';

/** Smallest and largest frame sides we accept (a 2×2 "video" or a 100k-pixel-wide one is an error). */
const MIN_SIDE_PX = 16;
const MAX_SIDE_PX = 16384;
/** 8K UHD is 33 MP; twice that leaves room for panoramas but rejects absurd sizes. */
const MAX_PIXELS = 70_000_000;

const FfprobeStreamSchema = z.object({
  codec_type: z.string(),
  codec_name: z.string().optional(),
  codec_tag_string: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  time_base: z.string().optional(),
  start_time: z.string().optional(),
  duration: z.string().optional(),
  nb_frames: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.record(z.string(), z.unknown())).optional(),
});
const FfprobeSchema = z.object({
  streams: z.array(FfprobeStreamSchema).default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional(), start_time: z.string().optional() }).optional(),
});
type FfprobeStream = z.infer<typeof FfprobeStreamSchema>;

/**
 * Learns what a video is before decoding it: size, rotation, codec, fps (and whether it is
 * variable), exact frame count and keyframes (from the packet list, ~30× faster than
 * listing frames), and checks that the first frame decodes. Throws VideoError with a
 * stable code for: missing file, not a video (text, image, audio-only), truncated or
 * corrupt stream, zero duration, unsupported codec, absurd dimensions.
 *
 * @example
 *   const p = await probe('movie.mp4'); // p.fps, p.frameCount, p.keyframeFrames …
 */
export async function probe(path: string, options: { signal?: AbortSignal } = {}): Promise<VideoProbe> {
  const bytes = await fileSize(path);
  const { ffprobe } = ffmpegPaths();
  const res = await runTool(ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path], options);
  if (res.code !== 0) throw classifyProbeFailure(path, res.stderr, await readHead(path));
  const info = FfprobeSchema.parse(JSON.parse(res.stdout));
  const stream = pickVideoStream(path, info);
  const { width, height } = checkDimensions(path, stream);
  const packets = await readPackets(path, options);
  const summary = summarisePackets(packets, bytes, parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate));
  if (summary.truncatedAt !== undefined) {
    throw new VideoError(VideoErrorCode.Truncated, `${path} is truncated: its index points past the end of the file (${bytes} bytes)`, {
      details: { bytes, neededBytes: summary.truncatedAt },
    });
  }
  const declaredFrames = Number(stream.nb_frames);
  if (summary.frameCount > 0 && declaredFrames > summary.frameCount) {
    throw new VideoError(
      VideoErrorCode.Truncated,
      `${path} is truncated: its index lists ${declaredFrames} frames but only ${summary.frameCount} are in the file`,
      {
        details: { bytes, declaredFrames, presentFrames: summary.frameCount },
      },
    );
  }
  if (summary.frameCount === 0 || !(summary.durationSec > 0)) {
    throw new VideoError(VideoErrorCode.ZeroDuration, `${path} has a video stream with no frames (zero duration)`);
  }
  await checkFirstFrameDecodes(path, stream, options);
  const indexRanges = summary.keyframeSpans ? await containerIndexRanges(path, info.format?.format_name ?? '', bytes) : undefined;
  return VideoProbeSchema.parse({
    path,
    container: info.format?.format_name ?? 'unknown',
    codec: stream.codec_name,
    width,
    height,
    rotation: rotationOf(stream),
    fps: summary.fps,
    variableFrameRate: summary.variableFrameRate,
    durationSec: summary.durationSec,
    frameCount: summary.frameCount,
    frameCountExact: true,
    timeBase: parseTimeBase(stream.time_base),
    startSec: summary.startSec,
    containerStartSec: Number(info.format?.start_time ?? 0) || 0,
    keyframeSecs: summary.keyframeSecs,
    keyframeFrames: summary.keyframeFrames,
    keyframeBytes: summary.keyframeBytes,
    ...(summary.keyframeSpans ? { keyframeSpans: summary.keyframeSpans } : {}),
    ...(indexRanges ? { indexRanges } : {}),
    hasAudio: info.streams.some((s) => s.codec_type === 'audio'),
    bytes,
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new VideoError(VideoErrorCode.NotAVideo, `${path} is not a file`);
    if (s.size === 0) throw new VideoError(VideoErrorCode.NotAVideo, `${path} is empty (0 bytes)`);
    return s.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new VideoError(VideoErrorCode.FileMissing, `${path} does not exist`, { cause: e });
    }
    throw e;
  }
}

/** Turns ffprobe's complaint into the matching stable code. */
function classifyProbeFailure(path: string, stderr: string, head: Buffer): VideoError {
  const details = { stderr: tailText(stderr) };
  const isoBox = head.subarray(4, 8).toString('latin1');
  const looksLikeMp4 = ['ftyp', 'mdat', 'moov', 'free', 'wide', 'skip'].includes(isoBox);
  if (/moov atom not found/.test(stderr) && !looksLikeMp4) {
    return new VideoError(VideoErrorCode.NotAVideo, `${path} is not a video (no container signature)`, { details });
  }
  if (/moov atom not found|End of file|Truncating packet|partial file/i.test(stderr)) {
    return new VideoError(VideoErrorCode.Truncated, `${path} is truncated or incomplete (${firstLine(stderr)})`, { details });
  }
  if (/Invalid data found when processing input|could not find codec parameters|Unknown input format/i.test(stderr)) {
    return new VideoError(VideoErrorCode.NotAVideo, `${path} is not a video ffmpeg can read (${firstLine(stderr)})`, { details });
  }
  return new VideoError(VideoErrorCode.Corrupt, `${path} could not be probed: ${firstLine(stderr)}`, { details });
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    await fh.read(buf, 0, 16, 0);
    return buf;
  } finally {
    await fh.close();
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() || 'no message';
}

const IMAGE_FORMATS = /(^|,)(image2|[a-z0-9]+_pipe|png|apng|webp)(,|$)/;

function pickVideoStream(path: string, info: z.infer<typeof FfprobeSchema>): FfprobeStream {
  const video = info.streams.find((s) => s.codec_type === 'video' && s.tags?.['mimetype'] === undefined);
  if (!video) {
    const kinds = [...new Set(info.streams.map((s) => s.codec_type))].join(', ') || 'no streams';
    const what = kinds.includes('audio') ? 'audio only' : kinds;
    throw new VideoError(VideoErrorCode.NotAVideo, `${path} has no video stream (${what})`);
  }
  if (IMAGE_FORMATS.test(info.format?.format_name ?? '')) {
    throw new VideoError(VideoErrorCode.NotAVideo, `${path} is a still image (${info.format?.format_name}), not a video`);
  }
  if (!video.codec_name || video.codec_name === 'none') {
    const tag = video.codec_tag_string ?? 'unknown';
    throw new VideoError(VideoErrorCode.UnsupportedCodec, `${path} uses a video codec ffmpeg cannot identify (tag ${tag})`);
  }
  return video;
}

function checkDimensions(path: string, s: FfprobeStream): { width: number; height: number } {
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  const ok = width >= MIN_SIDE_PX && height >= MIN_SIDE_PX && width <= MAX_SIDE_PX && height <= MAX_SIDE_PX && width * height <= MAX_PIXELS;
  if (!ok) {
    throw new VideoError(
      VideoErrorCode.AbsurdDimensions,
      `${path} has absurd dimensions ${width}×${height} (each side must be ${MIN_SIDE_PX}–${MAX_SIDE_PX} px, at most ${MAX_PIXELS} pixels)`,
      { details: { width, height } },
    );
  }
  return { width, height };
}

/** Decodes exactly one frame: catches missing decoders and streams corrupt from the start. */
async function checkFirstFrameDecodes(path: string, s: FfprobeStream, options: { signal?: AbortSignal }): Promise<void> {
  const { ffmpeg } = ffmpegPaths();
  const args = ['-nostdin', '-v', 'error', '-xerror', '-i', path, '-map', '0:v:0', '-frames:v', '1', '-f', 'null', '-'];
  const res = await runTool(ffmpeg, args, options);
  if (res.code === 0) return;
  const details = { stderr: tailText(res.stderr), codec: s.codec_name };
  if (/decoder .*not found|no decoder found|Decoding requested, but no decoder/i.test(res.stderr)) {
    throw new VideoError(VideoErrorCode.UnsupportedCodec, `${path}: no decoder for codec ${s.codec_name}`, { details });
  }
  throw new VideoError(VideoErrorCode.Corrupt, `${path}: the first frame does not decode (${firstLine(res.stderr)})`, { details });
}

/** Parses "30000/1001" into 29.97…; undefined for "0/0" and missing values. */
function parseRate(rate: string | undefined): number | undefined {
  if (!rate) return undefined;
  const [n, d] = rate.split('/').map(Number);
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  const v = d === undefined ? n : n / d;
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function parseTimeBase(tb: string | undefined): { num: number; den: number } {
  const [n, d] = (tb ?? '1/1000000').split('/').map((x) => Number.parseInt(x, 10));
  return { num: n && n > 0 ? n : 1, den: d && d > 0 ? d : 1_000_000 };
}

function rotationOf(s: FfprobeStream): number {
  const fromSide = s.side_data_list?.map((d) => d['rotation']).find((r) => typeof r === 'number') as number | undefined;
  const fromTag = s.tags?.['rotate'] !== undefined ? Number(s.tags['rotate']) : undefined;
  const raw = fromSide ?? fromTag ?? 0;
  return (((Math.round(raw / 90) * 90) % 360) + 360) % 360;
}
