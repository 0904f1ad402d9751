/**
 * `npm run bench` / `npx lvu bench shots [video]`: the cost of our shot pass against plain
 * decoding, measured in one run on the same file (default: ../shared/data/shots/shots_dev.mp4):
 *   - plain `ffmpeg -f null` decode (the baseline, 1.00), decoder threads ffmpeg's auto choice
 *   - our full shot pass, one chunk (probe excluded), on all cores as `lvu analyze` runs a
 *     one-chunk video: single-threaded ffmpegs on keyframe-aligned segments side by side
 *     (stages/video/segments.ts), deblocking skipped on B-frames, 64×36 frames filtered on one thread
 *     (stages/video/filtergraph.ts)
 *   - the same pass on one ffmpeg process with ffmpeg's own (frame) threads, for comparison
 *   - ffmpeg's `scdet` filter
 *   - one decode of the 64×36 shot frames (stages/video, one ffmpeg) feeding the detector
 *     in-process, with each `cutDecision` (rules, learned, temporal): the pipeline creates
 *     its detector with the default configuration, so these rows are where the opt-in
 *     decisions' cost is measured against plain decode and against each other
 *   - the temporal detector with its two models' forwards in their typed-array loops instead
 *     of WebAssembly SIMD (stages/shots/simd.ts; the same output, bit for bit)
 *   - on the clip looped 4× (stream copy), so that there are chunks enough to share out:
 *     plain decode, our pass as one chunk on all cores, and 1 vs 2 parallel chunk workers
 *     (60-s chunks, one ffmpeg thread each)
 * Each is run once to warm up, then `--repeat` times (default 3), interleaved round by round
 * with the others of its group; the median is reported, as ratios, for wall time and for CPU
 * time (this process's threads and the ffmpegs it waited for: steadier on a shared machine).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runPool } from '../core/pool';
import { analyzeChunk, planAnalysis } from '../stages/pipeline';
import { readFileSync } from 'node:fs';
import { createShotDetector, SHOT_FRAME_SPEC, ShotDetectorConfigSchema, type ShotDetectorConfigInput } from '../stages/shots';
import { resolveParams } from '../stages/shots/config';
import { PIXEL_MODEL_WEIGHTS_URL, type PixelClassifier, pixelClassifierFrom, PixelModelWeightsSchema } from '../stages/shots/pixel-model';
import { TemporalShotDetector } from '../stages/shots/temporal-detector';
import {
  TEMPORAL_MODEL_WEIGHTS_URL,
  type TemporalClassifier,
  temporalClassifierFrom,
  TemporalModelWeightsSchema,
} from '../stages/shots/temporal-model';
import { parseOrThrow } from '../core/validate';
import { decodeFrames, loopVideo, probe, timeFfmpegNull } from '../stages/video';
import type { VideoProbe } from '../core/contracts/video';
import { parseFlags } from '../cli/args';
import { mediansWithCpu } from './timing';

export const summary = 'shot pass vs plain ffmpeg decode, scdet, 1 vs 2 chunk workers';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { repeat: { type: 'string' } });
  const video = positionals[0] ?? resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'), 'shots/shots_dev.mp4');
  const repeat = Math.max(1, Number(values.repeat ?? 3));
  const p = await probe(video);
  const loadBefore = loadavg()[0]!;
  const loops = loopClassifiers();
  const rows = await mediansWithCpu(repeat, [
    ['plain ffmpeg decode (-f null, auto threads)', () => timeFfmpegNull(video)],
    ['plain ffmpeg decode, 1 thread', () => timeFfmpegNull(video, { threads: 1 })],
    ['our shot pass, 1 chunk (all cores)', () => shotPass(video, p, 1e9, 1, undefined)],
    ['  same, one ffmpeg (frame threads)', () => shotPass(video, p, 1e9, 1, undefined, false)],
    ['ffmpeg scdet filter', () => timeFfmpegNull(video, { filter: 'scdet' })],
    ['decode 64×36 + detector, rules', () => decodeAndDetect(video, p, 'rules')],
    ['decode 64×36 + detector, learned', () => decodeAndDetect(video, p, 'learned')],
    ['decode 64×36 + detector, temporal', () => decodeAndDetect(video, p, 'temporal')],
    ['  same, pixel model off', () => decodeAndDetect(video, p, 'temporal', { temporalPixelFloor: 1 })],
    ['  same, models in loops (no SIMD)', () => decodeAndDetect(video, p, 'temporal', {}, loops)],
  ]);
  const scratch = await mkdtemp(join(tmpdir(), 'lvu-bench-'));
  try {
    const long = await loopVideo(video, 4, join(scratch, 'long.mp4'));
    const lp = await probe(long);
    rows.push(
      ...(await mediansWithCpu(repeat, [
        ['long clip: plain ffmpeg decode', () => timeFfmpegNull(long)],
        ['long clip: our shot pass, 1 chunk (all cores)', () => shotPass(long, lp, 1e9, 1, undefined)],
        ['long clip: 60-s chunks, 1 worker', () => shotPass(long, lp, 60, 1, 1)],
        ['long clip: 60-s chunks, 2 workers', () => shotPass(long, lp, 60, 2, 1)],
      ])),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  print(video, p, rows, [loadBefore, loadavg()[0]!]);
  return 0;
}

/** The shipped temporal and pixel models with their forwards in typed-array loops (no SIMD). */
function loopClassifiers(): [TemporalClassifier, PixelClassifier] {
  const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as unknown;
  return [
    temporalClassifierFrom(parseOrThrow(TemporalModelWeightsSchema, read(TEMPORAL_MODEL_WEIGHTS_URL), 'temporal model weights'), {
      simd: false,
    }),
    pixelClassifierFrom(parseOrThrow(PixelModelWeightsSchema, read(PIXEL_MODEL_WEIGHTS_URL), 'pixel model weights'), { simd: false }),
  ];
}

/**
 * Decodes the shot frames once (one ffmpeg) and runs a detector with `cutDecision` over them,
 * in-process; with `models`, the temporal detector on those models instead of the shipped ones.
 */
async function decodeAndDetect(
  video: string,
  p: VideoProbe,
  cutDecision: 'rules' | 'learned' | 'temporal',
  extra: ShotDetectorConfigInput = {},
  models?: [TemporalClassifier, PixelClassifier],
): Promise<number> {
  const detector = models
    ? new TemporalShotDetector(
        resolveParams(
          Object.freeze(parseOrThrow(ShotDetectorConfigSchema, { ...extra, cutDecision }, 'shot detector config')),
          p.fps,
          ...models,
        ),
      )
    : createShotDetector({ cutDecision, ...extra }, p.fps);
  let found = 0;
  for await (const { frame } of decodeFrames({ path: video, probe: p, outputs: [{ name: 'shots', ...SHOT_FRAME_SPEC }] })) {
    found += detector.push(frame).length;
  }
  return found + detector.flush().length;
}

async function shotPass(
  video: string,
  p: VideoProbe,
  chunkSec: number,
  workers: number,
  threads: number | undefined,
  splitAtKeyframes?: boolean,
): Promise<void> {
  const plan = planAnalysis(p, { chunkSec });
  await runPool(plan.chunks, workers, (c, signal) =>
    analyzeChunk({
      sourcePath: video,
      probe: p,
      plan,
      chunkIndex: c.index,
      signal,
      stages: ['shots'],
      ...(threads ? { threads } : {}),
      ...(splitAtKeyframes !== undefined ? { splitAtKeyframes } : {}),
    }),
  );
}

function print(video: string, p: VideoProbe, rows: [string, number, number][], load: [number, number]): void {
  const [, base, baseCpu] = rows[0]!;
  const byLabel = new Map(rows.map(([label, wall]) => [label, wall]));
  process.stdout.write(
    `bench shots: ${video} (${p.frameCount} frames, ${p.width}×${p.height}, ${availableParallelism()} cores, 1-min load ${load[0].toFixed(2)} before, ${load[1].toFixed(2)} after)\n`,
  );
  process.stdout.write(
    `  threads: ffmpeg's auto choice for the plain decodes; the 1-chunk pass uses every core (1-thread ffmpegs on keyframe segments); 1 per chunk in the worker rows\n`,
  );
  process.stdout.write(`  ${''.padEnd(46)} ${'wall'.padStart(8)}                        CPU (this process + ffmpeg)\n`);
  for (const [label, secs, cpu] of rows) {
    process.stdout.write(
      `  ${label.padEnd(46)} ${secs.toFixed(3).padStart(8)} s   ${(secs / base).toFixed(2)}× plain decode   ${cpu.toFixed(2).padStart(6)} s   ${(cpu / baseCpu).toFixed(2)}×\n`,
    );
  }
  const one = byLabel.get('long clip: 60-s chunks, 1 worker')!;
  const two = byLabel.get('long clip: 60-s chunks, 2 workers')!;
  process.stdout.write(`  speed-up of 2 chunk workers over 1: ${(one / two).toFixed(2)}×\n`);
}
