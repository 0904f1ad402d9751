import { ffmpegPaths, runTool, tailText } from './ffmpeg';
import { VideoError, VideoErrorCode } from './errors';

/**
 * Runs plain ffmpeg over a file with output discarded (`-f null`), optionally through a
 * filter such as `scdet`: the baselines that benchmarks compare our passes against.
 * Returns wall-clock seconds and ffmpeg's stderr (scdet writes its scores there).
 */
export async function timeFfmpegNull(
  path: string,
  options: { filter?: string; threads?: number } = {},
): Promise<{ seconds: number; stderr: string }> {
  const { ffmpeg } = ffmpegPaths();
  const args = ['-nostdin', '-hide_banner', '-v', options.filter ? 'info' : 'error'];
  if (options.threads !== undefined) args.push('-threads', String(options.threads));
  args.push('-i', path, '-map', '0:v:0');
  if (options.filter) args.push('-vf', options.filter);
  args.push('-f', 'null', '-');
  const t0 = process.hrtime.bigint();
  const res = await runTool(ffmpeg, args);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.code !== 0) throw new VideoError(VideoErrorCode.DecodeFailed, `ffmpeg baseline failed: ${tailText(res.stderr, 300)}`);
  return { seconds, stderr: res.stderr };
}

/**
 * Writes `times` back-to-back copies of a video (stream copy, no re-encode) for
 * benchmarks that need a longer input than the sample clips.
 */
export async function loopVideo(path: string, times: number, outPath: string): Promise<string> {
  const { ffmpeg } = ffmpegPaths();
  const args = ['-nostdin', '-v', 'error', '-y', '-stream_loop', String(times - 1), '-i', path, '-map', '0:v:0', '-c', 'copy', outPath];
  const res = await runTool(ffmpeg, args);
  if (res.code !== 0) throw new VideoError(VideoErrorCode.DecodeFailed, `ffmpeg could not loop ${path}: ${tailText(res.stderr, 300)}`);
  return outPath;
}
