import { describe, expect, it } from 'vitest';
import { findLvuTask, LVU_TASKS, LvuTaskSchema, transformTarget, type LvuTask } from '../../core/lvu-tasks';
import { answerAll, answerTask, answersPath, AnswersFileSchema, spanBounds, type StoredHead } from '../../stages/transformer/answers';
import { assignFolds, crossValidate, fitHead, type LabelledVideo } from '../../stages/transformer/cv';
import { cvFigures, decodeStoredHead, encodeStoredHead } from '../../stages/transformer/head-store';
import { fitLogistic, fitRidge, predictSpans, predictVideo, solveSpd } from '../../stages/transformer/heads';
import type { SpanEmbeddings } from '../../stages/transformer/stage';
import { rng } from '../features/fixtures';

const DIM = 6;

/** Videos whose spans cluster around a class centre (classification) or encode y linearly (regression). */
function videos(n: number, classes: number, seed: number, regression = false): LabelledVideo[] {
  const r = rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: DIM }, () => 2 * (r() - 0.5) * 3));
  return Array.from({ length: n }, (_, v) => {
    const y = regression ? 10 * r() : v % classes;
    const spans = 3 + Math.floor(r() * 3);
    const x = Float32Array.from(
      { length: spans * DIM },
      (_, i) => (regression ? (i % DIM === 0 ? y : 0) : centres[y]![i % DIM]!) + (r() - 0.5),
    );
    return { video: `v${v}`, x, y };
  });
}

describe('LVU task catalog', () => {
  it('has the nine LVU tasks with their class counts and metrics', () => {
    const shape = LVU_TASKS.map((t) => [t.name, t.kind === 'classification' ? t.labels.length : t.target, t.metric]);
    expect(shape).toEqual([
      ['relationship', 4, 'accuracy'],
      ['speaking_style', 5, 'accuracy'],
      ['scene', 6, 'accuracy'],
      ['director', 8, 'accuracy'],
      ['genre', 4, 'accuracy'],
      ['writer', 7, 'accuracy'],
      ['year', 9, 'accuracy'],
      ['like_ratio', 'like_ratio_x10', 'mse'],
      ['view_count', 'log_views', 'mse'],
    ]);
    for (const t of LVU_TASKS) expect(LvuTaskSchema.parse(t)).toEqual(t);
  });

  it.each<[string, unknown, RegExp]>([
    ['a classification without labels', { name: 'x', kind: 'classification', description: '' }, /labels/],
    ['one label only', { name: 'x', kind: 'classification', description: '', labels: ['a'] }, /labels/],
    ['an upper-case name', { name: 'Mood', kind: 'regression', description: '' }, /name/],
    ['an unknown kind', { name: 'x', kind: 'ranking', description: '' }, /kind/],
  ])('rejects a user task with %s', (_n, task, message) => {
    const r = LvuTaskSchema.safeParse(task);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(message);
  });

  it('transforms regression targets as the benchmark does', () => {
    expect(transformTarget('like_ratio_x10', [90, 10])).toBeCloseTo(9);
    expect(transformTarget('log_views', [Math.E ** 3])).toBeCloseTo(3);
  });
});

describe('task heads', () => {
  it('solves a positive-definite system', () => {
    const x = solveSpd(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 5), 2);
    expect([...x].map((v) => Number(v.toFixed(6)))).toEqual([-0.5, 2]);
  });

  it('logistic regression separates clustered classes and ridge recovers a linear target', () => {
    const cls = videos(30, 3, 1);
    const head = fitLogistic(
      {
        x: Float32Array.from(cls.flatMap((v) => [...v.x])),
        dim: DIM,
        y: Float64Array.from(cls.flatMap((v) => Array(v.x.length / DIM).fill(v.y))),
      },
      3,
    );
    const acc =
      cls.filter((v) => {
        const p = predictVideo(head, v.x);
        return p.indexOf(Math.max(...p)) === v.y;
      }).length / cls.length;
    expect(acc).toBe(1);
    const reg = videos(30, 1, 2, true);
    const ridge = fitRidge(
      {
        x: Float32Array.from(reg.flatMap((v) => [...v.x])),
        dim: DIM,
        y: Float64Array.from(reg.flatMap((v) => Array(v.x.length / DIM).fill(v.y))),
      },
      1e-4,
    );
    for (const v of reg) expect(predictVideo(ridge, v.x)[0]).toBeCloseTo(v.y, 0);
  });

  it('cross-validates by video, beats the majority baseline, and is deterministic', () => {
    const task = findLvuTask('genre')!;
    const data = videos(40, 4, 3);
    const a = crossValidate(task, data, DIM, 5);
    expect(a.folds).toBe(5);
    expect(a.mean).toBeGreaterThan(0.9);
    expect(a.baseline).toBeLessThan(0.5);
    expect(crossValidate(task, data, DIM, 5)).toEqual(a);
    const folds = assignFolds(
      data.map((v) => v.video),
      5,
    );
    expect(new Set(folds.values()).size).toBe(5);
  });

  it('reports no folds with a single video', () => {
    expect(crossValidate(findLvuTask('genre')!, videos(1, 4, 4), DIM).folds).toBe(0);
  });
});

describe('answers', () => {
  const emb: SpanEmbeddings = {
    model: 'object-transformer',
    version: '1',
    starts: Int32Array.of(0, 30, 60),
    spanSec: 60,
    hidden: DIM,
    cls: videos(1, 4, 5)[0]!.x.slice(0, 3 * DIM),
  };
  const genre = findLvuTask('genre')!;
  const stored = (task: LvuTask, version = '1'): StoredHead => {
    const data = videos(20, task.kind === 'classification' ? task.labels.length : 1, 6, task.kind === 'regression');
    return {
      task,
      version: 3,
      model: { name: 'object-transformer', version },
      head: fitHead(task, data, DIM),
      cv: cvFigures(crossValidate(task, data, DIM)),
      videos: 20,
      spans: 80,
    };
  };
  /** The three spans of `emb` in a 70-s video (the last one clamped at the end). */
  const bounds = spanBounds(emb, 70);

  it('answers not_trained with how to train, in API and CLI words, when no head exists — never a guess', () => {
    const a = answerTask(genre, undefined, emb, bounds);
    expect(a).toEqual({ status: 'not_trained', how: expect.stringContaining('PUT /v1/tasks/genre/labels') });
    if (a.status !== 'not_trained') throw new Error('expected not_trained');
    expect(a.how).toContain('POST /v1/tasks/genre/train');
    expect(a.how).toContain('lvu tasks train genre');
  });

  it('treats a head trained on another model version as not trained', () => {
    const a = answerTask(genre, stored(genre, '0'), emb, bounds);
    expect(a).toMatchObject({
      status: 'not_trained',
      how: expect.stringContaining('head v3 was trained on span embeddings of object-transformer@0'),
    });
  });

  it('answers with probabilities that sum to one, the head version with its CV figures, and evidence spans inside the video', () => {
    const head = stored(genre);
    const a = answerTask(genre, head, emb, bounds);
    if (a.status !== 'ok' || a.kind !== 'classification') throw new Error('expected a classification answer');
    expect(Object.values(a.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1);
    expect(a.probabilities[a.prediction]).toBe(Math.max(...Object.values(a.probabilities)));
    expect(a.head).toEqual({ version: 3, model: head.model, cv: head.cv, videos: 20 });
    expect(a.evidence).toHaveLength(3);
    for (const e of a.evidence) expect(e.startSec >= 0 && e.endSec <= 70 && e.startSec < e.endSec).toBe(true);
    // Evidence: the spans whose own probability of the predicted class is highest, best first.
    const labels = genre.kind === 'classification' ? genre.labels : [];
    const own = predictSpans(head.head, emb.cls).map((p) => p[labels.indexOf(a.prediction)]!);
    expect(a.evidence.map((e) => e.support)).toEqual([...own].sort((x, y) => y - x));
  });

  it('writes a valid answers file for every catalog task', () => {
    const views = findLvuTask('view_count')!;
    const heads = new Map([
      ['genre', stored(genre)],
      ['view_count', stored(views)],
    ]);
    const file = AnswersFileSchema.parse(answerAll('vid', LVU_TASKS, heads, emb, bounds));
    expect(Object.keys(file.tasks)).toHaveLength(9);
    expect(file.tasks['genre']!.status).toBe('ok');
    expect(file.tasks['view_count']).toMatchObject({ status: 'ok', kind: 'regression' });
    expect(file.tasks['scene']!.status).toBe('not_trained');
    expect(answersPath(file.model)).toBe('answers/object-transformer@1.json');
  });

  it('round-trips a stored head through JSON', () => {
    const h = stored(genre);
    expect(decodeStoredHead(encodeStoredHead(h), 'x')).toEqual(h);
  });
});
