import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A temp directory removed by the returned cleanup function. */
export async function tempDir(prefix = 'lvu-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs ffmpeg with the given arguments (tests generate fixtures with lavfi sources this way;
 * product code spawns ffmpeg only in stages/video).
 */
export async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { maxBuffer: 64 << 20 });
}

/** ffmpeg output arguments for a quick H.264 test file every player and our decoder read. */
export const FAST_H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] as const;

/**
 * Encodes a lavfi filter graph (e.g. `testsrc2=s=320x180:r=25:d=4`) to an H.264 file with a
 * keyframe every `gop` frames.
 */
export async function lavfiVideo(out: string, graph: string, options: { gop?: number; codec?: string } = {}): Promise<string> {
  const codec = options.codec ?? 'libx264';
  const encoder = codec === 'libx264' ? FAST_H264 : ['-c:v', codec];
  await ffmpeg(['-f', 'lavfi', '-i', graph, ...encoder, '-g', String(options.gop ?? 25), out]);
  return out;
}
