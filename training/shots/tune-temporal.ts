/**
 * Chooses the temporal detector's thresholds (cutDecision `temporal`) on the tune montages
 * only (the `tune` split of montages.ts):
 *
 *   nice -n 19 npx tsx training/shots/tune-temporal.ts [--weights FILE] [--configs JSON] [--only PATTERN]
 *
 * `--weights FILE` scores a candidate temporal model (a weights JSON as train_temporal_model.py
 * writes) instead of the shipped one, `--pixel-weights FILE` a candidate pixel model
 * (train_pixel_model.py); `--picture-steps` scores on the picture-step truth (data.ts loadSets);
 * `--configs '[{...}, …]'` scores those config overrides
 * instead of the built-in grid; `--only PATTERN` keeps the tune montages whose name matches PATTERN (a regular expression; plain text matches names holding it). Prints, per setting, each tune montage's cut F1 and gradual recall (with false gradual
 * transitions) and the means, without the montages' unclear zones (data.ts clearOf). Train montages (the model saw them), the report montages and
 * shots_dev are not loaded.
 */
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { evaluateShots } from '../../stages/shots/eval';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import { classifierFromFile, clearOf, loadSets, pixelClassifierFromFile, runDetector, shotFrames } from './data';

function* grid(): Generator<ShotDetectorConfigInput> {
  const base = { cutDecision: 'temporal' as const, gradualThreshold: 0.7, minGradualFrames: 3, temporalMaxResidual: 0.7 };
  // The gradual gates for runs the model is sure of, and splitting runs (config.ts TEMPORAL_SURE_GRADUAL, TEMPORAL_SPLIT_RUNS).
  const gates: ShotDetectorConfigInput[] = [
    { temporalSureGradual: 1, temporalSplitRuns: false },
    { temporalSureGradual: 1, temporalSplitRuns: true },
    { temporalSureGradual: 0.9, temporalSureMaxResidual: 0.9, temporalSureChangeShare: 0.5, temporalSplitRuns: false },
    ...[0.8, 0.9, 0.95].flatMap((temporalSureGradual) =>
      [0.9, 1.2].flatMap((temporalSureMaxResidual) =>
        [0.5, 0.3].map((temporalSureChangeShare) => ({
          temporalSureGradual,
          temporalSureMaxResidual,
          temporalSureChangeShare,
          temporalSplitRuns: true,
        })),
      ),
    ),
  ];
  // The cut threshold with the shipped gradual gates, then the gradual gates at the shipped cut threshold.
  for (const temporalCutThreshold of [0.5, 0.7, 0.85, 0.93]) yield { ...base, temporalCutThreshold };
  for (const g of gates) yield { ...base, temporalCutThreshold: 0.7, ...g };
  // The second look at near-miss cuts (config.ts TEMPORAL_RECHECK_FLOOR), off and then over a grid, at the shipped rest.
  yield { cutDecision: 'temporal', temporalRecheckFloor: 1 };
  for (const temporalRecheckFloor of [0.25, 0.3, 0.4])
    for (const temporalRecheckRatio of [1.75, 2])
      for (const temporalRecheckMinResidual of [6, 8, 10])
        yield { cutDecision: 'temporal', temporalRecheckFloor, temporalRecheckRatio, temporalRecheckMinResidual };
  // The pixel pan test of wipe runs (config.ts TEMPORAL_MIN_WIPE_PIXEL_PAN), off and then at four levels.
  for (const temporalMinWipePixelPan of [0, 0.4, 0.5, 0.6, 0.7]) yield { cutDecision: 'temporal', temporalMinWipePixelPan };
  // A cut through a black hold next to a fade is that fade (config.ts TEMPORAL_FADE_CUTS), off and on.
  for (const temporalFadeCuts of [false, true]) yield { cutDecision: 'temporal', temporalFadeCuts };
  // A sure cut that is a bright flash is no cut (config.ts TEMPORAL_BRIGHT_FLASH), off and at three rises.
  for (const temporalBrightFlash of [0, 10, 20, 35]) yield { cutDecision: 'temporal', temporalBrightFlash };
  // A cut on a stutter's beat is no cut (config.ts TEMPORAL_STUTTER_SEC), off and at five reaches.
  for (const temporalStutterSec of [0, 0.6, 0.7, 0.8, 1, 1.2]) yield { cutDecision: 'temporal', temporalStutterSec };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      weights: { type: 'string' },
      'pixel-weights': { type: 'string' },
      configs: { type: 'string' },
      'picture-steps': { type: 'boolean' },
      only: { type: 'string' },
    },
  });
  const classifier = values.weights ? classifierFromFile(values.weights) : undefined;
  const pixel = values['pixel-weights'] ? pixelClassifierFromFile(values['pixel-weights']) : undefined;
  const configs = values.configs
    ? parseOrThrow(z.array(z.record(z.string(), z.unknown())), JSON.parse(values.configs), '--configs').map(
        (c) => ({ cutDecision: 'temporal', ...c }) as ShotDetectorConfigInput,
      )
    : [...grid()];
  const only = values.only ? new RegExp(values.only) : undefined;
  const sets = loadSets({ pictureSteps: values['picture-steps'] }).filter((s) => s.split === 'tune' && (!only || only.test(s.name)));
  if (sets.length === 0) throw new Error(`no tune montage matches --only ${JSON.stringify(values.only)}`);
  const loaded = await Promise.all(sets.map(async (set) => ({ set, ...(await shotFrames(set.video)) })));
  for (const config of configs) {
    let cut = 0;
    let gradual = 0;
    const per = loaded.map((l) => {
      const c = clearOf(l.set, runDetector(l.frames, l.fps, config, classifier, pixel));
      const r = evaluateShots(c.found, c.truth);
      cut += r.cuts.f1 / loaded.length;
      gradual += r.gradual.recall / loaded.length;
      return `${l.set.name.replace('shots-', '')} ${r.cuts.f1.toFixed(3)}/${r.gradual.recall.toFixed(2)} (${r.cuts.falsePositives}+${r.cuts.falseNegatives}c ${r.gradual.falsePositives}g)`;
    });
    process.stdout.write(`${JSON.stringify(config)}  mean cut F1 ${cut.toFixed(3)} gradual R ${gradual.toFixed(3)} | ${per.join(' | ')}\n`);
  }
}

await main();
