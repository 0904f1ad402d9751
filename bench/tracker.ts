/**
 * `npx lvu bench tracker [--frames 300] [--repeat 3]`: the tracker's cost per frame at 10, 50
 * and 200 boxes (synthetic crowd), against the plain IoU tracker measured in the same run,
 * and ID switches / MOTA / IDF1 of both on the same detections derived from the
 * PETS09-S2L1 and TUD-Campus ground truth (jitter, 10 % drops, low scores, false
 * positives) when the shared data is there.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseFlags } from '../cli/args';
import { createTracker } from '../stages/track/tracker';
import { createIouTracker } from '../stages/track/iou-tracker';
import { evaluateMot, type MotMetrics } from '../stages/track/mot-metrics';
import { observationsToSequence } from '../stages/track/mot-format';
import type { TrackerDetection } from '../stages/track/lifecycle';
import { associate, iouCost } from '../stages/track/association';
import { interpolateGaps } from '../stages/track/interpolate';
import { loadGroundTruth, perturbedDetections, runTracker, syntheticScene, type StreamingTracker } from '../test/track/synthetic';

export const summary =
  'tracker: ms per frame at 10/50/200 boxes vs the IoU baseline; ID switches ours vs baseline on perturbed PETS ground truth';

const BOX_COUNTS = [10, 50, 200];

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { frames: { type: 'string' }, repeat: { type: 'string' } });
  const frameCount = Math.max(10, Number(values.frames ?? 300));
  const repeat = Math.max(1, Number(values.repeat ?? 3));
  process.stdout.write(`bench tracker: per-frame update time, ${frameCount} frames, median of ${repeat}\n`);
  process.stdout.write(
    `  ${'boxes'.padEnd(6)} ${'association ms'.padStart(15)} ${'ours ms/frame'.padStart(14)} ${'IoU ms/frame'.padStart(13)} ${'ours / IoU'.padStart(11)}\n`,
  );
  for (const n of BOX_COUNTS) {
    const frames = syntheticScene(n, frameCount, n);
    const assoc = medianAssociationMs(repeat, frames);
    const ours = medianMsPerFrame(repeat, frames, () => createTracker());
    const base = medianMsPerFrame(repeat, frames, () => createIouTracker());
    process.stdout.write(
      `  ${String(n).padEnd(6)} ${assoc.toFixed(3).padStart(15)} ${ours.toFixed(3).padStart(14)} ${base.toFixed(3).padStart(13)} ${(ours / base).toFixed(1).padStart(10)}×\n`,
    );
  }
  process.stdout.write(
    '  (association = IoU cost matrix + Hungarian with the first-pass limit, n tracks × n detections; ours = the whole update)\n',
  );
  compareOnGroundTruth();
  return 0;
}

function medianMsPerFrame(repeat: number, frames: TrackerDetection[][], make: () => StreamingTracker): number {
  const times: number[] = [];
  for (let r = 0; r <= repeat; r++) {
    const tracker = make();
    const t0 = process.hrtime.bigint();
    runTracker(tracker, frames);
    if (r > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6 / frames.length); // run 0 warms up the JIT
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

/** IoU cost between consecutive frames' boxes and the gated Hungarian: the association step alone. */
function medianAssociationMs(repeat: number, frames: TrackerDetection[][]): number {
  const packed = frames.map((dets) => {
    const b = new Float64Array(dets.length * 4);
    dets.forEach((d, i) => b.set(d.box as ArrayLike<number>, 4 * i));
    return b;
  });
  const times: number[] = [];
  for (let r = 0; r <= repeat; r++) {
    const t0 = process.hrtime.bigint();
    for (let f = 1; f < packed.length; f++) associate(iouCost(packed[f - 1]!, frames[f - 1]!.length, packed[f]!, frames[f]!.length), 0.8);
    if (r > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6 / (packed.length - 1)); // run 0 warms up
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

/** Ground-truth sequences compared, with their frame size (for false positives). */
const SEQUENCES = [
  { name: 'PETS09-S2L1', frameWidth: 768, frameHeight: 576 },
  { name: 'TUD-Campus', frameWidth: 640, frameHeight: 480 },
];

function compareOnGroundTruth(): void {
  const dataDir = resolve(process.env['LVU_TEST_DATA'] ?? join(process.cwd(), '../shared/data'));
  process.stdout.write('perturbed ground truth (5 % jitter, 10 % drops, 20 % low scores, ~0.3 FP/frame), same detections for all:\n');
  for (const s of SEQUENCES) {
    const gtPath = join(dataDir, 'tracking', s.name, 'gt/gt.txt');
    if (!existsSync(gtPath)) {
      process.stdout.write(`  (${s.name} skipped: ${gtPath} is absent; set LVU_TEST_DATA)\n`);
      continue;
    }
    const gt = loadGroundTruth(gtPath);
    for (const seed of [1, 2, 3]) {
      const frames = perturbedDetections(gt.rows, gt.frameCount, {
        seed,
        jitter: 0.05,
        dropRate: 0.1,
        lowScoreRate: 0.2,
        falsePositivesPerFrame: 0.3,
        frameWidth: s.frameWidth,
        frameHeight: s.frameHeight,
      });
      const observations = runTracker(createTracker(), frames);
      const ours = evaluateMot(gt.sequence, observationsToSequence(observations, { useFiltered: true }));
      const filled = evaluateMot(gt.sequence, observationsToSequence(interpolateGaps(observations), { useFiltered: true }));
      const base = evaluateMot(gt.sequence, observationsToSequence(runTracker(createIouTracker(), frames)));
      process.stdout.write(
        `  ${s.name} seed ${seed}: ours ${fmt(ours)} | ours + gap interpolation ${fmt(filled)} | IoU baseline ${fmt(base)}\n`,
      );
    }
  }
}

function fmt(m: MotMetrics): string {
  return `MOTA ${m.mota.toFixed(3)} IDF1 ${m.idf1.toFixed(3)} IDsw ${String(m.idSwitches).padStart(4)}`;
}
