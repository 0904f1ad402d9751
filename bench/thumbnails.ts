/**
 * `npx lvu bench thumbnails [video] [--repeat 3]`: what shot and identity thumbnails add to
 * an analysis of the same file (default ../shared/data/shots/shots_dev.mp4), measured in one
 * run, interleaved round by round: every chunk with `thumbnails: false` vs the default
 * (a 2/s thumbnail output of the same decode, JPEGs per shot piece and per person track),
 * merge included, for the shot-only pass and for the full per-chunk analysis (shots +
 * people/object detection, descriptors, bank features; models loaded once, outside the
 * timing). Medians and the ratio with / without. `--shots-only` skips the full analysis.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFlags } from '../cli/args';
import { type Case, medians } from './timing';
import type { VideoProbe } from '../core/contracts/video';
import { runPool } from '../core/pool';
import { modelsConfig, VisionModels } from '../models';
import { analyzeChunk, mergeChunks, planAnalysis, type ChunkStage } from '../stages/pipeline';
import { probe } from '../stages/video';

export const summary = 'analysis time with vs without shot/identity thumbnails (shot pass and full analysis)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { repeat: { type: 'string' }, 'shots-only': { type: 'boolean' } });
  const video = positionals[0] ?? resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'), 'shots/shots_dev.mp4');
  const repeat = Math.max(1, Number(values.repeat ?? 3));
  const p = await probe(video);
  const vision = VisionModels.create(modelsConfig());
  const load = [loadavg()[0]!];
  try {
    const cases: Case[] = [
      ['shot pass, no thumbnails', () => analysis(video, p, ['shots'], false)],
      ['shot pass, with thumbnails', () => analysis(video, p, ['shots'], true)],
    ];
    if (!values['shots-only']) {
      cases.push(
        ['full analysis, no thumbnails', () => analysis(video, p, ['shots', 'detect'], false, vision)],
        ['full analysis, with thumbnails', () => analysis(video, p, ['shots', 'detect'], true, vision)],
      );
    }
    const rows = await medians(repeat, cases);
    load.push(loadavg()[0]!);
    const t = new Map(rows);
    process.stdout.write(
      `bench thumbnails: ${video} (${p.frameCount} frames, ${p.width}×${p.height}, ${availableParallelism()} cores, 1-min load ${load[0]!.toFixed(2)} before, ${load[1]!.toFixed(2)} after, median of ${repeat})\n`,
    );
    for (const [label, secs] of rows) process.stdout.write(`  ${label.padEnd(34)} ${secs.toFixed(3).padStart(8)} s\n`);
    for (const kind of ['shot pass', 'full analysis']) {
      if (!t.has(`${kind}, no thumbnails`)) continue;
      const ratio = t.get(`${kind}, with thumbnails`)! / t.get(`${kind}, no thumbnails`)!;
      process.stdout.write(`  ${kind}: thumbnails add ${((ratio - 1) * 100).toFixed(1)} % (${ratio.toFixed(3)}×)\n`);
    }
    return 0;
  } finally {
    await vision.dispose();
  }
}

/** Every chunk of one 60-s plan (as `lvu analyze` runs them: one worker, all cores), then the merge. */
async function analysis(video: string, p: VideoProbe, stages: ChunkStage[], thumbnails: boolean, vision?: VisionModels): Promise<void> {
  const plan = planAnalysis(p, { chunkSec: 60 });
  const chunkResults = await runPool(plan.chunks, 1, (c, signal) =>
    analyzeChunk({
      sourcePath: video,
      probe: p,
      plan,
      chunkIndex: c.index,
      signal,
      stages,
      thumbnails,
      detect: { bankFeatures: true },
      ...(vision ? { vision } : {}),
    }),
  );
  mergeChunks({ probe: p, plan, chunkResults });
}
