/**
 * `npm run bench` / `npx lvu bench shots [video]`: the cost of our shot pass against plain
 * decoding, measured in one run on the same file (default: ../shared/data/shots/shots_dev.mp4):
 *   - plain `ffmpeg -f null` decode (the baseline, 1.00)
 *   - our full shot pass, one chunk (probe excluded)
 *   - ffmpeg's `scdet` filter
 *   - 1 vs 2 parallel chunk workers (60-s chunks, one ffmpeg thread each) on the clip
 *     looped 4× (stream copy), so that there are chunks enough to share out
 * Each is run `--repeat` times (default 3); the median is reported, as ratios.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runPool } from '../core/pool';
import { analyzeChunk, planAnalysis } from '../stages/pipeline';
import { loopVideo, probe, timeFfmpegNull } from '../stages/video';
import type { VideoProbe } from '../core/contracts/video';
import { parseFlags } from '../cli/args';

export const summary = 'shot pass vs plain ffmpeg decode, scdet, 1 vs 2 chunk workers';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { repeat: { type: 'string' } });
  const video = positionals[0] ?? resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'), 'shots/shots_dev.mp4');
  const repeat = Math.max(1, Number(values.repeat ?? 3));
  const p = await probe(video);
  const rows: [string, number][] = [];
  const measure = async (label: string, fn: () => Promise<unknown>) => rows.push([label, await median(repeat, fn)]);
  await measure('plain ffmpeg decode (-f null)', () => timeFfmpegNull(video));
  await measure('plain ffmpeg decode, 1 thread', () => timeFfmpegNull(video, { threads: 1 }));
  await measure('our shot pass, 1 chunk', () => shotPass(video, p, 1e9, 1, undefined));
  await measure('ffmpeg scdet filter', () => timeFfmpegNull(video, { filter: 'scdet' }));
  const scratch = await mkdtemp(join(tmpdir(), 'lvu-bench-'));
  try {
    const long = await loopVideo(video, 4, join(scratch, 'long.mp4'));
    const lp = await probe(long);
    await measure('long clip: plain ffmpeg decode', () => timeFfmpegNull(long));
    await measure('long clip: 60-s chunks, 1 worker', () => shotPass(long, lp, 60, 1, 1));
    await measure('long clip: 60-s chunks, 2 workers', () => shotPass(long, lp, 60, 2, 1));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  print(video, p, rows);
  return 0;
}

async function shotPass(video: string, p: VideoProbe, chunkSec: number, workers: number, threads: number | undefined): Promise<void> {
  const plan = planAnalysis(p, { chunkSec });
  await runPool(plan.chunks, workers, (c, signal) =>
    analyzeChunk({ sourcePath: video, probe: p, plan, chunkIndex: c.index, signal, stages: ['shots'], ...(threads ? { threads } : {}) }),
  );
}

async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

function print(video: string, p: VideoProbe, rows: [string, number][]): void {
  const base = rows[0]![1];
  const byLabel = new Map(rows);
  process.stdout.write(`bench shots: ${video} (${p.frameCount} frames, ${p.width}×${p.height}, ${availableParallelism()} cores)\n`);
  for (const [label, secs] of rows) {
    process.stdout.write(`  ${label.padEnd(42)} ${secs.toFixed(3).padStart(8)} s   ${(secs / base).toFixed(2)}× plain decode\n`);
  }
  const one = byLabel.get('long clip: 60-s chunks, 1 worker')!;
  const two = byLabel.get('long clip: 60-s chunks, 2 workers')!;
  process.stdout.write(`  speed-up of 2 chunk workers over 1: ${(one / two).toFixed(2)}×\n`);
}
