/**
 * Chooses the shot detector's decision settings on the train + tune montages only:
 *
 *   nice -n 19 npx tsx training/shots/tune.ts
 *
 * A small grid over the cut threshold and the gradual gates (histogram and cell contrast,
 * model residual, straightness); prints each setting's mean cut F1 and gradual recall over
 * the train + tune montages, and shots_dev's figures beside them as the regression check
 * (not part of the objective). Report montages are never loaded.
 */
import type { ShotDetectorConfigInput } from '../../stages/shots';
import { evaluateShots } from '../../stages/shots/eval';
import { loadSets, runDetector, shotFrames } from './data';

function* grid(): Generator<ShotDetectorConfigInput> {
  for (const cutThreshold of [0.5, 0.7, 0.85])
    for (const minHistContrast of [2.5, 1.6])
      for (const minCellContrast of [2, 1.4])
        for (const maxModelResidual of [0.55, 0.7])
          for (const minStraightness of [0.6, 0.45])
            yield { cutDecision: 'learned', cutThreshold, minHistContrast, minCellContrast, maxModelResidual, minStraightness };
}

async function main(): Promise<void> {
  const sets = loadSets().filter((s) => s.split !== 'report');
  const loaded = await Promise.all(sets.map(async (set) => ({ set, ...(await shotFrames(set.video)) })));
  const dev = loaded.filter((l) => l.set.split === 'regression');
  const tuned = loaded.filter((l) => l.set.split === 'train' || l.set.split === 'tune');
  for (const config of grid()) {
    let cut = 0;
    let gradual = 0;
    for (const l of tuned) {
      const r = evaluateShots(runDetector(l.frames, l.fps, config), l.set.truth);
      cut += r.cuts.f1 / tuned.length;
      gradual += r.gradual.recall / tuned.length;
    }
    const d = dev.map((l) => evaluateShots(runDetector(l.frames, l.fps, config), l.set.truth));
    const devText = d.map((r) => `shots_dev cut F1 ${r.cuts.f1.toFixed(3)} gradual R ${r.gradual.recall.toFixed(2)}`).join('');
    process.stdout.write(
      `${JSON.stringify(config)}  mean cut F1 ${cut.toFixed(3)}  mean gradual R ${gradual.toFixed(3)}  sum ${(cut + gradual).toFixed(3)}  | ${devText}\n`,
    );
  }
}

await main();
