/**
 * Where the shipped detector's false cuts fall in the footage (thirty-fourth pass):
 *
 *   nice -n 19 npx tsx training/shots/false-cuts.ts [--splits tune,report] [--only TEXT]
 *   nice -n 19 npx tsx training/shots/false-cuts.ts --moment imageio-cockatoo@6.69 [--splits tune,report]
 *
 * Without `--moment`: every false cut on the rendered montages of those splits (names
 * containing `--only`), mapped to the source clip and second its piece shows there, grouped by
 * clip and tenth of a second, most frequent first: a moment many montages draw again shows up
 * as one line. With `--moment CLIP@SECONDS`: every rendered piece of that clip that shows that
 * second, per transform, with how many of them get a false cut within 3 frames of it. Scoring
 * as report.ts (unclear zones left out).
 */
import { parseArgs } from 'node:util';
import type { PieceSpec } from './montages';
import { MONTAGE_FPS } from './montages';
import { evaluateShots } from '../../stages/shots/eval';
import { clearOf, loadSets, runDetector, shotFrames, type ShotSet } from './data';

type Piece = PieceSpec & { startFrame: number };

/** The source second piece `p` shows at montage frame f (pieces play their source at 1×). */
const sourceSecond = (p: Piece, f: number) => p.fromSec + (f - p.startFrame) / MONTAGE_FPS;

async function falseCuts(set: ShotSet): Promise<{ cuts: number[]; found: number }> {
  const { frames, fps } = await shotFrames(set.video);
  const { truth, found } = clearOf(set, runDetector(frames, fps, { cutDecision: 'temporal' }));
  const r = evaluateShots(found, truth);
  return { cuts: r.falsePositives.filter((x) => x.type === 'cut').map((x) => x.start), found: r.cuts.truePositives };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { splits: { type: 'string' }, only: { type: 'string' }, moment: { type: 'string' } } });
  const splits = new Set((values.splits ?? 'tune,report').split(','));
  const sets = loadSets().filter((s) => splits.has(s.split) && s.pieces && (!values.only || s.name.includes(values.only)));
  if (values.moment) {
    const m = /^(.+)@(\d+(?:\.\d+)?)$/.exec(values.moment);
    if (!m) throw new Error(`--moment: expected CLIP@SECONDS (e.g. imageio-cockatoo@6.69), got "${values.moment}"`);
    const [clip, at] = [m[1]!, Number(m[2])];
    const byTransform = new Map<string, { pieces: number; falseCuts: number; where: string[] }>();
    for (const set of sets) {
      const shows = (set.pieces as Piece[]).filter(
        (p) => p.source === clip && sourceSecond(p, p.startFrame) <= at && sourceSecond(p, p.startFrame + p.frames) >= at,
      );
      if (shows.length === 0) continue;
      const { cuts } = await falseCuts(set);
      for (const p of shows) {
        const frame = p.startFrame + Math.round((at - p.fromSec) * MONTAGE_FPS);
        const hit = cuts.some((c) => Math.abs(c - frame) <= 3);
        const row = byTransform.get(p.transform) ?? { pieces: 0, falseCuts: 0, where: [] };
        row.pieces++;
        if (hit) {
          row.falseCuts++;
          row.where.push(`${set.name}@${frame}`);
        }
        byTransform.set(p.transform, row);
      }
    }
    process.stdout.write(`${clip} at ${at} s: pieces that show it, per transform, and how many get a false cut within 3 frames\n`);
    for (const [t, r] of [...byTransform].sort((a, b) => b[1].pieces - a[1].pieces)) {
      process.stdout.write(`  ${t.padEnd(7)} ${r.falseCuts} of ${r.pieces}${r.where.length ? `  (${r.where.join(' ')})` : ''}\n`);
    }
    return;
  }
  const byMoment = new Map<string, string[]>();
  let [montages, falseCount, found] = [0, 0, 0];
  for (const set of sets) {
    const r = await falseCuts(set);
    montages++;
    found += r.found;
    for (const c of r.cuts) {
      falseCount++;
      const p = (set.pieces as Piece[]).findLast((q) => q.startFrame <= c)!;
      const key = `${p.source}@${sourceSecond(p, c).toFixed(1)}`;
      byMoment.set(key, [...(byMoment.get(key) ?? []), `${set.name.replace('shots-', '')}/${p.transform}`]);
    }
  }
  process.stdout.write(`${montages} montages: ${falseCount} false cuts, ${found} cuts found rightly\n`);
  for (const [k, v] of [...byMoment].sort((a, b) => b[1].length - a[1].length))
    process.stdout.write(`  ${v.length}  ${k}  ${v.join(' ')}\n`);
}

await main();
