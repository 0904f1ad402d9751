/**
 * Scores the scenes stage (default settings) on the development set, split by split, next
 * to the "every shot boundary" baseline and the old `transformer.json` scenes of the same
 * analyses: writes `scenes.json` into each stored analysis (the stage on its stored
 * shots.json, feature bank and identities.json) and prints per-montage and pooled
 * boundary P/R/F1 (±1 s) and coverage. Each montage's row is what
 * `npx lvu eval scenes <analysis>/scenes.json <montage>.gt.json` prints.
 *
 *   npx tsx training/scenes/report.ts [--split report|tune]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SCENES_FILE } from '../../core/contracts/scenes';
import { everyShotBoundary } from '../../cli/commands/eval-scenes';
import { detectScenes } from '../../stages/scenes';
import { scoreSegmentation, type Segmentation, type SegmentationScore } from '../../stages/scenes/eval';
import { devMontages, readAnalysis } from './artifacts';

function segmentations(dir: string): Segmentation[] {
  const input = readAnalysis(dir);
  const scenes = detectScenes(input);
  writeFileSync(join(dir, SCENES_FILE), `${JSON.stringify(scenes, null, 1)}\n`);
  const out: Segmentation[] = [{ name: 'scenes.json', intervals: scenes.scenes }, everyShotBoundary(input.shotsFile)];
  // transformer.json had `scenes` until they moved to scenes.json; analyses made after that
  // carry the old transformer's scenes in transformer-old-scenes.json (computed from their bank
  // by the transformer code of commit e7d4000).
  const oldScenes = ['transformer.json', 'transformer-old-scenes.json']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f))
    .map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { scenes?: { startSec: number; endSec: number }[] }).scenes)
    .find((s) => s !== undefined);
  if (oldScenes) out.push({ name: 'transformer.json scenes (old)', intervals: oldScenes });
  return out;
}

function row(
  name: string,
  s: Pick<SegmentationScore, 'truePositives' | 'falsePositives' | 'falseNegatives' | 'coverage'>,
  what: string,
): string {
  const p = s.truePositives / Math.max(1, s.truePositives + s.falsePositives);
  const r = s.truePositives / Math.max(1, s.truePositives + s.falseNegatives);
  const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return `  ${name.padEnd(18)} ${what.padEnd(30)} TP ${String(s.truePositives).padStart(3)} FP ${String(s.falsePositives).padStart(3)} FN ${String(s.falseNegatives).padStart(3)}  P ${p.toFixed(2)} R ${r.toFixed(2)} F1 ${f1.toFixed(2)}  coverage ${s.coverage.toFixed(2)}`;
}

function main(): void {
  const { values } = parseArgs({ options: { split: { type: 'string' } } });
  const split = values.split === 'tune' ? 'tune' : 'report';
  const pooled = new Map<string, { truePositives: number; falsePositives: number; falseNegatives: number; coverage: number; n: number }>();
  const lines: string[] = [];
  for (const m of devMontages(split)) {
    for (const seg of segmentations(m.analysisDir)) {
      const s = scoreSegmentation(seg, m.truth);
      lines.push(row(m.name, s, seg.name));
      const acc = pooled.get(seg.name) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0, coverage: 0, n: 0 };
      acc.truePositives += s.truePositives;
      acc.falsePositives += s.falsePositives;
      acc.falseNegatives += s.falseNegatives;
      acc.coverage = Math.min(acc.n ? acc.coverage : 1, s.coverage);
      acc.n++;
      pooled.set(seg.name, acc);
    }
  }
  process.stdout.write(`scene boundaries (±1 s) on the ${split} montages\n${lines.join('\n')}\n`);
  for (const [name, s] of pooled) process.stdout.write(`${row('pooled', s, name)} (coverage: the lowest)\n`);
}

main();
