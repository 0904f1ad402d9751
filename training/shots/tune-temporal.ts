/**
 * Chooses the temporal detector's thresholds (cutDecision `temporal`) on the tune montages
 * only (the `tune` split of montages.ts):
 *
 *   nice -n 19 npx tsx training/shots/tune-temporal.ts
 *
 * Prints, per setting, each tune montage's cut F1 and gradual recall (with false gradual
 * transitions) and the means, without the montages' unclear zones (data.ts clearOf). Train montages (the model saw them), the report montages and
 * shots_dev are not loaded.
 */
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { evaluateShots } from '../../stages/shots/eval';
import { clearOf, loadSets, runDetector, shotFrames } from './data';

function* grid(): Generator<ShotDetectorConfigInput> {
  for (const temporalCutThreshold of [0.5, 0.7, 0.85, 0.93])
    for (const gradualThreshold of [0.5, 0.7])
      for (const temporalMaxResidual of [0.7, 10])
        yield { cutDecision: 'temporal', temporalCutThreshold, gradualThreshold, minGradualFrames: 3, temporalMaxResidual };
}

async function main(): Promise<void> {
  const sets = loadSets().filter((s) => s.split === 'tune');
  const loaded = await Promise.all(sets.map(async (set) => ({ set, ...(await shotFrames(set.video)) })));
  for (const config of grid()) {
    let cut = 0;
    let gradual = 0;
    const per = loaded.map((l) => {
      const c = clearOf(l.set, runDetector(l.frames, l.fps, config));
      const r = evaluateShots(c.found, c.truth);
      cut += r.cuts.f1 / loaded.length;
      gradual += r.gradual.recall / loaded.length;
      return `${l.set.name.replace('shots-', '')} ${r.cuts.f1.toFixed(3)}/${r.gradual.recall.toFixed(2)} (${r.cuts.falsePositives}+${r.cuts.falseNegatives}c ${r.gradual.falsePositives}g)`;
    });
    process.stdout.write(`${JSON.stringify(config)}  mean cut F1 ${cut.toFixed(3)} gradual R ${gradual.toFixed(3)} | ${per.join(' | ')}\n`);
  }
}

await main();
