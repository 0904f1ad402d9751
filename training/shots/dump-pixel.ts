/**
 * Writes the pixel model's training and choice data: `<montage dir>/pixel/<montage>.json` and
 * `pixel/index.json`.
 *
 *   nice -n 19 npx tsx training/shots/dump-pixel.ts [--also SPLIT[,SPLIT…]]
 *
 * For each `train-pixel` and `tune` montage (the temporal model's `train` montages, the report
 * montages and shots_dev are never read; since version 3 the pixel model trains on the
 * `train-pixel` montages, on which the temporal model's peaks are as uncertain as on footage it
 * never saw, and not on the temporal model's own training montages, where its peaks are sure): the
 * shipped temporal model's P(cut) and P(gradual) for every frame (the detector's own forward,
 * one stream), the detector's transitions, the truth, the unclear zones, the pieces, and which
 * frames may become training windows (data.ts usableFrames: no TUD-Campus piece, no unclear
 * zone). The 64×36 frames themselves are the montages' cached shot frames
 * (`<montage>.mp4.shot-frames-<skip>.rgb`, data.ts shotFrames; `framesFile`), which train_pixel_model.py reads
 * directly. `index.json` holds the footage clips of the `train-pixel` montages (for the model
 * manifest) and their specs. `--also magnify` (thirty-sixth pass) trains on the montages of
 * more training splits of montages.ts beside `train-pixel`, as they are.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename, join } from 'node:path';
import { loadTemporalClassifier } from '../../stages/shots/temporal-model';
import {
  alsoSplits,
  clearOf,
  loadSets,
  MONTAGE_DIR,
  NOT_FOR_TRAINING,
  runDetector,
  shotFrames,
  shotFramesCache,
  UNCLEAR_SOURCES,
  usableFrames,
} from './data';
import { MONTAGES } from './montages';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { also: { type: 'string' } } });
  const also = alsoSplits(values.also, 'dump-pixel', 'magnify');
  const training = new Set<string>(['train-pixel', ...also]);
  const out = join(MONTAGE_DIR, 'pixel');
  mkdirSync(out, { recursive: true });
  const shipped = loadTemporalClassifier();
  const sets = loadSets().filter((s) => training.has(s.split) || s.split === 'tune');
  for (const set of sets) {
    const { frames, fps } = await shotFrames(set.video);
    const cut: number[] = [];
    const gradual: number[] = [];
    // The shipped model, recording what it says about each frame (called once per frame, in order).
    const recording = {
      version: shipped.version,
      radius: shipped.radius,
      probabilities(window: Float32Array, o: Float64Array) {
        shipped.probabilities(window, o);
        cut.push(round(o[0] ?? 0));
        gradual.push(round(o[1] ?? 0));
      },
    };
    const found = runDetector(frames, fps, {}, recording);
    if (cut.length !== frames.length) throw new Error(`${set.name}: ${cut.length} probabilities for ${frames.length} frames`);
    const usable = usableFrames(set, frames.length);
    writeFileSync(
      join(out, `${set.name}.json`),
      JSON.stringify({
        name: set.name,
        split: set.split,
        frames: frames.length,
        fps,
        pCut: cut,
        pGradual: gradual,
        found: clearOf(set, found).found,
        truth: set.truth.transitions,
        unclear: set.unclear,
        pieces: set.pieces ?? [],
        usable: usable.map((u) => (u ? 1 : 0)).join(''),
        // The cached frames train_pixel_model.py reads (data.ts shotFrames names them by decode).
        framesFile: basename(shotFramesCache(set.video)),
      }),
    );
    process.stderr.write(`dump-pixel: ${set.name} (${set.split}) ${frames.length} frames\n`);
  }
  const train = sets.filter((s) => training.has(s.split));
  const trainNames = new Set(train.map((s) => s.name));
  const index = {
    train: train.map((s) => s.name),
    tune: sets.filter((s) => s.split === 'tune').map((s) => s.name),
    trainingClips: [
      ...new Set(
        train.flatMap((s) =>
          (s.pieces ?? [])
            .map((p) => p.source)
            .filter((c) => !c.startsWith('lavfi:') && !NOT_FOR_TRAINING.has(c) && !UNCLEAR_SOURCES.has(c)),
        ),
      ),
    ].sort(),
    trainMontages: MONTAGES.filter((m) => trainNames.has(m.name)).map((m) => ({
      name: m.name,
      seed: m.seed,
      pool: m.pool,
      pieces: m.pieces,
      visibleJumps: m.visibleJumps ?? false,
      holds: m.holds ?? false,
      pictureSteps: m.pictureSteps ?? false,
      exactJoins: m.exactJoins ?? false,
      seededLavfi: m.seededLavfi ?? false,
      ...(m.transforms ? { transforms: m.transforms } : {}),
    })),
  };
  writeFileSync(join(out, 'index.json'), JSON.stringify(index));
}

await main();
