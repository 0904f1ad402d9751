/**
 * Where the shipped detector's false cuts fall in the footage (thirty-fourth pass):
 *
 *   nice -n 19 npx tsx training/shots/false-cuts.ts [--splits tune,report] [--only TEXT]
 *   nice -n 19 npx tsx training/shots/false-cuts.ts --moment imageio-cockatoo@6.69 [--splits tune,report]
 *   nice -n 19 npx tsx training/shots/false-cuts.ts --probabilities [--weights FILE] [--splits …] [--only TEXT]
 *
 * Without `--moment`: every false cut on the rendered montages of those splits (names
 * containing `--only`), mapped to the source clip and second its piece shows there, grouped by
 * clip and tenth of a second, most frequent first: a moment many montages draw again shows up
 * as one line. With `--moment CLIP@SECONDS`: every rendered piece of that clip that shows that
 * second, per transform, with how many of them get a false cut within 3 frames of it. With
 * `--probabilities` (thirty-fifth pass): each false cut on its own line, with the temporal model's
 * P(cut) at the frame before, at and after it and the pixel model's P there ("-" where the
 * detector did not ask it; "window / mirrored = mean" with its mirrored look, config.ts
 * TEMPORAL_PIXEL_MIRROR); `--weights FILE` runs a candidate temporal model (a weights JSON of
 * train_temporal_model.py) instead of the shipped one. Scoring as report.ts (unclear zones left out).
 */
import { parseArgs } from 'node:util';
import type { PieceSpec } from './montages';
import { MONTAGE_FPS } from './montages';
import { evaluateShots } from '../../stages/shots/eval';
import type { PixelClassifier } from '../../stages/shots/pixel-model';
import type { TemporalClassifier } from '../../stages/shots/temporal-model';
import { loadPixelClassifier } from '../../stages/shots/pixel-model';
import { loadTemporalClassifier } from '../../stages/shots/temporal-model';
import { classifierFromFile, clearOf, loadSets, runDetector, shotFrames, type ShotSet } from './data';

type Piece = PieceSpec & { startFrame: number };

/** The source second piece `p` shows at montage frame f (pieces play their source at 1×). */
const sourceSecond = (p: Piece, f: number) => p.fromSec + (f - p.startFrame) / MONTAGE_FPS;

/** The piece montage frame f falls in. */
const pieceAt = (set: ShotSet, f: number) => (set.pieces as Piece[]).findLast((q) => q.startFrame <= f)!;

/**
 * The two models, wrapped to keep what they said: the temporal model is asked once per frame, in
 * order, so its n-th answer is frame n's; the detector asks the pixel model about frame c while
 * judging frame c + 1, right after the temporal model's answer for c + 1.
 */
function recording(temporal: TemporalClassifier, pixel: PixelClassifier) {
  const cutP: number[] = [];
  /** The pixel model's answers about frame c: the window's, then (temporalPixelMirror) its mirror's. */
  const pixelP = new Map<number, number[]>();
  const t: TemporalClassifier = {
    version: temporal.version,
    radius: temporal.radius,
    probabilities(window, out) {
      temporal.probabilities(window, out);
      cutP.push(out[0]!);
    },
  };
  const p: PixelClassifier = {
    version: pixel.version,
    half: pixel.half,
    probability(frames) {
      const q = pixel.probability(frames);
      const c = cutP.length - 2;
      pixelP.set(c, [...(pixelP.get(c) ?? []), q]);
      return q;
    },
  };
  return { t, p, cutP, pixelP };
}

/** "-" (not asked), "q" (the window), or "q / mirrored = mean" (the window and its mirror). */
function pixelSaid(answers: number[] | undefined): string {
  if (!answers?.length) return '-';
  if (answers.length === 1) return answers[0]!.toFixed(3);
  const mean = answers.reduce((a, b) => a + b, 0) / answers.length;
  return `${answers.map((q) => q.toFixed(3)).join(' / ')} = ${mean.toFixed(3)}`;
}

interface FalseCuts {
  cuts: number[];
  found: number;
  /** Per false cut, with --probabilities: "P(cut) at c−1, c, c+1, pixel P at c" (window / mirror = mean). */
  said: string[];
}

async function falseCuts(set: ShotSet, models?: { temporal: TemporalClassifier; pixel: PixelClassifier }): Promise<FalseCuts> {
  const { frames, fps } = await shotFrames(set.video);
  const rec = models ? recording(models.temporal, models.pixel) : undefined;
  const { truth, found } = clearOf(set, runDetector(frames, fps, { cutDecision: 'temporal' }, rec?.t, rec?.p));
  const r = evaluateShots(found, truth);
  const cuts = r.falsePositives.filter((x) => x.type === 'cut').map((x) => x.start);
  const said = rec
    ? cuts.map(
        (c) => `P(cut) ${[c - 1, c, c + 1].map((f) => rec.cutP[f]?.toFixed(3) ?? '-').join(' ')}, pixel ${pixelSaid(rec.pixelP.get(c))}`,
      )
    : [];
  return { cuts, found: r.cuts.truePositives, said };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      splits: { type: 'string' },
      only: { type: 'string' },
      moment: { type: 'string' },
      probabilities: { type: 'boolean' },
      weights: { type: 'string' },
    },
  });
  const splits = new Set((values.splits ?? 'tune,report').split(','));
  const sets = loadSets().filter((s) => splits.has(s.split) && s.pieces && (!values.only || s.name.includes(values.only)));
  if (values.weights && !values.probabilities) throw new Error('--weights goes with --probabilities');
  if (values.probabilities) {
    if (values.moment) throw new Error('--probabilities lists every false cut; leave out --moment');
    const models = {
      temporal: values.weights ? classifierFromFile(values.weights) : loadTemporalClassifier(),
      pixel: loadPixelClassifier(),
    };
    process.stdout.write(
      `temporal model ${values.weights ?? 'shipped'} (version ${models.temporal.version}), pixel model version ${models.pixel.version}\n`,
    );
    for (const set of sets) {
      const r = await falseCuts(set, models);
      r.cuts.forEach((c, k) => {
        const p = pieceAt(set, c);
        const where = `${p.source}@${sourceSecond(p, c).toFixed(2)}/${p.transform}`;
        process.stdout.write(`${set.name.replace('shots-', '')}@${c}  ${where.padEnd(32)} ${r.said[k]}\n`);
      });
    }
    return;
  }
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
      const p = pieceAt(set, c);
      const key = `${p.source}@${sourceSecond(p, c).toFixed(1)}`;
      byMoment.set(key, [...(byMoment.get(key) ?? []), `${set.name.replace('shots-', '')}/${p.transform}`]);
    }
  }
  process.stdout.write(`${montages} montages: ${falseCount} false cuts, ${found} cuts found rightly\n`);
  for (const [k, v] of [...byMoment].sort((a, b) => b[1].length - a[1].length))
    process.stdout.write(`  ${v.length}  ${k}  ${v.join(' ')}\n`);
}

await main();
