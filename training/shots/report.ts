/**
 * Scores shot detectors on the shot montages and shots_dev, in one run on the same files:
 *
 *   nice -n 19 npx tsx training/shots/report.ts [--sweep] [--verbose] [--splits tune,regression] [--only TEXT] [--weights FILE] [--picture-steps] [--scdet-threshold N]
 *
 * - `scdet`: ffmpeg's scene-change filter (a cut where its score ≥ threshold; it finds no
 *   gradual transitions), its threshold chosen on the train, train-pixel, finetune and tune montages only;
 * - `old`: our detector with `cutDecision: 'rules'` (the decision before issue 17);
 * - `mlp`: the first pass's per-step cut model (`cutDecision: 'learned'`);
 * - `new`: the temporal model (`cutDecision: 'temporal'`).
 * Cut F1 (±1 frame) and gradual recall per set, with `stages/shots/eval.ts` (what
 * `lvu eval shots` runs), leaving out the transitions in a montage's unclear zones (data.ts
 * `clearOf`: truth that is not exact — minions pieces, jump cuts nobody can see — in montages
 * made before the fifth pass; the report montages have none), and with two gradual transitions
 * that overlap or touch scored as one (data.ts `joinOverlapping`: montages made before the
 * seventeenth pass). `--verbose` names each error of the new detector with the montage pieces
 * around it, and a missed gradual transition's side change (sideChange). `--sweep` prints the new detector's cut F1 on the tune montage for
 * a range of cut thresholds (the only place the threshold is chosen); `--splits tune,regression`
 * limits the table to those splits (while tuning, the report montages stay unseen), `--only TEXT` to
 * the montages whose name holds TEXT (scdet's threshold is still chosen on every tune montage rendered; with none rendered
 * the run stops unless `--scdet-threshold N` fixes it); `--weights FILE`
 * scores a candidate temporal model (a weights JSON as train_temporal_model.py writes) instead
 * of the shipped one. `--picture-steps` scores montages made before `pictureSteps` on the
 * picture-step truth (montages.ts PICTURE_STEP: a jump cut no bigger than three of its source's
 * own picture steps is an unclear zone), for every detector alike.
 */
import { parseArgs } from 'node:util';
import type { Transition } from '../../core/contracts/shots';
import type { Frame } from '../../stages/video/frame';
import { evaluateShots, type ShotEvalReport } from '../../stages/shots/eval';
import { classifierFromFile, clearOf, joinOverlapping, loadSets, lumaOf, runDetector, scdetScores, shotFrames, type ShotSet } from './data';
import { meanAbsDiff } from './montages';

const SCDET_THRESHOLDS = [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30];

function scdetTransitions(scores: readonly number[], threshold: number, fps: number): Transition[] {
  return scores.flatMap((s, f) =>
    s >= threshold && f > 0
      ? [{ type: 'cut' as const, startFrame: f, endFrame: f, startSec: f / fps, endSec: f / fps, confidence: 1 }]
      : [],
  );
}

/** The montage pieces around frame f (source, transform, how entered), for reading errors. */
function where(set: ShotSet, f: number): string {
  const pieces = set.pieces ?? [];
  const k = pieces.findLastIndex((p) => p.startFrame <= f);
  if (k < 0) return '';
  const show = (i: number) => {
    const p = pieces[i];
    return p ? `${p.source}/${p.transform}` : '-';
  };
  const p = pieces[k]!;
  return `in ${show(k)} (entered by ${p.entry} at ${p.startFrame}, ${f - p.startFrame} frames in; prev ${show(k - 1)})`;
}

interface Loaded {
  set: ShotSet;
  frames: Frame[];
  fps: number;
  scdet: number[];
}

const fmt = (r: ShotEvalReport) =>
  `cut F1 ${r.cuts.f1.toFixed(3)} (P ${r.cuts.precision.toFixed(2)} R ${r.cuts.recall.toFixed(2)}, ${r.cuts.falsePositives} FP ${r.cuts.falseNegatives} FN)  gradual R ${r.gradual.recall.toFixed(2)} (${r.gradual.truePositives}/${r.gradual.truePositives + r.gradual.falseNegatives}, ${r.gradual.falsePositives} FP)`;

/** Scored without the set's unclear zones (data.ts clearOf: minions pieces, invisible jump cuts). */
function score(set: ShotSet, found: Transition[]): ShotEvalReport {
  const c = clearOf(set, found);
  return evaluateShots(c.found, c.truth);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sweep: { type: 'boolean' },
      verbose: { type: 'boolean' },
      splits: { type: 'string' },
      only: { type: 'string' },
      weights: { type: 'string' },
      'picture-steps': { type: 'boolean' },
      'scdet-threshold': { type: 'string' },
    },
  });
  const fixedScdet = values['scdet-threshold'] === undefined ? undefined : Number(values['scdet-threshold']);
  if (fixedScdet !== undefined && !(fixedScdet > 0))
    throw new Error(`--scdet-threshold must be a positive number, got ${values['scdet-threshold']}`);
  const classifier = values.weights ? classifierFromFile(values.weights) : undefined;
  if (values.weights) process.stdout.write(`temporal model: ${values.weights} (not the shipped weights)\n`);
  const loaded: Loaded[] = [];
  if (values['picture-steps']) process.stdout.write('truth: picture-step jump cuts (data.ts loadSets pictureSteps)\n');
  const TUNED_SPLITS: readonly string[] = ['train', 'train-pixel', 'finetune', 'tune'];
  const sets = loadSets({ pictureSteps: values['picture-steps'] });
  if (fixedScdet === undefined && !values.sweep && !sets.some((set) => TUNED_SPLITS.includes(set.split))) {
    // Choosing on nothing would take the grid's first value (a mean over no montage is NaN).
    throw new Error(
      'scdet threshold: no train, train-pixel, finetune or tune montage is rendered here to choose it on; render some (make-montages.ts --only NAME) or give --scdet-threshold N',
    );
  }
  for (const set of sets) {
    const { frames, fps } = await shotFrames(set.video);
    loaded.push({ set, frames, fps, scdet: scdetScores(set.video) });
  }
  const tuned = loaded.filter((l) => TUNED_SPLITS.includes(l.set.split));
  if (values.sweep) {
    for (const t of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
      const f1s = loaded
        .filter((l) => l.set.split === 'tune')
        .map((l) => fmt(score(l.set, runDetector(l.frames, l.fps, { cutDecision: 'learned', cutThreshold: t }))));
      process.stdout.write(`cutThreshold ${t}: ${f1s.join(' | ')}\n`);
    }
    return;
  }
  const meanF1 = (th: number) => tuned.reduce((s, l) => s + score(l.set, scdetTransitions(l.scdet, th, l.fps)).cuts.f1, 0) / tuned.length;
  const scdetThreshold = fixedScdet ?? SCDET_THRESHOLDS.reduce((best, th) => (meanF1(th) > meanF1(best) ? th : best));
  process.stdout.write(
    fixedScdet === undefined
      ? `scdet threshold chosen on the ${tuned.length} train, train-pixel, finetune and tune montages rendered: ${scdetThreshold} (mean cut F1 there ${meanF1(scdetThreshold).toFixed(3)})\n`
      : `scdet threshold given: ${scdetThreshold}${tuned.length ? ` (mean cut F1 on the ${tuned.length} train, train-pixel, finetune and tune montages rendered: ${meanF1(scdetThreshold).toFixed(3)})` : ''}\n`,
  );
  // Which montages are report, tune or train changes from round to round: montages.ts says.
  for (const split of ['report', 'regression', 'tune', 'finetune', 'train-pixel', 'train'] as const) {
    if (values.splits && !values.splits.split(',').includes(split)) continue;
    for (const l of loaded.filter((x) => x.set.split === split && (!values.only || x.set.name.includes(values.only)))) {
      const joined = joinOverlapping(l.set.truth).transitions.length;
      const left = joined - clearOf(l.set, []).truth.transitions.length;
      const pairs = l.set.truth.transitions.length - joined;
      process.stdout.write(
        `\n${l.set.name} [${split}] ${l.frames.length} frames${left ? ` (${left} transitions in unclear zones left out)` : ''}${pairs ? ` (${pairs} gradual transitions joined to one they overlap or touch)` : ''}\n`,
      );
      const runs: [string, Transition[]][] = [
        ['scdet', scdetTransitions(l.scdet, scdetThreshold, l.fps)],
        ['old', runDetector(l.frames, l.fps, { cutDecision: 'rules' })],
        ['mlp', runDetector(l.frames, l.fps, { cutDecision: 'learned' })],
        ['new', runDetector(l.frames, l.fps, { cutDecision: 'temporal' }, classifier)],
      ];
      if (split === 'regression') {
        // Detector maths only, on the decoded frames (the decode is the bench's business).
        for (const cutDecision of ['rules', 'learned', 'temporal'] as const) {
          const t0 = performance.now();
          runDetector(l.frames, l.fps, { cutDecision }, cutDecision === 'temporal' ? classifier : undefined);
          const ms = ((performance.now() - t0) / l.frames.length) * 1000;
          process.stdout.write(`  detector maths, ${cutDecision}: ${ms.toFixed(0)} ms per 1000 frames\n`);
        }
      }
      for (const [name, found] of runs) {
        const r = score(l.set, found);
        process.stdout.write(`  ${name.padEnd(6)} ${fmt(r)}\n`);
        if (values.verbose && name === 'new') {
          for (const s of r.falsePositives) process.stdout.write(`         false  ${s.type}@${s.start}  ${where(l.set, s.start)}\n`);
          for (const s of r.misses) {
            // How much a missed gradual transition changes the picture (training/shots/README.md, twenty-fifth pass).
            const sides = s.type === 'cut' ? '' : `  (sides differ by ${sideChange(l.frames, s.start, s.end).toFixed(1)} grey levels)`;
            process.stdout.write(`         missed ${s.type}@${s.start}  ${where(l.set, s.start)}${sides}\n`);
          }
        }
      }
    }
  }
}

/**
 * Mean absolute difference (0..255) between the luma (BT.601) of the frame before a transition
 * (start − 1) and the frame after it (end + 1), both clamped to the video: how much the
 * transition changes the picture as shown.
 */
function sideChange(frames: readonly Frame[], start: number, end: number): number {
  const before = frames[Math.max(0, start - 1)]!.data;
  const after = frames[Math.min(frames.length - 1, end + 1)]!.data;
  return meanAbsDiff(lumaOf(before), lumaOf(after));
}

await main();
