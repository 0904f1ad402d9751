import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { LvuError, ValidationError } from '../../core/errors';
import { findLvuTask, LvuTaskSchema, type LvuTask } from '../../core/lvu-tasks';
import { parseOrThrow } from '../../core/validate';
import { crossValidate, fitHead, type LabelledVideo } from '../../stages/transformer/cv';
import { DEFAULT_LAMBDA } from '../../stages/transformer/heads';
import { cvFigures } from '../../stages/transformer/head-store';
import { defaultHeadsDir, writeHead } from '../heads-dir';
import { decodeSpanEmbeddings, SPAN_EMBEDDINGS_FILE, type SpanEmbeddings } from '../../stages/transformer/stage';
import { parseFlags } from '../args';

export const summary =
  'train a task head on span embeddings: lvu train head --task NAME --labels labels.csv [--kind classification|regression] [--folds 5] [--lambda 0.01] [--heads-dir DIR]';

const OptionsSchema = z.object({
  what: z.literal('head', { error: 'only "lvu train head" exists (the transformer is trained in Python: training/train.py)' }),
  task: z.string().min(1),
  labels: z.string().min(1),
  kind: z.enum(['classification', 'regression']).optional(),
  folds: z.coerce.number().int().min(2).max(50).default(5),
  lambda: z.coerce.number().positive().default(DEFAULT_LAMBDA),
  headsDir: z.string().min(1).default(defaultHeadsDir()),
});

/** Rows of a `video,label` CSV (header required; quotes allowed; extra columns ignored). */
export function readLabelsCsv(text: string, where: string): { video: string; label: string; line: number }[] {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ l, i: i + 1 }))
    .filter(({ l }) => l.trim() !== '');
  const split = (l: string) =>
    [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"').trim()).slice(0, -1);
  const header = split(lines[0]?.l ?? '');
  const vi = header.indexOf('video');
  const li = header.indexOf('label');
  if (vi < 0 || li < 0)
    throw new ValidationError(`${where}: the header must name the columns "video" and "label" (got: ${header.join(', ') || 'nothing'})`);
  return lines.slice(1).map(({ l, i }) => {
    const cells = split(l);
    if (!cells[vi] || cells[li] === undefined || cells[li] === '') throw new ValidationError(`${where}:${i}: needs a video and a label`);
    return { video: cells[vi]!, label: cells[li]!, line: i };
  });
}

function loadEmbeddings(target: string, where: string): SpanEmbeddings {
  const file = existsSync(target) && statSync(target).isDirectory() ? join(target, SPAN_EMBEDDINGS_FILE) : target;
  if (!existsSync(file))
    throw new LvuError('EMBEDDINGS_MISSING', `${where}: no ${SPAN_EMBEDDINGS_FILE} at ${file} (run \`lvu analyze\` on that video first)`);
  return decodeSpanEmbeddings(new Uint8Array(readFileSync(file)));
}

/** The task: the catalog's, or a user-defined one (`--kind` required; labels from the CSV). */
function resolveTask(name: string, kind: 'classification' | 'regression' | undefined, labels: string[]): LvuTask {
  const known = findLvuTask(name);
  if (known) {
    if (kind && kind !== known.kind)
      throw new ValidationError(`task ${name} is a ${known.kind} task of the LVU catalog; --kind ${kind} contradicts it`);
    return known;
  }
  if (!kind) throw new ValidationError(`task ${name} is not in the LVU catalog; define it with --kind classification|regression`);
  const def =
    kind === 'classification'
      ? { name, kind, description: 'user-defined', labels: [...new Set(labels)].sort() }
      : { name, kind, description: 'user-defined' };
  return parseOrThrow(LvuTaskSchema, { ...def, source: 'user' }, `task ${name}`);
}

function target(task: LvuTask, label: string, where: string): number {
  if (task.kind === 'regression') {
    const v = Number(label);
    if (!Number.isFinite(v)) throw new ValidationError(`${where}: label "${label}" is not a number`);
    return v;
  }
  const byName = task.labels.indexOf(label);
  const byIndex = /^\d+$/.test(label) ? Number(label) : -1;
  const k = byName >= 0 ? byName : byIndex < task.labels.length ? byIndex : -1;
  if (k < 0)
    throw new ValidationError(`${where}: label "${label}" is not one of ${task.labels.join(', ')} (or 0–${task.labels.length - 1})`);
  return k;
}

function fmt(metric: string, v: number): string {
  return metric === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(4);
}

/**
 * `lvu train head`: reads labels, loads each video's span embeddings, prints k-fold
 * cross-validation (grouped by video, against the majority/mean baseline), fits the head on
 * all videos and stores it in the heads dir (`--heads-dir`, `LVU_HEADS_DIR`, `.lvu/heads`).
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    task: { type: 'string' },
    labels: { type: 'string' },
    kind: { type: 'string' },
    folds: { type: 'string' },
    lambda: { type: 'string' },
    'heads-dir': { type: 'string' },
  });
  if (positionals.length !== 1 || !values.task || !values.labels) {
    process.stderr.write(`usage: ${summary}\n`);
    return 2;
  }
  const o = parseOrThrow(
    OptionsSchema,
    {
      what: positionals[0],
      task: values.task,
      labels: values.labels,
      kind: values.kind,
      folds: values.folds,
      lambda: values.lambda,
      headsDir: values['heads-dir'],
    },
    'train options',
  );
  const csvPath = resolve(o.labels);
  const rows = readLabelsCsv(readFileSync(csvPath, 'utf8'), csvPath);
  const task = resolveTask(
    o.task,
    o.kind,
    rows.map((r) => r.label),
  );
  const embs = rows.map((r) => loadEmbeddings(resolve(dirname(csvPath), r.video), `${csvPath}:${r.line}`));
  const first = embs[0];
  if (!first || rows.length < 2) throw new ValidationError(`${csvPath}: needs at least two labelled videos`);
  const mixed = embs.find((e) => e.model !== first.model || e.version !== first.version || e.hidden !== first.hidden);
  if (mixed)
    throw new ValidationError(
      `span embeddings come from different models (${first.model}@${first.version} and ${mixed.model}@${mixed.version}); re-run analyze with one model`,
    );
  const videos: LabelledVideo[] = rows.map((r, i) => ({
    video: r.video,
    x: embs[i]!.cls,
    y: target(task, r.label, `${csvPath}:${r.line}`),
  }));
  const cv = crossValidate(task, videos, first.hidden, o.folds, o.lambda);
  const lines = [
    `task ${task.name} (${task.kind}), ${videos.length} videos, ${embs.reduce((n, e) => n + e.starts.length, 0)} spans, model ${first.model}@${first.version}`,
  ];
  cv.perFold.forEach((v, f) => lines.push(`  fold ${f + 1}/${cv.folds}: ${cv.metric} ${fmt(cv.metric, v)}`));
  if (cv.folds)
    lines.push(
      `  mean ${cv.metric} ${fmt(cv.metric, cv.mean)} (baseline: ${task.kind === 'classification' ? 'majority class' : 'training mean'} ${fmt(cv.metric, cv.baseline)})`,
    );
  const head = fitHead(task, videos, first.hidden, o.lambda);
  const path = writeHead(resolve(o.headsDir), {
    task,
    version: 1,
    model: { name: first.model, version: first.version },
    head,
    cv: cvFigures(cv),
    videos: videos.length,
    spans: videos.reduce((n, v) => n + v.x.length / first.hidden, 0),
  });
  lines.push(`wrote ${path}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
