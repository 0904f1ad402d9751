import { spawn } from 'node:child_process';
import { VideoError, VideoErrorCode } from './errors';

/**
 * Where the ffmpeg tools come from: `LVU_FFMPEG` / `LVU_FFPROBE` when set, else `ffmpeg` /
 * `ffprobe` on PATH (Debian's ffmpeg 5.1: `apt-get install -y ffmpeg`). This folder is the
 * only one in the project that spawns them.
 */
export function ffmpegPaths(env: NodeJS.ProcessEnv = process.env): { ffmpeg: string; ffprobe: string } {
  return { ffmpeg: env['LVU_FFMPEG'] || 'ffmpeg', ffprobe: env['LVU_FFPROBE'] || 'ffprobe' };
}

/** Keeps the last `max` bytes of a stream's text (ffmpeg's stderr can be long). */
export function tailText(text: string, max = 2000): string {
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an ffmpeg tool to completion and collects its output as text. A missing binary
 * becomes VideoError FFMPEG_MISSING with the install hint; the exit code is returned, not
 * thrown, so callers can classify the failure from stderr.
 */
export function runTool(bin: string, args: string[], options: { signal?: AbortSignal } = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(toolSpawnError(bin, e)));
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** Maps a spawn failure to a clear error: ENOENT means the tool is not installed. */
export function toolSpawnError(bin: string, e: NodeJS.ErrnoException): Error {
  if (e.code === 'ENOENT') {
    return new VideoError(
      VideoErrorCode.FfmpegMissing,
      `${bin} not found: install ffmpeg (Debian/Ubuntu: apt-get install -y ffmpeg) or set LVU_FFMPEG and LVU_FFPROBE`,
      { cause: e },
    );
  }
  if (e.name === 'AbortError') return new VideoError(VideoErrorCode.Aborted, `${bin} aborted`, { cause: e });
  return e;
}
