/**
 * Writes the cut model's training data: `<montage dir>/cut-features.{f32,json}`.
 *
 *   nice -n 19 npx tsx training/shots/dump-features.ts
 *
 * Rows are the cut features (stages/shots/cut-features.ts) of frame steps, labelled 1 for a
 * cut, 0 for none:
 * - every step of the `train` and `tune` montages as they are (labels from their truth;
 *   steps within one frame of a cut and in or next to a gradual transition are left out:
 *   the gradual path owns those);
 * - synthetic cuts spliced from the train montages' pieces: 24 frames of one piece's
 *   inside followed by 24 of another's (a third of them the same piece, at least 1 s
 *   apart: jump cuts with the same framing; others between pieces of one transform, such
 *   as two dark pieces), the feature taken at the splice.
 * The `split` column says which montage a row comes from, so training can hold the tune
 * montage out for choosing the threshold.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShotDetectorConfigSchema } from '../../stages/shots/config';
import { resolveParams, type DetectorParams } from '../../stages/shots/config';
import { CUT_FEATURE_COUNT, CUT_FEATURE_NAMES, computeCutFeatures } from '../../stages/shots/cut-features';
import { buildCellMap, extractFeatures } from '../../stages/shots/features';
import { FeatureWindow } from '../../stages/shots/window';
import type { Frame } from '../../stages/video/frame';
import { loadSets, MONTAGE_DIR, shotFrames, type ShotSet } from './data';
import { random } from './montages';

const SPLICE_SIDE = 24;
const SPLICES_PER_MONTAGE = 600;

interface Rows {
  features: number[];
  labels: number[];
  splits: string[];
  kinds: string[];
}

function windowOver(frames: readonly Frame[], p: DetectorParams): FeatureWindow {
  const win = new FeatureWindow(frames.length + 1, p.flank);
  const map = buildCellMap(frames[0]!.width, frames[0]!.height);
  frames.forEach((f, i) => win.push(extractFeatures({ ...f, index: i }, map)));
  return win;
}

/** Frames that no gradual transition touches, per piece: [from, to) of the stream. */
function cleanRanges(set: ShotSet): [number, number][] {
  const pieces = set.pieces!;
  return pieces.map((piece, i) => {
    const from = piece.startFrame + (piece.entry === 'cut' ? 0 : piece.entryFrames);
    const next = pieces[i + 1];
    const to = next ? (next.entry === 'cut' ? next.startFrame : next.startFrame) : piece.startFrame + piece.frames;
    return [from, to];
  });
}

function addStreamRows(set: ShotSet, frames: Frame[], p: DetectorParams, rows: Rows): void {
  const win = windowOver(frames, p);
  const cuts = new Set(set.truth.transitions.flatMap((t) => (t.type === 'cut' ? [t.frame] : [])));
  const near = new Set<number>();
  for (const t of set.truth.transitions) {
    if (t.type === 'cut') near.add(t.frame - 1).add(t.frame + 1);
    else for (let f = t.start - 2; f <= t.end + 2; f++) near.add(f);
  }
  const out = new Float32Array(CUT_FEATURE_COUNT);
  for (let b = 1; b < frames.length; b++) {
    if (near.has(b) && !cuts.has(b)) continue;
    rows.features.push(...computeCutFeatures(win, b, p, out));
    rows.labels.push(cuts.has(b) ? 1 : 0);
    rows.splits.push(set.split);
    rows.kinds.push(cuts.has(b) ? 'montage cut' : 'montage step');
  }
}

function addSplices(set: ShotSet, frames: Frame[], p: DetectorParams, rows: Rows, seed: number): void {
  const rnd = random(seed);
  const ranges = cleanRanges(set).filter(([from, to]) => to - from >= SPLICE_SIDE + 2);
  const out = new Float32Array(CUT_FEATURE_COUNT);
  for (let n = 0; n < SPLICES_PER_MONTAGE; n++) {
    const i = Math.floor(rnd() * ranges.length);
    const mode = rnd();
    let j = i;
    if (mode >= 0.33) {
      const sameLook = ranges.map((_, k) => k).filter((k) => k !== i && set.pieces![k]!.transform === set.pieces![i]!.transform);
      j = mode < 0.6 && sameLook.length > 0 ? sameLook[Math.floor(rnd() * sameLook.length)]! : Math.floor(rnd() * ranges.length);
    }
    const [fa, ta] = ranges[i]!;
    const [fb, tb] = ranges[j]!;
    const x = fa + Math.floor(rnd() * (ta - fa - SPLICE_SIDE)) + SPLICE_SIDE;
    const y = fb + Math.floor(rnd() * (tb - fb - SPLICE_SIDE));
    if (i === j && Math.abs(y - x) < 25) continue;
    const spliced = [...frames.slice(x - SPLICE_SIDE, x), ...frames.slice(y, y + SPLICE_SIDE)];
    rows.features.push(...computeCutFeatures(windowOver(spliced, p), SPLICE_SIDE, p, out));
    rows.labels.push(1);
    rows.splits.push(set.split);
    rows.kinds.push(i === j ? 'splice: jump cut in one piece' : 'splice');
  }
}

async function main(): Promise<void> {
  const rows: Rows = { features: [], labels: [], splits: [], kinds: [] };
  let seed = 1;
  for (const set of loadSets().filter((s) => s.split === 'train' || s.split === 'tune')) {
    const { frames, fps } = await shotFrames(set.video);
    const p = resolveParams(ShotDetectorConfigSchema.parse({ cutDecision: 'rules' }), fps);
    addStreamRows(set, frames, p, rows);
    if (set.split === 'train') addSplices(set, frames, p, rows, seed++);
    process.stderr.write(`dump-features: ${set.name} (${set.split}): ${rows.labels.length} rows so far\n`);
  }
  writeFileSync(join(MONTAGE_DIR, 'cut-features.f32'), Buffer.from(Float32Array.from(rows.features).buffer));
  const meta = {
    dims: CUT_FEATURE_COUNT,
    featureNames: CUT_FEATURE_NAMES,
    rows: rows.labels.length,
    labels: rows.labels,
    splits: rows.splits,
    kinds: rows.kinds,
  };
  writeFileSync(join(MONTAGE_DIR, 'cut-features.json'), JSON.stringify(meta));
}

await main();
