/**
 * Every core (issue 16, item 3): the full default pipeline (`lvu analyze` with every stage,
 * 5 detections/s) on real videos, timed from outside, against a baseline checkout of lvu in
 * the same run (interleaved: baseline, current, baseline, current…). Per run: wall time,
 * real-time ratio, cores busy on average (CPU of lvu and its ffmpeg children ÷ wall) and
 * peak RSS; at the end whether both trees wrote the same shots.json.
 *
 *   npx tsx bench/cores.ts [--baseline DIR] [--repeat 1] [VIDEO…]
 *
 * VIDEO defaults to ../shared/data/shots/shots_dev.mp4 and the 10-minute real video of
 * bench/make-long-video.sh (~/.cache/lvu-bench/long-10.mp4, made if missing). `--baseline`
 * is another checkout (e.g. `git worktree add /tmp/base <commit>` with node_modules linked);
 * it is run the same way (its models in their own cache, `--baseline-models`), so its
 * figures are comparable.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds } from '../core/profile';
import { probe } from '../stages/video';
import { longVideo, rssKb } from './long-inputs';

const ROOT = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  options: {
    baseline: { type: 'string' },
    'baseline-models': { type: 'string', default: join(homedir(), '.cache', 'lvu-baseline', 'models') },
    repeat: { type: 'string', default: '1' },
  },
  allowPositionals: true,
});

interface Result {
  video: string;
  tree: string;
  wall: number;
  cpu: number;
  peakMb: number;
  durationSec: number;
  outDir: string;
}

/** The baseline converts its models into its own cache (its converter may differ from ours). */
function envOf(tree: string): NodeJS.ProcessEnv {
  return tree === ROOT ? process.env : { ...process.env, LVU_MODEL_DIR: values['baseline-models'] };
}

async function run(tree: string, video: string, outDir: string, durationSec: number): Promise<Result> {
  const cpu0 = cpuSeconds().children;
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(tree, 'bin', 'lvu.mjs'), 'analyze', video, '--out', outDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: envOf(tree),
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKb(child.pid!));
  }, 250);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${tree}: lvu analyze ${video} exited with ${code}\n${stderr}`);
  const wall = (performance.now() - t0) / 1000;
  return { video, tree, wall, cpu: cpuSeconds().children - cpu0, peakMb: peak / 1024, durationSec, outDir };
}

async function defaultVideos(): Promise<string[]> {
  const shotsDev = resolve(ROOT, process.env['LVU_TEST_DATA'] ?? '../shared/data', 'shots/shots_dev.mp4');
  const long = await longVideo(10);
  return [...(existsSync(shotsDev) ? [shotsDev] : []), long];
}

const videos = positionals.length > 0 ? positionals : await defaultVideos();
const trees = [...(values.baseline ? [resolve(values.baseline)] : []), ROOT];
// Models converted before any timing (a first use would convert inside the first run).
for (const tree of trees) {
  const build = spawn(process.execPath, [join(tree, 'bin', 'lvu.mjs'), 'models', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: envOf(tree),
  });
  if ((await new Promise<number>((r) => build.on('exit', (c) => r(c ?? 1)))) !== 0) throw new Error(`${tree}: lvu models build failed`);
}
const results: Result[] = [];
for (const video of videos) {
  const { durationSec } = await probe(video);
  for (let r = 0; r < Number(values.repeat); r++)
    for (const [i, tree] of trees.entries()) {
      const outDir = join(tmpdir(), `lvu-bench-cores-${i}-${r}-${video.replace(/\W+/g, '_')}`);
      process.stderr.write(`${tree === ROOT ? 'current' : 'baseline'}: ${video}…\n`);
      results.push(await run(tree, video, outDir, durationSec));
    }
}

const name = (tree: string) => (tree === ROOT ? 'current' : `baseline (${tree})`);
process.stdout.write(
  `\n${availableParallelism()} cores\n| video | tree | wall s | × real time | cores busy | peak RSS MB |\n|---|---|---|---|---|---|\n`,
);
for (const r of results)
  process.stdout.write(
    `| ${r.video.split('/').pop()} | ${name(r.tree)} | ${r.wall.toFixed(1)} | ${(r.durationSec / r.wall).toFixed(2)} | ${(r.cpu / r.wall).toFixed(2)} | ${r.peakMb.toFixed(0)} |\n`,
  );
if (values.baseline)
  for (const video of videos) {
    const mine = results.filter((r) => r.video === video && r.tree === ROOT);
    const base = results.filter((r) => r.video === video && r.tree !== ROOT);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const same = readFileSync(join(mine[0]!.outDir, 'shots.json'), 'utf8') === readFileSync(join(base[0]!.outDir, 'shots.json'), 'utf8');
    process.stdout.write(
      `${video.split('/').pop()}: current is ${(median(base.map((r) => r.wall)) / median(mine.map((r) => r.wall))).toFixed(2)}× the baseline's speed; shots.json ${same ? 'identical' : 'DIFFERS'}\n`,
    );
  }
