/**
 * How the shipped detector finds jump cuts (a cut between two pieces of one source), by how
 * much each stands out in the rendered montage:
 *
 *   nice -n 19 npx tsx training/shots/jump-contrast.ts [--splits tune,report] [--verbose]
 *
 * A jump cut's visibility (montages.ts VISIBLE_JUMP) is measured when the montage is made, on
 * the untransformed source: the change at the jump against the median one-frame change 5
 * frames either side. A transform that moves the picture (shake, pan, rotate) adds its own
 * change to every frame, so the same jump can stand out far less in the rendered montage. This
 * measures that contrast again on the montage's own 64×36 shot frames (luma), and prints, per
 * contrast bin, how many of the jump cuts the montages' truth keeps (unclear zones left out)
 * the shipped detector finds (±1 frame). `--verbose` lists the jump cuts under a contrast of 1.5.
 */
import { parseArgs } from 'node:util';
import { jumpVisibility } from './montages';
import { clearOf, jumpCuts, loadSets, lumaOf, runDetector, shotFrames } from './data';

const BINS = [1.5, 2, 3, 5] as const;
const SIDE = 5;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { splits: { type: 'string' }, verbose: { type: 'boolean' } } });
  const splits = new Set((values.splits ?? 'tune,report').split(','));
  const sets = loadSets().filter((s) => splits.has(s.split) && s.pieces);
  const counts = Array.from({ length: BINS.length + 1 }, () => ({ jumps: 0, found: 0 }));
  const low: string[] = [];
  for (const set of sets) {
    const pieces = set.pieces!;
    const jumps = jumpCuts(set.name, pieces).filter((j) => j.visible);
    if (jumps.length === 0) continue;
    const { frames, fps } = await shotFrames(set.video);
    const { found, truth } = clearOf(set, runDetector(frames, fps, {}));
    const cuts = found.filter((t) => t.type === 'cut').map((t) => t.startFrame);
    const kept = new Set(truth.transitions.flatMap((t) => (t.type === 'cut' ? [t.frame] : [])));
    for (const j of jumps) {
      const k = pieces.findIndex((p) => p.startFrame === j.frame);
      if (k < 1 || !kept.has(j.frame)) continue;
      const side = Math.min(SIDE, pieces[k]!.frames, pieces[k - 1]!.frames);
      if (j.frame + side > frames.length) continue;
      const luma = (i: number) => lumaOf(frames[i]!.data);
      const v = jumpVisibility(
        Array.from({ length: side }, (_, i) => luma(j.frame - side + i)),
        Array.from({ length: side }, (_, i) => luma(j.frame + i)),
      );
      const hit = cuts.some((f) => Math.abs(f - j.frame) <= 1);
      const bin = BINS.findIndex((b) => v.contrast < b);
      const c = counts[bin < 0 ? BINS.length : bin]!;
      c.jumps++;
      if (hit) c.found++;
      if (v.contrast < BINS[0])
        low.push(
          `  ${set.name} @${j.frame} ${pieces[k]!.source}/${pieces[k]!.transform}: source contrast ${j.contrast.toFixed(1)}, rendered ${v.contrast.toFixed(2)} (change ${v.change.toFixed(1)})${hit ? ' found' : ' missed'}`,
        );
    }
  }
  process.stdout.write(`${sets.length} montages (${[...splits].join(', ')}); jump cuts by contrast in the rendered montage:\n`);
  counts.forEach((c, i) => {
    const range = i === 0 ? `< ${BINS[0]}` : i === BINS.length ? `≥ ${BINS[i - 1]}` : `${BINS[i - 1]}–${BINS[i]}`;
    process.stdout.write(`  contrast ${range.padEnd(8)} ${String(c.found).padStart(4)} of ${String(c.jumps).padStart(4)} found\n`);
  });
  if (values.verbose) process.stdout.write(`${low.join('\n')}\n`);
}

await main();
