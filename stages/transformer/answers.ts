/**
 * Answers to LVU tasks for one video, from its span embeddings and the trained heads. A
 * task without a head trained on this model version answers `not_trained` with the
 * command that trains one — never a made-up output. Lands in `answers/{model}@{version}.json`.
 */
import { z } from 'zod';
import { LvuTaskSchema, type LvuTask } from '../../core/lvu-tasks';
import { predictSpans, type LinearHead } from './heads';
import type { CvReport } from './cv';
import type { SpanEmbeddings } from './stage';

/** Spans reported as contributing most to an answer. */
export const TOP_SPANS = 3;

/** A stored head: the task, the model version it was trained on, weights, CV report. */
export interface StoredHead {
  task: LvuTask;
  model: { name: string; version: string };
  head: LinearHead;
  cv: CvReport;
  videos: number;
  spans: number;
}

const spanRef = z.object({ startSec: z.number(), endSec: z.number(), contribution: z.number() });

/** One task's answer. */
export const TaskAnswerSchema = z.union([
  z.object({ status: z.literal('not_trained'), how: z.string() }),
  z.object({
    status: z.literal('ok'), kind: z.literal('classification'), prediction: z.string(),
    probabilities: z.record(z.string(), z.number()), topSpans: z.array(spanRef), head: z.object({ cvAccuracy: z.number().nullable(), videos: z.number() }),
  }),
  z.object({
    status: z.literal('ok'), kind: z.literal('regression'), value: z.number(),
    topSpans: z.array(spanRef), head: z.object({ cvMse: z.number().nullable(), videos: z.number() }),
  }),
]);
export type TaskAnswer = z.infer<typeof TaskAnswerSchema>;

/** `answers/{model}@{version}.json`. */
export const AnswersFileSchema = z.object({
  videoId: z.string(),
  model: z.object({ name: z.string(), version: z.string() }),
  tasks: z.record(z.string(), TaskAnswerSchema),
  userTasks: z.array(LvuTaskSchema),
  /** Video-level outputs of the same run: [CLS] embedding (similarity search), scene segments, span count. */
  video: z.object({
    embedding: z.array(z.number()),
    scenes: z.array(z.object({ firstShot: z.number(), lastShot: z.number(), startSec: z.number(), endSec: z.number(), cohesion: z.number() })),
    spans: z.number().int(),
  }).optional(),
});
export type AnswersFile = z.infer<typeof AnswersFileSchema>;

/** The blob key / relative path of a video's answers for a model version. */
export function answersPath(model: { name: string; version: string }): string {
  return `answers/${model.name}@${model.version}.json`;
}

/** How to train a missing head (the `how` of a not_trained answer). */
export function howToTrain(task: LvuTask, model: { name: string; version: string }): string {
  const kind = task.source === 'user' ? ` --kind ${task.kind}` : '';
  return `npx lvu train head --task ${task.name}${kind} --labels labels.csv  (CSV header "video,label"; video = an analysis dir with span embeddings from ${model.name}@${model.version}; label = ${task.kind === 'classification' ? 'class name or index' : 'target value'})`;
}

function topSpans(emb: SpanEmbeddings, contributions: number[]): z.infer<typeof spanRef>[] {
  return contributions
    .map((c, i) => ({ startSec: emb.starts[i]!, endSec: emb.starts[i]! + emb.spanSec, contribution: c }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.startSec - b.startSec)
    .slice(0, TOP_SPANS);
}

/**
 * Answers one task from span embeddings. Contribution of a span: its share of the video
 * output — p(predicted class)/S for classification, (prediction − training mean)/S for
 * regression — so the spans listed are the ones that moved the answer most.
 */
export function answerTask(task: LvuTask, stored: StoredHead | undefined, emb: SpanEmbeddings): TaskAnswer {
  const model = { name: emb.model, version: emb.version };
  if (!stored || stored.model.name !== emb.model || stored.model.version !== emb.version || stored.head.dim !== emb.hidden) {
    return { status: 'not_trained', how: howToTrain(task, model) };
  }
  const spans = predictSpans(stored.head, emb.cls);
  const S = spans.length;
  const cv = stored.cv.folds > 0 ? stored.cv.mean : null;
  if (task.kind === 'regression') {
    const value = spans.reduce((s, p) => s + p[0]!, 0) / S;
    return { status: 'ok', kind: 'regression', value, topSpans: topSpans(emb, spans.map((p) => (p[0]! - stored.head.bias[0]!) / S)), head: { cvMse: cv, videos: stored.videos } };
  }
  const probs = task.labels.map((_, k) => spans.reduce((s, p) => s + p[k]!, 0) / S);
  const best = probs.indexOf(Math.max(...probs));
  return {
    status: 'ok', kind: 'classification', prediction: task.labels[best]!,
    probabilities: Object.fromEntries(task.labels.map((l, k) => [l, probs[k]!])),
    topSpans: topSpans(emb, spans.map((p) => p[best]! / S)), head: { cvAccuracy: cv, videos: stored.videos },
  };
}

/** Answers every task (catalog + user tasks that have heads) for one video. */
export function answerAll(videoId: string, tasks: readonly LvuTask[], heads: ReadonlyMap<string, StoredHead>, emb: SpanEmbeddings): AnswersFile {
  return {
    videoId,
    model: { name: emb.model, version: emb.version },
    tasks: Object.fromEntries(tasks.map((t) => [t.name, answerTask(t, heads.get(t.name), emb)])),
    userTasks: tasks.filter((t) => t.source === 'user'),
  };
}
