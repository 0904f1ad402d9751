import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { runPool } from '../../core/pool';
import { parseOrThrow } from '../../core/validate';
import { analyzeChunk, mergeChunks, planAnalysis } from '../../stages/pipeline';
import { probe } from '../../stages/video';
import { parseFlags } from '../args';
import { ProgressBar } from '../progress';

export const summary = 'analyze a video on this machine: lvu analyze <video> [--out DIR] [--chunk-sec 60] [--workers N]';

const AnalyzeOptionsSchema = z.object({
  video: z.string().min(1),
  out: z.string().min(1).optional(),
  chunkSec: z.coerce.number().positive().default(60),
  workers: z.coerce.number().int().min(1).max(64).default(Math.max(1, availableParallelism())),
});

/**
 * `lvu analyze <video>`: probes the file, plans chunks, decodes and analyses them in
 * parallel (a pool sized to the cores, one ffmpeg thread per chunk), merges, writes
 * `DIR/shots.json` and prints a short summary.
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    out: { type: 'string' },
    'chunk-sec': { type: 'string' },
    workers: { type: 'string' },
  });
  if (positionals.length !== 1) {
    process.stderr.write(`usage: ${summary}\n`);
    return 2;
  }
  const opts = parseOrThrow(AnalyzeOptionsSchema, {
    video: positionals[0],
    out: values.out,
    chunkSec: values['chunk-sec'],
    workers: values.workers,
  }, 'analyze options');
  const outDir = resolve(opts.out ?? join('lvu-out', basename(opts.video).replace(/\.[^.]+$/, '')));
  const p = await probe(opts.video);
  const plan = planAnalysis(p, { chunkSec: opts.chunkSec });
  const decodeTotal = plan.chunks.reduce((n, c) => n + c.decodeEndFrame - c.decodeStartFrame, 0);
  const bar = new ProgressBar('shots', decodeTotal);
  const doneByChunk = new Float64Array(plan.chunks.length);
  const results = await runPool(plan.chunks, opts.workers, (chunk, signal) =>
    analyzeChunk({
      sourcePath: opts.video, probe: p, plan, chunkIndex: chunk.index, threads: 1, signal,
      onProgress: (done) => {
        doneByChunk[chunk.index] = done;
        bar.update(doneByChunk.reduce((a, b) => a + b, 0));
      },
    }),
  );
  const { shotsFile } = mergeChunks({ probe: p, plan, chunkResults: results });
  bar.finish(`${plan.chunks.length} chunk(s), ${opts.workers} worker(s)`);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'shots.json'), `${JSON.stringify(shotsFile, null, 1)}\n`);
  process.stdout.write(`${describe(shotsFile, outDir)}\n`);
  return 0;
}

function describe(s: import('../../core/contracts/shots').ShotsFile, outDir: string): string {
  const v = s.video;
  const byType = new Map<string, number>();
  for (const t of s.transitions) byType.set(t.type, (byType.get(t.type) ?? 0) + 1);
  const types = [...byType].map(([k, n]) => `${n} ${k}${n > 1 ? 's' : ''}`).join(', ') || 'none';
  return [
    `${basename(v.path ?? 'video')}: ${v.width}×${v.height}, ${v.fps.toFixed(2)} fps, ${v.frameCount} frames (${v.durationSec.toFixed(1)} s), ${v.codec}`,
    `${s.shots.length} shots; transitions: ${types}`,
    `wrote ${join(outDir, 'shots.json')}`,
  ].join('\n');
}
