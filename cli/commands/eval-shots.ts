/**
 * `lvu eval shots <shots.json> <gt.json> [--tolerance 1] [--json]`: precision, recall and
 * F1 of detected shot transitions against ground truth in the format of
 * `shots_dev_gt.json` — cuts within ±tolerance frames, gradual transitions by span overlap.
 */
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import {
  CUT_TOLERANCE_FRAMES,
  evaluateShots,
  PredictedTransitionsSchema,
  ShotsGroundTruthSchema,
  type DetectionScore,
  type ShotEvalReport,
} from '../../stages/shots/eval';
import { parseFlags } from '../args';
import { readJsonFile } from '../files';

export const summary = 'score shot transitions: eval shots <shots.json> <gt.json> [--tolerance 1] [--json]';

const EvalShotsOptionsSchema = z.object({
  pred: z.string().min(1),
  gt: z.string().min(1),
  tolerance: z.coerce.number().int().min(0).max(100).default(CUT_TOLERANCE_FRAMES),
  json: z.boolean().default(false),
});

/** Parses the arguments, scores the files and prints a table (or JSON); returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { tolerance: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 2) {
    process.stderr.write(`usage: lvu ${summary.slice(summary.indexOf('eval shots'))}\n`);
    return 2;
  }
  const opts = parseOrThrow(
    EvalShotsOptionsSchema,
    { pred: positionals[0], gt: positionals[1], tolerance: values.tolerance, json: values.json },
    'eval shots options',
  );
  const pred = parseOrThrow(PredictedTransitionsSchema, readJsonFile(opts.pred), `shots file ${opts.pred}`);
  const gt = parseOrThrow(ShotsGroundTruthSchema, readJsonFile(opts.gt), `ground truth ${opts.gt}`);
  const report = evaluateShots(pred.transitions, gt, opts.tolerance);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 1)}\n` : formatReport(report, opts.tolerance));
  return 0;
}

/** Human-readable table: one row per category, then per gradual type, then the errors. */
export function formatReport(r: ShotEvalReport, tolerance: number): string {
  const pct = (v: number) => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)} %`);
  const row = (name: string, s: DetectionScore) =>
    `  ${name.padEnd(10)} ${String(s.truePositives).padStart(4)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(4)}  ${pct(s.precision).padStart(8)} ${pct(s.recall).padStart(8)} ${pct(s.f1).padStart(8)}`;
  const lines = [
    `shot transitions (cuts ±${tolerance} frame${tolerance === 1 ? '' : 's'}, gradual by span overlap)`,
    `  ${'category'.padEnd(10)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  ${'precision'.padStart(8)} ${'recall'.padStart(8)} ${'F1'.padStart(8)}`,
    row('cuts', r.cuts),
    row('gradual', r.gradual),
    `  gradual spans: mean IoU ${pct(r.gradual.meanIoU)}`,
    '  by type    truth  found  right type  predicted',
  ];
  for (const [type, t] of Object.entries(r.byType)) {
    lines.push(
      `  ${type.padEnd(10)} ${String(t.truth).padStart(5)} ${String(t.found).padStart(6)} ${String(t.typeCorrect).padStart(11)} ${String(t.predicted).padStart(10)}`,
    );
  }
  const spans = (list: ShotEvalReport['misses']) =>
    list.map((s) => (s.type === 'cut' ? `cut@${s.start}` : `${s.type} ${s.start}–${s.end}`)).join(', ') || 'none';
  lines.push(`  false positives: ${spans(r.falsePositives)}`, `  misses: ${spans(r.misses)}`);
  return `${lines.join('\n')}\n`;
}
