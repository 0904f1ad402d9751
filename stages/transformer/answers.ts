/**
 * Answers to tasks for one video, from its span embeddings and the tenant's current heads.
 * A task without a head trained on this model version answers `not_trained` with how to
 * train one (API and CLI) — never a made-up output. Each answer records the head version
 * and its cross-validation figures, and its evidence: the spans whose own predictions
 * support the answer most. Lands in `answers/{model}@{version}.json`.
 */
import type { LvuTask } from '../../core/lvu-tasks';
import { AnswersFileSchema, TaskAnswerSchema, type AnswersFile, type Evidence, type TaskAnswer } from '../../core/contracts/answers';
import type { StoredHead } from '../../core/tasks/contracts';
import { predictSpans } from './heads';
import type { SpanEmbeddings } from './stage';

export type { StoredHead };

/** Spans reported as evidence for an answer. */
export const EVIDENCE_SPANS = 3;

// The answers document's contract lives in core (the API's OpenAPI document uses it too).
export { AnswersFileSchema, TaskAnswerSchema, type AnswersFile, type Evidence, type TaskAnswer };

/** The blob key / relative path of a video's answers for a model version. */
export function answersPath(model: { name: string; version: string }): string {
  return `answers/${model.name}@${model.version}.json`;
}

/** How to get an answer for a task without a usable head (the `how` of a not_trained answer). */
export function howToTrain(task: LvuTask, model: { name: string; version: string }, stale?: StoredHead): string {
  const labels =
    task.kind === 'classification'
      ? `{"labels":[{"videoId":"v_…","label":"${task.labels[0]}"}, …]}, at least 2 videos for each of 2+ classes`
      : '{"labels":[{"videoId":"v_…","label":1.5}, …]}, at least 4 videos';
  const why = stale
    ? `head v${stale.version} was trained on span embeddings of ${stale.model.name}@${stale.model.version}, these come from ${model.name}@${model.version}: train again. `
    : '';
  return `${why}API: PUT /v1/tasks/${task.name}/labels ${labels}; then POST /v1/tasks/${task.name}/train. CLI: lvu tasks label ${task.name} --csv labels.csv --data DIR; lvu tasks train ${task.name} --data DIR.`;
}

/** Where each span lies: start and end seconds, clamped to the video. */
export interface SpanBounds {
  startSec: number;
  endSec: number;
}

function evidence(bounds: readonly SpanBounds[], support: number[]): Evidence[] {
  return support
    .map((s, i) => ({ startSec: bounds[i]!.startSec, endSec: bounds[i]!.endSec, support: s }))
    .sort((a, b) => b.support - a.support || a.startSec - b.startSec)
    .slice(0, EVIDENCE_SPANS);
}

/** Span bounds from the embeddings alone (`spanSec` from each start, clamped to `durationSec`). */
export function spanBounds(emb: SpanEmbeddings, durationSec: number): SpanBounds[] {
  return [...emb.starts].map((s) => ({ startSec: Math.min(s, durationSec), endSec: Math.min(s + emb.spanSec, durationSec) }));
}

/**
 * Answers one task from span embeddings: the mean of the spans' own outputs (the LVU
 * protocol). Evidence: classification — the spans with the highest own probability of
 * the predicted class; regression — the spans whose own prediction lies furthest from the
 * training mean on the side of the answer.
 */
export function answerTask(task: LvuTask, stored: StoredHead | undefined, emb: SpanEmbeddings, bounds: readonly SpanBounds[]): TaskAnswer {
  const model = { name: emb.model, version: emb.version };
  if (!stored || stored.model.name !== emb.model || stored.model.version !== emb.version || stored.head.dim !== emb.hidden) {
    return { status: 'not_trained', how: howToTrain(task, model, stored) };
  }
  const spans = predictSpans(stored.head, emb.cls);
  const S = spans.length;
  const head = {
    version: stored.version,
    model: stored.model,
    cv: stored.cv,
    videos: stored.videos,
    ...(stored.trainedAt ? { trainedAt: stored.trainedAt } : {}),
  };
  if (task.kind === 'regression') {
    const value = spans.reduce((s, p) => s + p[0]!, 0) / S;
    const side = Math.sign(value - stored.head.bias[0]!) || 1;
    return {
      status: 'ok',
      kind: 'regression',
      value,
      evidence: evidence(
        bounds,
        spans.map((p) => side * (p[0]! - stored.head.bias[0]!)),
      ),
      head,
    };
  }
  const probs = task.labels.map((_, k) => spans.reduce((s, p) => s + p[k]!, 0) / S);
  const best = probs.indexOf(Math.max(...probs));
  return {
    status: 'ok',
    kind: 'classification',
    prediction: task.labels[best]!,
    probabilities: Object.fromEntries(task.labels.map((l, k) => [l, probs[k]!])),
    evidence: evidence(
      bounds,
      spans.map((p) => p[best]!),
    ),
    head,
  };
}

/** Answers every task (the LVU catalog + the tenant's user tasks that have heads) for one video. */
export function answerAll(
  videoId: string,
  tasks: readonly LvuTask[],
  heads: ReadonlyMap<string, StoredHead>,
  emb: SpanEmbeddings,
  bounds: readonly SpanBounds[],
): AnswersFile {
  return {
    videoId,
    model: { name: emb.model, version: emb.version },
    tasks: Object.fromEntries(tasks.map((t) => [t.name, answerTask(t, heads.get(t.name), emb, bounds)])),
    userTasks: tasks.filter((t) => t.source === 'user'),
  };
}
