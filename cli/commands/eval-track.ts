/**
 * `lvu eval track <pred.txt> <gt.txt> [--iou 0.5] [--json]`: CLEAR-MOT and identity metrics
 * of a MOT-format prediction against MOT-format ground truth (gt rows with conf 0 are
 * ignored, as in MOTChallenge and py-motmetrics).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors';
import { parseOrThrow } from '../../core/validate';
import { evaluateMot, type MotMetrics } from '../../stages/track/mot-metrics';
import { parseMot, toSequence } from '../../stages/track/mot-format';
import { parseFlags } from '../args';

export const summary = 'MOT metrics (MOTA, MOTP, IDF1, ID switches, …): eval track <pred.txt> <gt.txt> [--iou 0.5] [--json]';

/** Ground-truth rows with a lower conf are ignore marks (MOT convention). */
const MIN_GT_CONFIDENCE = 1;

const EvalTrackOptionsSchema = z.object({
  pred: z.string().min(1),
  gt: z.string().min(1),
  iou: z.coerce.number().gt(0).max(1).default(0.5),
  json: z.boolean().default(false),
});

/** Parses the arguments, scores the files and prints the figures; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { iou: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 2) {
    process.stderr.write(`usage: lvu ${summary.slice(summary.indexOf('eval track'))}\n`);
    return 2;
  }
  const opts = parseOrThrow(
    EvalTrackOptionsSchema,
    { pred: positionals[0], gt: positionals[1], iou: values.iou, json: values.json },
    'eval track options',
  );
  const pred = toSequence(parseMot(await readText(opts.pred), opts.pred));
  const gt = toSequence(parseMot(await readText(opts.gt), opts.gt), { minConfidence: MIN_GT_CONFIDENCE });
  const metrics = evaluateMot(gt, pred, { iouThreshold: opts.iou });
  process.stdout.write(opts.json ? `${JSON.stringify(metrics, null, 1)}\n` : formatMetrics(metrics, opts.iou));
  return 0;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Human-readable table of the metrics (percentages with one decimal, counts as integers). */
export function formatMetrics(m: MotMetrics, iou: number): string {
  const pct = (v: number) => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)} %`);
  const rows: [string, string][] = [
    ['MOTA', pct(m.mota)],
    ['MOTP (mean IoU)', pct(m.motp)],
    ['IDF1', pct(m.idf1)],
    ['IDP', pct(m.idp)],
    ['IDR', pct(m.idr)],
    ['precision', pct(m.precision)],
    ['recall', pct(m.recall)],
    ['ID switches', String(m.idSwitches)],
    ['fragmentations', String(m.fragmentations)],
    ['false positives', String(m.falsePositives)],
    ['misses (FN)', String(m.misses)],
    ['matches', String(m.matches)],
    ['GT boxes / ids', `${m.gtBoxes} / ${m.gtIds}`],
    ['pred boxes / ids', `${m.predBoxes} / ${m.predIds}`],
    ['frames', String(m.frames)],
  ];
  const lines = rows.map(([k, v]) => `  ${k.padEnd(18)} ${v}`);
  return `MOT metrics at IoU ≥ ${iou}\n${lines.join('\n')}\n`;
}
