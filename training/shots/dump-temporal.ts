/**
 * Writes the temporal transition model's training data: `<montage dir>/temporal.{f32,json}`.
 *
 *   nice -n 19 npx tsx training/shots/dump-temporal.ts
 *
 * One row per frame: its temporal features (stages/shots/temporal-features.ts) and two
 * labels, `cut` (the frame is the first of a new shot after a cut) and `gradual` (the frame
 * is inside a dissolve, fade or wipe, truth's start..end). Streams:
 * - the `train` montages as they are, and the `tune` montages (held out: validation only),
 *   without their unclear zones (data.ts: minions pieces, jump cuts nobody can see);
 * - synthetic streams spliced at 64×36 from the train montages' clean piece insides:
 *   cuts, jump cuts inside one piece (visible ones only: montages.ts VISIBLE_JUMP), cuts
 *   between two darkened pieces, dissolves, fades through black (with 0–4 black frames) and
 *   wipes (four directions) of 6–42 frames, and
 *   one-to-three-frame flashes, fast pans over a still or moving picture and stutter (each picture held 2–14
 *   frames, as in low-frame-rate footage) (label 0), so the model sees far more transitions over more
 *   content pairs than the montages hold.
 * Report montages and shots_dev are never read here, nor TUD-Campus pieces (NOT_FOR_TRAINING)
 * and minions pieces (UNCLEAR_SOURCES).
 *
 *   nice -n 19 npx tsx training/shots/dump-temporal.ts --finetune
 *
 * writes `temporal-finetune.{f32,json}` for version 6 (`train_temporal_model.py --init`): the
 * same rows plus the `finetune` montages (short rounds and long takes, as they are), validated
 * on the tune montages that are rendered.
 *
 *   nice -n 19 npx tsx training/shots/dump-temporal.ts --finetune --also train-pixel
 *
 * adds the montages of further splits as they are (here the pixel model's `train-pixel`
 * montages) and writes `temporal-finetune-<splits>.{f32,json}` (version 7 on).
 *
 *   nice -n 19 npx tsx training/shots/dump-temporal.ts --finetune --jump-gradual
 *
 * (thirty-eighth pass) makes half the synthetic streams' visible jumps inside one piece a
 * dissolve or a wipe instead of a cut (two moments of one take, the same place and framing,
 * dark or not as the piece is: most gradual transitions the detector missed on tune) and
 * writes `temporal-finetune[-<splits>]-jumpgradual.{f32,json}`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { buildCellMap, extractFeatures } from '../../stages/shots/features';
import {
  CELL_SCRATCH,
  computeTemporalFeatures,
  MAX_TEMPORAL_LAG,
  TEMPORAL_FEATURE_COUNT,
  TEMPORAL_FEATURE_NAMES,
} from '../../stages/shots/temporal-features';
import { FeatureWindow } from '../../stages/shots/window';
import type { Frame } from '../../stages/video/frame';
import {
  alsoSplits,
  loadSets,
  lumaOf,
  MONTAGE_DIR,
  NOT_FOR_TRAINING,
  shotFrames,
  usableFrames,
  type ShotSet,
  UNCLEAR_SOURCES,
} from './data';
import { jumpVisibility, MONTAGES, random } from './montages';

// Version 5: 20 per montage over 38 train montages (version 3: 40 over 14); more montages,
// fewer splices of each: 499 k training rows (version 3: 320 k).
const SYNTHETIC_STREAMS_PER_MONTAGE = 20;
const TRANSITIONS_PER_STREAM = 14;

interface Stream {
  name: string;
  split: string;
  frames: number;
}

interface Out {
  features: Float32Array[];
  cut: number[];
  gradual: number[];
  streams: Stream[];
}

/** The temporal features of every frame of one stream (a fresh window, as a detector would see it). */
function streamFeatures(frames: readonly Uint8Array[], width: number, height: number): Float32Array {
  const win = new FeatureWindow(frames.length + MAX_TEMPORAL_LAG + 1, 0, false);
  const map = buildCellMap(width, height);
  const out = new Float32Array(frames.length * TEMPORAL_FEATURE_COUNT);
  const scratch = new Float32Array(CELL_SCRATCH);
  frames.forEach((data, i) => {
    win.push(extractFeatures({ index: i, sec: i / 25, width, height, format: 'rgb24', data }, map));
  });
  for (let i = 0; i < frames.length; i++) computeTemporalFeatures(win, i, out, i * TEMPORAL_FEATURE_COUNT, scratch);
  return out;
}

function addStream(out: Out, name: string, split: string, frames: readonly Uint8Array[], cut: number[], gradual: number[]): void {
  out.features.push(streamFeatures(frames, 64, 36));
  out.cut.push(...cut);
  out.gradual.push(...gradual);
  out.streams.push({ name, split, frames: frames.length });
}

function montageStream(set: ShotSet, frames: Frame[], out: Out): void {
  const cut = new Array<number>(frames.length).fill(0);
  const gradual = new Array<number>(frames.length).fill(0);
  for (const t of set.truth.transitions) {
    if (t.type === 'cut') cut[t.frame] = 1;
    else for (let f = t.start; f <= t.end; f++) gradual[f] = 1;
  }
  // One stream per run of usable frames (all of them when no piece is left out).
  const ok = usableFrames(set, frames.length);
  for (let start = 0; start < frames.length; ) {
    if (!ok[start]) {
      start++;
      continue;
    }
    let end = start;
    while (end < frames.length && ok[end]) end++;
    if (end - start >= 2 * MAX_TEMPORAL_LAG) {
      const c = cut.slice(start, end);
      // A stream's first frame has no frame before it here: no cut can land on it.
      c[0] = 0;
      const name = start === 0 && end === frames.length ? set.name : `${set.name}@${start}`;
      addStream(
        out,
        name,
        set.split,
        frames.slice(start, end).map((f) => f.data),
        c,
        gradual.slice(start, end),
      );
    }
    start = end;
  }
}

/** Frames no transition touches, per piece: [from, to). */
function cleanRanges(set: ShotSet): [number, number][] {
  const pieces = set.pieces!;
  return pieces.flatMap((piece, i) => {
    if (NOT_FOR_TRAINING.has(piece.source) || UNCLEAR_SOURCES.has(piece.source)) return [];
    const from = piece.startFrame + (piece.entry === 'cut' ? 0 : piece.entryFrames) + 1;
    const next = pieces[i + 1];
    const to = next ? next.startFrame - 1 : piece.startFrame + piece.frames;
    return [[from, to] as [number, number]];
  });
}

const mix = (a: Uint8Array, b: Uint8Array, alpha: number): Uint8Array => {
  const o = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) o[i] = Math.round((1 - alpha) * a[i]! + alpha * b[i]!);
  return o;
};
const darken = (a: Uint8Array): Uint8Array => a.map((v) => Math.round(16 + (v - 16) * 0.22));
const flash = (a: Uint8Array, pure: boolean): Uint8Array => a.map((v) => (pure ? 255 : Math.min(255, Math.round(v * 2.2 + 40))));

/**
 * A pan: frame `a` scaled up 1.5× (bilinear) and a 64×36 window of it at (x, y) in the
 * scaled picture's pixels (0…32, 0…18), so the content slides as under a moving camera.
 */
function panned(a: Uint8Array, x: number, y: number): Uint8Array {
  const o = new Uint8Array(a.length);
  for (let row = 0; row < 36; row++) {
    const sy = Math.min(35, (row + y) / 1.5);
    const y0 = Math.floor(sy);
    const y1 = Math.min(35, y0 + 1);
    const fy = sy - y0;
    for (let col = 0; col < 64; col++) {
      const sx = Math.min(63, (col + x) / 1.5);
      const x0 = Math.floor(sx);
      const x1 = Math.min(63, x0 + 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const v =
          (1 - fy) * ((1 - fx) * a[(y0 * 64 + x0) * 3 + c]! + fx * a[(y0 * 64 + x1) * 3 + c]!) +
          fy * ((1 - fx) * a[(y1 * 64 + x0) * 3 + c]! + fx * a[(y1 * 64 + x1) * 3 + c]!);
        o[(row * 64 + col) * 3 + c] = Math.round(v);
      }
    }
  }
  return o;
}

/** Wipe frame: the part of the picture past the moving edge (direction 0..3) shows b. */
function wipe(a: Uint8Array, b: Uint8Array, alpha: number, direction: number): Uint8Array {
  const o = new Uint8Array(a.length);
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      const pos = direction === 0 ? x / 64 : direction === 1 ? 1 - x / 64 : direction === 2 ? y / 36 : 1 - y / 36;
      const src = pos < alpha ? b : a;
      for (let c = 0; c < 3; c++) o[(y * 64 + x) * 3 + c] = src[(y * 64 + x) * 3 + c]!;
    }
  }
  return o;
}

/** Whether a jump from frame `pos` − 1 of a piece to its frame `nextPos` can be seen (VISIBLE_JUMP), undarkened. */
function visibleJump(piece: { frames: Frame[]; from: number; to: number }, pos: number, nextPos: number): boolean {
  const at = (i: number) => lumaOf(piece.frames[Math.min(piece.to - 1, Math.max(piece.from, i))]!.data);
  const before = [5, 4, 3, 2, 1].map((k) => at(pos - k));
  const after = [0, 1, 2, 3, 4].map((k) => at(nextPos + k));
  return jumpVisibility(before, after).visible;
}

/**
 * One synthetic stream: pieces drawn from clean ranges, joined by random transitions.
 * Gradual labels cover the frames that mix both pieces (as xfade's truth does).
 */
function syntheticStream(
  sets: { set: ShotSet; frames: Frame[] }[],
  rnd: () => number,
  jumpGradual = false,
): { frames: Uint8Array[]; cut: number[]; gradual: number[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const pool = sets.flatMap(({ set, frames }) => cleanRanges(set).flatMap(([from, to]) => (to - from >= 40 ? [{ frames, from, to }] : [])));
  const frames: Uint8Array[] = [];
  const cut: number[] = [];
  const gradual: number[] = [];
  const push = (f: Uint8Array, c: number, g: number) => {
    frames.push(f);
    cut.push(c);
    gradual.push(g);
  };
  let piece = pick(pool);
  let pos = piece.from + Math.floor(rnd() * 10);
  let dark = rnd() < 0.2;
  const frameOf = (p: typeof piece, i: number) => {
    const f = p.frames[Math.min(p.to - 1, Math.max(p.from, i))]!.data;
    return dark ? darken(f) : f;
  };
  for (let k = 0; k < TRANSITIONS_PER_STREAM; k++) {
    const hold = 12 + Math.floor(rnd() * 30);
    // A flash of 1–3 frames in one hold out of six (camera flashes, lightning; some pure
    // white), and a fast pan in one out of five (up to 3 px a frame at 64×36 as a sine): no transition.
    const flashAt = rnd() < 0.17 ? 3 + Math.floor(rnd() * (hold - 6)) : -1;
    const flashLength = 1 + Math.floor(rnd() * 3);
    const pureFlash = rnd() < 0.4;
    const pan = rnd() < 0.2 ? { speed: 0.05 + rnd() * 0.25, phase: rnd() * 6.28, still: rnd() < 0.5 } : undefined;
    // Stutter in one hold out of six: footage of a low or uneven frame rate (a time-lapse, a
    // webcam, a 15-fps clip shown at 25) holds each picture 2–14 frames, then steps to the
    // next, which is later in time by as much: a one-frame step after stillness, and no cut.
    const stutter = !pan && rnd() < 0.17 ? 2 + Math.floor(rnd() * 13) : 0;
    const panStart = pos;
    for (let i = 0; i < hold; i++, pos++) {
      let f = pan?.still ? frameOf(piece, panStart) : frameOf(piece, stutter ? panStart + i - (i % stutter) : pos);
      if (pan) f = panned(f, 16 + 16 * Math.sin(pan.phase + pan.speed * i * 2), 9 + 9 * Math.cos(pan.phase + pan.speed * i * 1.3));
      push(i >= flashAt && i < flashAt + flashLength ? flash(f, pureFlash) : f, 0, 0);
    }
    const r = rnd();
    let jump = r < 0.15;
    let next = jump ? piece : pick(pool);
    let nextPos = next.from + Math.floor(rnd() * Math.max(1, next.to - next.from - 40));
    if (jump && Math.abs(nextPos - pos) < 25) nextPos = pos + 25 < next.to - 20 ? pos + 25 : Math.max(next.from, pos - 60);
    // A jump cut nobody could see (a static room, a still tree: montages.ts VISIBLE_JUMP) is
    // no cut: a cut to another piece instead.
    if (jump && !visibleJump(piece, pos, nextPos)) {
      jump = false;
      next = pick(pool);
      nextPos = next.from + Math.floor(rnd() * Math.max(1, next.to - next.from - 40));
    }
    const wasDark = dark;
    if (!jump && rnd() < 0.3) dark = !dark;
    // --jump-gradual: half the visible jumps inside one piece are a dissolve or a wipe instead
    // of a cut (an edit between two moments of one take, the same place and framing).
    const jumpKind = jump && jumpGradual && rnd() < 0.5 ? (rnd() < 0.5 ? 'dissolve' : 'wipe') : undefined;
    const kind = jumpKind ?? (jump || r < 0.5 ? 'cut' : r < 0.68 ? 'dissolve' : r < 0.84 ? 'fade' : 'wipe');
    if (kind === 'cut') {
      piece = next;
      pos = nextPos;
      push(frameOf(piece, pos++), 1, 0);
      continue;
    }
    // 6–42 frames: up to the detector's longest gradual transition (maxGradualSec 1.6 s: 40 frames at 25 fps).
    const length = 6 + Math.floor(rnd() * 37);
    const direction = Math.floor(rnd() * 4);
    const blank = rnd() < 0.25 ? 255 : 16;
    for (let i = 0; i < length; i++, pos++, nextPos++) {
      const alpha = (i + 1) / (length + 1);
      const nowDark = dark;
      dark = wasDark;
      const a = frameOf(piece, pos);
      dark = nowDark;
      const b = frameOf(next, nextPos);
      const black = new Uint8Array(a.length).fill(blank);
      const f =
        kind === 'dissolve'
          ? mix(a, b, alpha)
          : kind === 'wipe'
            ? wipe(a, b, alpha, direction)
            : alpha < 0.5
              ? mix(a, black, alpha * 2)
              : mix(black, b, alpha * 2 - 1);
      push(f, 0, 1);
    }
    piece = next;
    pos = nextPos;
  }
  return { frames, cut, gradual };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { finetune: { type: 'boolean' }, also: { type: 'string' }, 'jump-gradual': { type: 'boolean' } },
  });
  // --jump-gradual (version 9 on): synthetic streams with dissolves and wipes inside one piece too.
  const jumpGradual = values['jump-gradual'] === true;
  // --finetune (version 6 on): the rows a trained model is trained further on
  // (train_temporal_model.py --init): version 5's rows (the train montages and the same
  // synthetic streams, spliced from them alone) plus the `finetune` montages as they are;
  // validation on the tune montages rendered here (the others are counted and left out).
  const finetune = values.finetune === true;
  // --also SPLIT[,SPLIT…] (version 7 on): more montages as they are, beside the finetune ones.
  const also = alsoSplits(values.also, 'dump-temporal', 'train-pixel');
  if (also.length > 0 && !finetune) throw new Error('dump-temporal: --also needs --finetune');
  const trainSplits: readonly string[] = finetune ? ['train', 'finetune', ...also] : ['train'];
  const out: Out = { features: [], cut: [], gradual: [], streams: [] };
  const train: { set: ShotSet; frames: Frame[] }[] = [];
  const rowSets: ShotSet[] = [];
  const absent: string[] = [];
  const sets = loadSets();
  // Every training montage must be rendered: a missing one would change the rows silently.
  const unrendered = MONTAGES.filter(
    (m) => trainSplits.includes(m.split) && !sets.some((s) => s.name === m.name && existsSync(s.video)),
  ).map((m) => m.name);
  if (unrendered.length > 0) {
    throw new Error(
      `dump-temporal: ${unrendered.length} training montages not rendered (${unrendered.slice(0, 5).join(', ')}…): nice -n 19 npx tsx training/shots/make-montages.ts --only NAME`,
    );
  }
  for (const set of sets.filter((s) => trainSplits.includes(s.split) || s.split === 'tune')) {
    if (finetune && set.split === 'tune' && !existsSync(set.video)) {
      absent.push(set.name);
      continue;
    }
    const { frames } = await shotFrames(set.video);
    const trains = trainSplits.includes(set.split);
    montageStream({ ...set, split: trains ? 'train' : set.split }, frames, out);
    if (trains) rowSets.push(set);
    if (set.split === 'train') train.push({ set, frames });
  }
  if (absent.length > 0) process.stderr.write(`dump-temporal: ${absent.length} tune montages not rendered, not in the validation rows\n`);
  const rnd = random(17);
  const n = SYNTHETIC_STREAMS_PER_MONTAGE * train.length;
  process.stderr.write(`dump-temporal: ${out.streams.length} montage streams; ${n} synthetic streams to splice\n`);
  for (let i = 0; i < n; i++) {
    if (i % 50 === 0) process.stderr.write(`dump-temporal: synthetic stream ${i}/${n}\n`);
    const s = syntheticStream(train, rnd, jumpGradual);
    addStream(out, `synthetic-${i}`, 'train', s.frames, s.cut, s.gradual);
  }
  const rows = out.cut.length;
  const all = new Float32Array(rows * TEMPORAL_FEATURE_COUNT);
  let o = 0;
  for (const f of out.features) {
    all.set(f, o);
    o += f.length;
  }
  const prefix = [finetune ? ['temporal-finetune', ...also].join('-') : 'temporal', ...(jumpGradual ? ['jumpgradual'] : [])].join('-');
  writeFileSync(join(MONTAGE_DIR, `${prefix}.f32`), Buffer.from(all.buffer));
  // The footage clips whose frames the training rows hold (for the model manifest's provenance).
  const trainingClips = [
    ...new Set(
      rowSets.flatMap((set) =>
        (set.pieces ?? [])
          .map((p) => p.source)
          .filter((c) => !c.startsWith('lavfi:') && !NOT_FOR_TRAINING.has(c) && !UNCLEAR_SOURCES.has(c)),
      ),
    ),
  ].sort();
  // The specs of the montages the training rows come from (the model manifest hashes these, not
  // montages.ts, whose other splits change with every fresh round).
  const trainNames = new Set(rowSets.map((set) => set.name));
  const trainMontages = MONTAGES.filter((m) => trainNames.has(m.name)).map((m) => ({
    name: m.name,
    seed: m.seed,
    pool: m.pool,
    pieces: m.pieces,
    visibleJumps: m.visibleJumps ?? false,
    // A finetune montage's whole spec (long takes, exact times, holds… shape its frames too).
    ...(m.split !== 'train' ? { finetune: true, spec: m } : {}),
  }));
  const meta = {
    dims: TEMPORAL_FEATURE_COUNT,
    jumpGradual,
    trainingClips,
    trainMontages,
    featureNames: TEMPORAL_FEATURE_NAMES,
    rows,
    cut: out.cut,
    gradual: out.gradual,
    streams: out.streams,
  };
  writeFileSync(join(MONTAGE_DIR, `${prefix}.json`), JSON.stringify(meta));
  process.stderr.write(`dump-temporal: ${rows} frames in ${out.streams.length} streams\n`);
}

await main();
