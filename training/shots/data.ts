/**
 * What the shot training and report scripts share: where the montages are, their truth,
 * and their 64×36 shot frames, decoded once through the product decoder (stages/video,
 * the same request the pipeline makes) and cached next to the montage as raw rgb24.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ShotsGroundTruthSchema, type ShotsGroundTruth } from '../../stages/shots/eval';
import type { Transition } from '../../core/contracts/shots';
import { createShotDetector, SHOT_FRAME_SPEC, ShotDetectorConfigSchema, type ShotDetectorConfigInput } from '../../stages/shots';
import { resolveParams } from '../../stages/shots/config';
import { TemporalShotDetector } from '../../stages/shots/temporal-detector';
import { loadTemporalClassifier, type TemporalClassifier } from '../../stages/shots/temporal-model';
import { loadPixelClassifier, type PixelClassifier } from '../../stages/shots/pixel-model';
import { parseOrThrow } from '../../core/validate';
import { decodeFrames, probe } from '../../stages/video';
import { SKIP_LOOP_FILTER } from '../../stages/video/filtergraph';
import { pieceJumpVisibility } from './make-montages';
import { type JumpVisibility, MONTAGES, type MontageSpec, type PieceSpec } from './montages';
import type { Frame } from '../../stages/video/frame';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MONTAGE_DIR = resolve(process.env['LVU_SHOTS_DIR'] ?? join(homedir(), '.cache/lvu-shots'));
export const DATA_DIR = resolve(process.env['LVU_TEST_DATA'] ?? join(REPO, '../shared/data'));

export interface ShotSet {
  name: string;
  split: MontageSpec['split'] | 'regression';
  video: string;
  truth: ShotsGroundTruth;
  /** Montage pieces (absent for shots_dev). */
  pieces?: (PieceSpec & { startFrame: number })[];
  /**
   * Frame ranges [first, last] whose truth is not exact (see unclearZones): scoring leaves the
   * transitions there out, and no training row comes from them.
   */
  unclear: [number, number][];
}

/**
 * Sources without exact truth inside a piece: the minions trailer's snaps (a jump between
 * poses or a punch-in about once a second: montages.ts FIFTH_REPORT_POOL says more). Only
 * montages made before the fifth pass use it.
 */
export const UNCLEAR_SOURCES: ReadonlySet<string> = new Set(['minions-00', 'minions-20', 'minions-40']);

/**
 * Footage kept out of the training rows: TUD-Campus is MOT15 material (CC BY-NC-SA 3.0), so
 * the weights must not be derived from it. Its pieces (and the transitions into and out of
 * them) are cut out of a montage's stream, and never spliced into synthetic streams.
 */
export const NOT_FOR_TRAINING = new Set(['tud-campus']);

/** The splits the temporal model trains or tunes on, or reports on: never `--also` ones. */
const NOT_ALSO: ReadonlySet<string> = new Set(['tune', 'report', 'held', 'train', 'finetune']);

/**
 * The `--also SPLIT[,SPLIT…]` value of dump-pixel.ts and dump-temporal.ts: more training splits
 * of montages.ts. Throws, naming `tool` and each wrong name, on a split montages.ts does not
 * have or one the temporal model trains, tunes or reports on.
 */
export function alsoSplits(value: string | undefined, tool: string, example: string): string[] {
  const also = (value ?? '').split(',').filter((x) => x !== '');
  const known = new Set<string>(MONTAGES.map((m) => m.split));
  const wrong = also.filter((x) => !known.has(x) || NOT_ALSO.has(x));
  if (wrong.length > 0)
    throw new Error(
      `${tool}: --also takes training splits of montages.ts other than the temporal model's own (e.g. ${example}), not ${wrong.join(', ')}`,
    );
  return also;
}

/** Whether each frame of a montage shows a piece whose footage may train the model, with exact truth. */
export function usableFrames(set: ShotSet, n: number): boolean[] {
  const ok = new Array<boolean>(n).fill(true);
  for (const p of set.pieces ?? []) {
    if (!NOT_FOR_TRAINING.has(p.source)) continue;
    for (let f = p.startFrame; f < Math.min(n, p.startFrame + p.frames); f++) ok[f] = false;
  }
  // Frames whose truth is not exact (data.ts unclearZones) teach nothing right either.
  for (const [a, b] of set.unclear) for (let f = Math.max(0, a); f <= Math.min(n - 1, b); f++) ok[f] = false;
  return ok;
}

/**
 * Where a montage's truth is not exact: every piece of an UNCLEAR_SOURCES clip (and the frame
 * either side), and each jump cut nobody can see (montages.ts VISIBLE_JUMP; montages made
 * before the fifth pass did not redraw them) with the frame either side.
 */
function unclearZones(name: string, pieces: (PieceSpec & { startFrame: number })[], pictureSteps = false): [number, number][] {
  const zones: [number, number][] = [];
  for (const p of pieces) if (UNCLEAR_SOURCES.has(p.source)) zones.push([p.startFrame - 1, p.startFrame + p.frames]);
  const jumps = jumpCuts(name, pieces, pictureSteps);
  for (const j of jumps) if (!j.visible) zones.push([j.frame - 1, j.frame + 1]);
  return zones;
}

/**
 * A montage's jump cuts (a cut between two pieces of one source) with their visibility on the
 * untransformed source (make-montages.ts pieceJumpVisibility; the picture-step test when
 * `pictureSteps`), cached as `<montage>.jumps.json` (`.picture-step-jumps.json`).
 */
export function jumpCuts(
  name: string,
  pieces: readonly (PieceSpec & { startFrame: number })[],
  pictureSteps = false,
): ({ frame: number } & JumpVisibility)[] {
  const cache = join(MONTAGE_DIR, `${name}.${pictureSteps ? 'picture-step-jumps' : 'jumps'}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as ({ frame: number } & JumpVisibility)[];
  const footage = process.env['LVU_FOOTAGE_DIR'] ?? join(homedir(), '.cache/lvu-footage');
  const jumps = pieces.flatMap((p, k) => {
    const prev = pieces[k - 1];
    if (!prev || p.entry !== 'cut' || p.source !== prev.source) return [];
    return [{ frame: p.startFrame, ...pieceJumpVisibility(prev, p, footage, DATA_DIR, pictureSteps) }];
  });
  writeFileSync(cache, `${JSON.stringify(jumps)}\n`);
  return jumps;
}

/**
 * The truth as scored: two gradual transitions that overlap or touch (the piece between them is
 * never shown on its own) are one transition from the piece before to the piece after, spanning
 * both, typed as the longer. Montages made before the seventeenth pass have such pairs (about 8 %
 * of their gradual transitions; montages.ts MontageSpec.holds): a three-way blend with no frame of
 * the middle piece alone, which no detector can split where the truth did.
 */
export function joinOverlapping(truth: ShotsGroundTruth): ShotsGroundTruth {
  const out: ShotsGroundTruth['transitions'] = [];
  for (const t of truth.transitions) {
    const prev = out[out.length - 1];
    if (t.type !== 'cut' && prev && prev.type !== 'cut' && t.start <= prev.end + 1) {
      const type = t.end - t.start > prev.end - prev.start ? t.type : prev.type;
      out[out.length - 1] = { type, start: Math.min(prev.start, t.start), end: Math.max(prev.end, t.end) };
    } else out.push(t);
  }
  return { ...truth, transitions: out };
}

/**
 * The set's truth as scored (joinOverlapping) and `found`, both without what lies in its unclear
 * zones (both sides alike).
 */
export function clearOf(set: ShotSet, found: readonly Transition[]): { truth: ShotsGroundTruth; found: Transition[] } {
  const touches = (a: number, b: number) => set.unclear.some(([x, y]) => a <= y && b >= x);
  return {
    truth: {
      ...set.truth,
      transitions: joinOverlapping(set.truth).transitions.filter((t) =>
        t.type === 'cut' ? !touches(t.frame, t.frame) : !touches(t.start, t.end),
      ),
    },
    found: found.filter((t) => !touches(t.startFrame, t.endFrame)),
  };
}

/**
 * The montages of make-montages.ts that exist (by split) and shots_dev (split `regression`).
 * `pictureSteps`: score every montage on the picture-step truth (montages.ts PICTURE_STEP): a
 * jump cut of a montage made before `pictureSteps` that fails that test is an unclear zone too,
 * like an invisible one. For scoring only; training rows keep the truth as drawn.
 */
export function loadSets(opts: { pictureSteps?: boolean } = {}): ShotSet[] {
  const built = MONTAGES.filter((m) => existsSync(join(MONTAGE_DIR, `${m.name}.gt.json`)));
  if (built.length === 0) throw new Error(`no montage in ${MONTAGE_DIR}: run nice -n 19 npx tsx training/shots/make-montages.ts`);
  const sets: ShotSet[] = built.map((m) => {
    const raw = JSON.parse(readFileSync(join(MONTAGE_DIR, `${m.name}.gt.json`), 'utf8')) as {
      pieces: (PieceSpec & { startFrame: number })[];
    };
    const truth = ShotsGroundTruthSchema.parse(raw);
    const unclear = unclearZones(m.name, raw.pieces, opts.pictureSteps === true && m.pictureSteps !== true);
    return { name: m.name, split: m.split, video: join(MONTAGE_DIR, `${m.name}.mp4`), truth, pieces: raw.pieces, unclear };
  });
  const dev = join(DATA_DIR, 'shots/shots_dev.mp4');
  if (existsSync(dev)) {
    const truth = ShotsGroundTruthSchema.parse(JSON.parse(readFileSync(join(DATA_DIR, 'shots/shots_dev_gt.json'), 'utf8')));
    sets.push({ name: 'shots_dev', split: 'regression', video: dev, truth, unclear: [] });
  }
  return sets;
}

/** Where shotFrames caches a video's shot frames. */
/**
 * Where a video's derived files are cached: in MONTAGE_DIR, named after the video, whatever
 * folder it lies in (shots_dev's too: nothing is written beside ../shared/data).
 */
const cacheOf = (video: string, suffix: string) => join(MONTAGE_DIR, `${basename(video)}.${suffix}`);

export const shotFramesCache = (video: string) => cacheOf(video, `shot-frames-${SKIP_LOOP_FILTER}.rgb`);

/**
 * The video's shot frames (cached as `MONTAGE_DIR/<video>.shot-frames-<skip>.rgb`, by the fast decode's
 * deblocking skip, SKIP_LOOP_FILTER: frames decoded otherwise are not these) and its frame rate.
 */
export async function shotFrames(video: string): Promise<{ frames: Frame[]; fps: number }> {
  const p = await probe(video);
  const cache = shotFramesCache(video);
  const size = SHOT_FRAME_SPEC.width * SHOT_FRAME_SPEC.height * 3;
  if (!existsSync(cache)) {
    const chunks: Uint8Array[] = [];
    for await (const { frame } of decodeFrames({ path: video, probe: p, outputs: [{ name: 'shots', ...SHOT_FRAME_SPEC }] })) {
      chunks.push(Uint8Array.from(frame.data));
    }
    writeFileSync(cache, Buffer.concat(chunks));
  }
  const bytes = readFileSync(cache);
  const frames: Frame[] = [];
  for (let i = 0; i * size < bytes.length; i++) {
    frames.push({
      index: i,
      sec: i / p.fps,
      width: SHOT_FRAME_SPEC.width,
      height: SHOT_FRAME_SPEC.height,
      format: SHOT_FRAME_SPEC.format,
      data: new Uint8Array(bytes.buffer, bytes.byteOffset + i * size, size),
    });
  }
  return { frames, fps: p.fps };
}

/** Luma (0–255, BT.601) of an rgb24 frame. */
export function lumaOf(rgb: Uint8Array): Float32Array {
  const y = new Float32Array(rgb.length / 3);
  for (let i = 0; i < y.length; i++) y[i] = 0.299 * rgb[3 * i]! + 0.587 * rgb[3 * i + 1]! + 0.114 * rgb[3 * i + 2]!;
  return y;
}

/**
 * The temporal model of a weights file (the format of models/shots/temporal-model.weights.json),
 * for scoring a candidate model with the same scripts as the shipped one (`--weights FILE`).
 */
export function classifierFromFile(file: string): TemporalClassifier {
  return loadTemporalClassifier(pathToFileURL(resolve(file)));
}

/** The pixel model of a weights file (the format of models/shots/pixel-model.weights.json). */
export function pixelClassifierFromFile(file: string): PixelClassifier {
  return loadPixelClassifier(pathToFileURL(resolve(file)));
}

/**
 * Runs a fresh shot detector with `config` over every frame, as one stream; its transitions.
 * With `classifier` (or `pixel`), a temporal detector (cutDecision `temporal`) runs that model
 * instead of the shipped one.
 */
export function runDetector(
  frames: readonly Frame[],
  fps: number,
  config: ShotDetectorConfigInput,
  classifier?: TemporalClassifier,
  pixel?: PixelClassifier,
): Transition[] {
  const d =
    classifier || pixel
      ? new TemporalShotDetector(
          resolveParams(
            Object.freeze(parseOrThrow(ShotDetectorConfigSchema, { ...config, cutDecision: 'temporal' }, 'shot detector config')),
            fps,
            classifier,
            pixel,
          ),
        )
      : createShotDetector(config, fps);
  const out: Transition[] = [];
  for (const f of frames) out.push(...d.push(f));
  out.push(...d.flush());
  return out;
}

/** ffmpeg scdet's score of every frame of a video (cached as `MONTAGE_DIR/<video>.scdet.json`). */
export function scdetScores(video: string): number[] {
  const cache = cacheOf(video, 'scdet.json');
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as number[];
  const out = execFileSync(
    'ffmpeg',
    ['-nostdin', '-hide_banner', '-v', 'error', '-i', video, '-vf', 'scdet=threshold=100,metadata=print:file=-', '-f', 'null', '-'],
    { maxBuffer: 256 * 1024 * 1024 },
  ).toString();
  const scores = [...out.matchAll(/lavfi\.scd\.score=([\d.]+)/g)].map((m) => Number(m[1]));
  writeFileSync(cache, JSON.stringify(scores));
  return scores;
}
