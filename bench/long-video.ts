/**
 * Long videos end to end (issue 16, item 6): `lvu analyze` with every stage on real footage
 * joined to the lengths asked for (bench/make-long-video.sh), at a low detection rate, one
 * length after another in this process. Per length: wall time, real-time ratio, cores busy,
 * peak RSS (lvu's process with its threads, and with its ffmpeg children), and the time of
 * the merge (stitching, identities, bank, scenes, thumbnails) and of the transformer, per
 * hour of video, so linear growth shows as a flat column.
 *
 *   npx tsx bench/long-video.ts [--minutes 10,120] [--detect-fps 0.5] [--workers N]
 *
 * Needs ffmpeg and the footage of `bash training/footage.sh`; videos are cached in
 * ~/.cache/lvu-bench. Not a test: it takes minutes to an hour.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_CACHE as CACHE, longVideo, rssKb, treeRssKb } from './long-inputs';

const ROOT = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10,120' },
    'detect-fps': { type: 'string', default: '0.5' },
    workers: { type: 'string' },
  },
});
const lengths = values.minutes.split(',').map(Number);
if (lengths.some((m) => !Number.isInteger(m) || m < 1)) throw new Error(`--minutes takes whole minutes, got ${values.minutes}`);

interface Run {
  minutes: number;
  wallSec: number;
  stdout: string;
  peakSelfMb: number;
  peakTreeMb: number;
}

async function analyze(video: string, minutes: number): Promise<Run> {
  const out = join(CACHE, `out-${minutes}`);
  const args = [join(ROOT, 'bin', 'lvu.mjs'), 'analyze', video, '--out', out, '--detect-fps', values['detect-fps'], '--profile'];
  if (values.workers) args.push('--workers', values.workers);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  let peakSelf = 0;
  let peakTree = 0;
  const timer = setInterval(() => {
    const self = rssKb(child.pid!);
    peakSelf = Math.max(peakSelf, self);
    peakTree = Math.max(peakTree, treeRssKb(child.pid!));
  }, 250);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`lvu analyze exited with ${code} on ${video}`);
  return { minutes, wallSec: (performance.now() - t0) / 1000, stdout, peakSelfMb: peakSelf / 1024, peakTreeMb: peakTree / 1024 };
}

/** Seconds of a row of `--profile`'s tables whose name starts with `prefix`. */
function phaseSec(stdout: string, prefix: string): number {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(prefix));
  const m = line ? /\s(\d+\.\d+)\s+\d+\s+\d+\s+[\d.]+$/.exec(line) : null;
  return m ? Number(m[1]) : Number.NaN;
}

mkdirSync(CACHE, { recursive: true });
const runs: Run[] = [];
for (const minutes of lengths) {
  const video = await longVideo(minutes);
  process.stderr.write(`analyze ${minutes} min (${video}) at ${values['detect-fps']} detections/s…\n`);
  const run = await analyze(video, minutes);
  runs.push(run);
  process.stdout.write(
    `${run.stdout
      .split('\n')
      .filter((l) => l.startsWith('profile') || l.startsWith('  '))
      .join('\n')}\n`,
  );
}

const head = [
  'minutes',
  'wall s',
  '× real time',
  'cores busy',
  'peak RSS lvu MB',
  'peak RSS +ffmpeg MB',
  'merge s',
  'merge s/h',
  'transformer s',
  'transformer s/h',
];
const rows = runs.map((r) => {
  const cores = /= (\d+\.\d+) cores busy/.exec(r.stdout)?.[1] ?? '?';
  const merge = phaseSec(r.stdout, 'merge (stitch');
  const transformer = phaseSec(r.stdout, 'transformer (spans');
  const hours = r.minutes / 60;
  return [
    r.minutes,
    r.wallSec.toFixed(0),
    ((r.minutes * 60) / r.wallSec).toFixed(2),
    cores,
    r.peakSelfMb.toFixed(0),
    r.peakTreeMb.toFixed(0),
    merge.toFixed(2),
    (merge / hours).toFixed(2),
    transformer.toFixed(2),
    (transformer / hours).toFixed(2),
  ];
});
process.stdout.write(
  `\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`,
);
