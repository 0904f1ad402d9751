/**
 * Shared by the scale benches (cores, long-video, long-platform): the cached long real
 * videos of bench/make-long-video.sh, and process memory read from /proc.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** Where the long videos and the benches' outputs are kept between runs. */
export const BENCH_CACHE = join(homedir(), '.cache', 'lvu-bench');

/** `~/.cache/lvu-bench/long-{minutes}.mp4`, made by bench/make-long-video.sh when missing. */
export async function longVideo(minutes: number): Promise<string> {
  const video = join(BENCH_CACHE, `long-${minutes}.mp4`);
  if (existsSync(video)) return video;
  mkdirSync(BENCH_CACHE, { recursive: true });
  const make = spawn('bash', [join(ROOT, 'bench', 'make-long-video.sh'), String(minutes), video], { stdio: 'inherit' });
  const code = await new Promise<number>((r) => make.on('exit', (c) => r(c ?? 1)));
  if (code !== 0) throw new Error(`make-long-video.sh failed for ${minutes} min`);
  return video;
}

/** Resident memory of a pid in kB (0 once it has exited). */
export function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every descendant pid of `pid` (children of each of its threads, and theirs). */
export function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {}
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** RSS of `pid` and all its descendants, in kB. */
export function treeRssKb(pid: number): number {
  return rssKb(pid) + descendants(pid).reduce((n, p) => n + rssKb(p), 0);
}
