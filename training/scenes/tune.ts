/**
 * Chooses the scenes stage's settings on the `tune` montages only (never the `report`
 * ones): a grid over the link threshold, window, identity bonus/penalty and minimum scene
 * length, scored by pooled boundary F1 (±1 s) over the tune montages from their stored
 * analyses. Milliseconds per setting: the stage runs on stored artifacts.
 *
 *   npx tsx training/scenes/tune.ts [--top 15]
 */
import { parseArgs } from 'node:util';
import { detectScenes, scenesConfig, type ScenesConfigInput } from '../../stages/scenes';
import { scoreSegmentation } from '../../stages/scenes/eval';
import { devMontages, readAnalysis } from './artifacts';

const GRID = {
  linkCosine: [0.6, 0.65, 0.7, 0.75, 0.8, 0.85],
  windowSec: [2, 3, 4, 5, 6, 9, 12, 20],
  windowShots: [6],
  sameIdentityBonus: [0, 0.15],
  otherPeoplePenalty: [0, 0.1, 0.2, 0.3],
  minSceneSec: [1, 2],
};

function* settings(): Generator<ScenesConfigInput> {
  const keys = Object.keys(GRID) as (keyof typeof GRID)[];
  const walk = function* (i: number, acc: ScenesConfigInput): Generator<ScenesConfigInput> {
    if (i === keys.length) return yield { ...acc };
    for (const v of GRID[keys[i]!]) yield* walk(i + 1, { ...acc, [keys[i]!]: v });
  };
  yield* walk(0, {});
}

function main(): void {
  const { values } = parseArgs({ options: { top: { type: 'string' } } });
  const montages = devMontages('tune').map((m) => ({ ...m, input: readAnalysis(m.analysisDir) }));
  if (montages.length === 0) throw new Error('no tune montage analyses: run make-montages.ts and analyze-montages.sh');
  const rows: { cfg: ScenesConfigInput; f1: number; p: number; r: number }[] = [];
  for (const cfg of settings()) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const m of montages) {
      const s = scoreSegmentation({ name: m.name, intervals: detectScenes(m.input, cfg).scenes }, m.truth);
      tp += s.truePositives;
      fp += s.falsePositives;
      fn += s.falseNegatives;
    }
    const p = tp / Math.max(1, tp + fp),
      r = tp / Math.max(1, tp + fn);
    rows.push({ cfg, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0, p, r });
  }
  rows.sort((a, b) => b.f1 - a.f1);
  const defaults = scenesConfig();
  const d = rows.find((x) => Object.entries(x.cfg).every(([k, v]) => defaults[k as keyof typeof defaults] === v));
  process.stdout.write(`tune montages: ${montages.map((m) => m.name).join(', ')}; ${rows.length} settings\n`);
  for (const x of rows.slice(0, Number(values.top ?? 15)))
    process.stdout.write(`F1 ${x.f1.toFixed(3)} P ${x.p.toFixed(3)} R ${x.r.toFixed(3)}  ${JSON.stringify(x.cfg)}\n`);
  if (d) process.stdout.write(`defaults: F1 ${d.f1.toFixed(3)} P ${d.p.toFixed(3)} R ${d.r.toFixed(3)}\n`);
  // Best F1 per value of each setting: where the plateau is, not just its highest point.
  for (const key of Object.keys(GRID) as (keyof typeof GRID)[]) {
    const best = GRID[key].map((v) => `${v}: ${Math.max(...rows.filter((x) => x.cfg[key] === v).map((x) => x.f1)).toFixed(3)}`);
    process.stdout.write(`  best F1 by ${key}: ${best.join('  ')}\n`);
  }
}

main();
