import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { ArtifactKeys } from '../../core/jobs/model';
import { silentLogger } from '../../core/log';
import { TaskKeys } from '../../core/tasks/contracts';
import { transformerAnswerStage, type AnswerStage } from '../../gpu-workers/answer-stage';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { deliverAll } from '../platform/helpers/deliver';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { analysedVideo, stagesWith } from './helpers';

const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
let stage: AnswerStage;
beforeAll(() => {
  stage = transformerAnswerStage({ sessions });
});
afterAll(() => sessions.dispose());

let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi();
});
afterEach(() => api.close());

const KIND = { name: 'kind', kind: 'classification', description: 'what the footage shows', labels: ['street', 'face'] };
const seed = (n: number, tenant = 'tenant-a', options = {}) => analysedVideo(api.platform.deps, stage, tenant, n, options);
const cpu = () => deliverAll(api.platform, api.platform.deps.queues.cpu, stagesWith(sessions)) as Promise<{ type: string }[]>;

describe('defining tasks', () => {
  it('defines a task, lists it after the nine LVU tasks and shows it', async () => {
    // Act
    const created = await api.call('POST', '/tasks', { body: KIND });
    const list = await api.call('GET', '/tasks');
    const one = await api.call('GET', '/tasks/kind');
    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'kind',
      source: 'user',
      labelled: 0,
      labelCounts: { street: 0, face: 0 },
      current: null,
      training: { status: 'idle' },
    });
    expect(list.body.tasks.map((t: { name: string }) => t.name)).toEqual([
      'relationship',
      'speaking_style',
      'scene',
      'director',
      'genre',
      'writer',
      'year',
      'like_ratio',
      'view_count',
      'kind',
    ]);
    expect(one.body).toEqual(created.body);
  });

  it.each([
    ['a duplicate name', KIND, 409, 'TASK_EXISTS'],
    ['an LVU task name', { ...KIND, name: 'genre' }, 409, 'LVU_TASK_NAME'],
    ['one label', { ...KIND, name: 'one', labels: ['a'] }, 400, 'VALIDATION_FAILED'],
    ['a bad name', { ...KIND, name: 'Kind!' }, 400, 'VALIDATION_FAILED'],
    ['no kind', { name: 'x', labels: ['a', 'b'] }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a clear 4xx', async (_what, body, status, code) => {
    await api.call('POST', '/tasks', { body: KIND });
    const res = await api.call('POST', '/tasks', { body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await api.call('GET', '/tasks')).body.tasks).toHaveLength(10);
  });

  it('is tenant-scoped: another tenant neither sees the task nor is blocked by its name', async () => {
    await api.call('POST', '/tasks', { body: KIND });
    expect((await api.call('GET', '/tasks/kind', { key: api.keys.b })).status).toBe(404);
    expect((await api.call('POST', '/tasks', { body: KIND, key: api.keys.b })).status).toBe(201);
  });
});

describe('the OpenAPI document', () => {
  it('lists every task route with an operationId and a response schema', async () => {
    const doc = (await api.call('GET', '/openapi.json', { key: null })).body;
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([p]) => p.startsWith('/tasks'))
      .flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ route: `${m} ${p}`, op })));
    expect(ops.map((o) => o.route).sort()).toEqual([
      'delete /tasks/{name}',
      'delete /tasks/{name}/labels/{videoId}',
      'get /tasks',
      'get /tasks/{name}',
      'post /tasks',
      'post /tasks/{name}/labels/import',
      'post /tasks/{name}/train',
      'put /tasks/{name}/labels',
    ]);
    for (const { op } of ops) {
      expect(op.operationId).toMatch(/^[a-zA-Z]+$/);
      const ok = Object.entries(op.responses as Record<string, any>).find(([code]) => code.startsWith('2'))![1];
      expect(ok.content['application/json'].schema).toBeTruthy();
    }
  });
});

describe('labels: all or nothing, each rejection named', () => {
  it('rejects unknown and other-tenant videos, labels not in the task and videos without span embeddings, storing none', async () => {
    // Prepare
    await api.call('POST', '/tasks', { body: KIND });
    const good = await seed(1);
    const theirs = await seed(2, 'tenant-b');
    const shotsOnly = await seed(3, 'tenant-a', { answers: false });
    // Act
    const res = await api.call('PUT', '/tasks/kind/labels', {
      body: {
        labels: [
          { videoId: good, label: 'street' },
          { videoId: 'v_0000000000aaaaaaaaaaaaaaaa', label: 'street' },
          { videoId: theirs, label: 'face' },
          { videoId: shotsOnly, label: 'face' },
          { videoId: good, label: 'street' },
        ],
      },
    });
    const wrongLabel = await api.call('PUT', '/tasks/kind/labels', { body: { labels: [{ videoId: good, label: 'cat' }] } });
    // Assess
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('LABELS_REJECTED');
    expect(res.body.error.details.rejected.map((r: { code: string }) => r.code)).toEqual([
      'VIDEO_NOT_FOUND',
      'VIDEO_NOT_FOUND',
      'NO_SPAN_EMBEDDINGS',
      'DUPLICATE_VIDEO',
    ]);
    expect(wrongLabel.status).toBe(422);
    expect(wrongLabel.body.error.details.rejected[0]).toMatchObject({
      code: 'LABEL_NOT_IN_TASK',
      reason: expect.stringContaining('street, face'),
    });
    expect((await api.call('GET', '/tasks/kind')).body.labelled).toBe(0);
    expect((await api.call('PUT', '/tasks/nope/labels', { body: { labels: [{ videoId: good, label: 'x' }] } })).status).toBe(404);
  });

  it('stores labels, accepts a class index, and drops the label of a deleted video', async () => {
    await api.call('POST', '/tasks', { body: KIND });
    const [a, b] = [await seed(1), await seed(2)];
    const put = await api.call('PUT', '/tasks/kind/labels', {
      body: {
        labels: [
          { videoId: a, label: 'street' },
          { videoId: b, label: 1 },
        ],
      },
    });
    expect(put.body).toEqual({ task: 'kind', stored: 2, rejected: [], labelled: 2 });
    expect((await api.call('GET', '/tasks/kind')).body.labelCounts).toEqual({ street: 1, face: 1 });
    // Act
    expect((await api.call('DELETE', `/videos/${b}`)).status).toBe(200);
    // Assess
    expect((await api.call('GET', '/tasks/kind')).body).toMatchObject({ labelled: 1, labelCounts: { street: 1, face: 0 } });
    expect(await api.call('DELETE', `/tasks/kind/labels/${a}`)).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await api.call('GET', '/tasks/kind')).body.labelled).toBe(0);
  });

  it('imports an LVU-benchmark CSV (space-separated, one row per YouTube id) by the externalId given at upload', async () => {
    const a = await seed(1, 'tenant-a', { patch: { externalId: 'yt_AAA' } });
    const b = await seed(2, 'tenant-a', { patch: { externalId: 'yt_BBB' } });
    const csv = 'label youtube_id imdb_id\n1 yt_AAA tt01\n3 yt_BBB tt02\n0 yt_NOT_HERE tt03\n';
    const res = await api.call('POST', '/tasks/genre/labels/import', { body: { csv } });
    expect(res.body).toEqual({ task: 'genre', stored: 2, rejected: [], labelled: 2, unmatched: 1 });
    const genre = (await api.call('GET', '/tasks/genre')).body;
    expect(genre.labelCounts).toMatchObject({ comedy: 1, horror: 1, action: 0 });
    expect([a, b].length).toBe(2);
  });
});

describe('training', () => {
  it('refuses one class, runs one of two concurrent calls, stores v1 in the BlobStore, re-answers every done video, then v2 moves them all', async () => {
    // Prepare: six videos, labelled
    await api.call('POST', '/tasks', { body: KIND });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await seed(10 + i));
    const label = (i: number) => (i % 2 ? 'face' : 'street');
    await api.call('PUT', '/tasks/kind/labels', { body: { labels: ids.slice(0, 2).map((videoId) => ({ videoId, label: 'street' })) } });
    const oneClass = await api.call('POST', '/tasks/kind/train');
    await api.call('PUT', '/tasks/kind/labels', { body: { labels: ids.map((videoId, i) => ({ videoId, label: label(i) })) } });
    // Act: two train calls at once
    const [x, y] = await Promise.all([
      api.call('POST', '/tasks/kind/train', { body: { folds: 3 } }),
      api.call('POST', '/tasks/kind/train'),
    ]);
    const ran = await cpu();
    // Assess
    expect(oneClass.status).toBe(422);
    expect(oneClass.body.error).toMatchObject({ code: 'NOT_ENOUGH_LABELS', message: expect.stringContaining('at least two classes') });
    expect([x.status, y.status].sort()).toEqual([202, 409]);
    expect([x, y].find((r) => r.status === 409)!.body.error.code).toBe('TRAINING_IN_PROGRESS');
    expect(ran.filter((t) => t.type === 'train')).toHaveLength(1);
    expect(ran.filter((t) => t.type === 'answers')).toHaveLength(6);
    const v1 = (await api.call('GET', '/tasks/kind')).body;
    expect(v1).toMatchObject({
      current: 1,
      training: { status: 'done', version: 1 },
      versions: [{ version: 1, videos: 6, labelCounts: { street: 3, face: 3 } }],
    });
    expect(v1.versions[0].cv).toMatchObject({ metric: 'accuracy', folds: expect.any(Number), baseline: expect.any(Number) });
    expect(await api.platform.deps.blobs.head(TaskKeys.head('tenant-a', 'kind', 1))).toBeTruthy();
    await expectAnswers(ids, 1, v1.versions[0].cv);

    // Act: re-train (one more label) → version 2, one batch of answers tasks
    await api.call('PUT', '/tasks/kind/labels', { body: { labels: [{ videoId: ids[0], label: 'face' }] } });
    expect((await api.call('POST', '/tasks/kind/train')).status).toBe(202);
    const ran2 = await cpu();
    // Assess
    expect(ran2.map((t) => t.type)).toEqual(['train', ...ids.map(() => 'answers')]);
    const v2 = (await api.call('GET', '/tasks/kind')).body;
    expect(v2.current).toBe(2);
    expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    await expectAnswers(ids, 2, v2.versions[1].cv);
  });

  it('a batch run re-answers, from the current head, every video whose answers come from an older head (its answers task was lost)', async () => {
    // Prepare: v1 trained and answered; v2 trained and answered, except one video whose answers task was lost
    await api.call('POST', '/tasks', { body: KIND });
    const ids = [await seed(40), await seed(41), await seed(42), await seed(43)];
    await api.call('PUT', '/tasks/kind/labels', {
      body: { labels: ids.map((videoId, i) => ({ videoId, label: i % 2 ? 'face' : 'street' })) },
    });
    await api.call('POST', '/tasks/kind/train', { body: { folds: 2 } });
    await cpu();
    const key = ArtifactKeys.answers(ids[0]!, stage.model);
    const indexKey = ['answers', `${stage.model.name}#${ids[0]}`] as const;
    const [v1Answers, v1Index] = [await api.platform.deps.blobs.get(key), await api.platform.deps.meta.get(...indexKey)];
    await api.call('POST', '/tasks/kind/train', { body: { folds: 2 } });
    await cpu();
    await api.platform.deps.blobs.put(key, v1Answers);
    await api.platform.deps.meta.put(...indexKey, v1Index!.data);
    const v2 = (await api.call('GET', '/tasks/kind')).body;
    // Act: one batch run
    const report = await runBatch(api.platform.deps, { reanswer: queuedReanswerer(api.platform.deps), log: silentLogger() });
    const ran = await cpu();
    // Assess: only the stale video was re-answered, now from v2; a second run finds nothing
    expect(v1Index!.data).toMatchObject({ heads: 'kind@1' });
    expect(report.counts.reanswerQueued).toBe(1);
    expect(ran.map((t) => t.type)).toEqual(['answers']);
    await expectAnswers(ids, 2, v2.versions[1].cv);
    expect(
      (await runBatch(api.platform.deps, { reanswer: queuedReanswerer(api.platform.deps), log: silentLogger() })).counts.reanswerQueued,
    ).toBe(0);
  });

  it('ends a training as refused, with the reason, when a labelled video was deleted after the request left too few', async () => {
    // Prepare: 2 + 2 labelled videos, training requested
    await api.call('POST', '/tasks', { body: KIND });
    const ids = [await seed(30), await seed(31), await seed(32), await seed(33)];
    await api.call('PUT', '/tasks/kind/labels', {
      body: { labels: ids.map((videoId, i) => ({ videoId, label: i < 2 ? 'street' : 'face' })) },
    });
    expect((await api.call('POST', '/tasks/kind/train')).status).toBe(202);
    // Act: one video (and so its label) goes before the train task runs
    await api.call('DELETE', `/videos/${ids[0]}`);
    const ran = await cpu();
    // Assess: no head, no re-answer, the reason names the class
    const task = (await api.call('GET', '/tasks/kind')).body;
    expect(ran.map((t) => t.type)).toEqual(['train']);
    expect(task).toMatchObject({
      current: null,
      versions: [],
      labelled: 3,
      training: { status: 'refused', reason: expect.stringContaining('street') },
    });
    expect(await api.platform.deps.blobs.list('tenants/tenant-a/heads/')).toEqual([]);
  });

  it('refuses to delete an LVU task, deletes a user task with its heads and labels', async () => {
    await api.call('POST', '/tasks', { body: KIND });
    await api.platform.deps.blobs.put(TaskKeys.head('tenant-a', 'kind', 1), '{}');
    expect((await api.call('DELETE', '/tasks/genre')).body.error.code).toBe('LVU_TASK_NAME');
    expect((await api.call('DELETE', '/tasks/kind')).body).toEqual({ task: 'kind', deleted: true });
    expect(await api.platform.deps.blobs.list('tenants/tenant-a/heads/')).toEqual([]);
    expect((await api.call('GET', '/tasks/kind')).status).toBe(404);
  });
});

/** Every video's stored answers carry the `kind` answer from head `version` with that version's CV figures, and evidence inside the video. */
async function expectAnswers(ids: string[], version: number, cv: unknown): Promise<void> {
  for (const id of ids) {
    const doc = JSON.parse(new TextDecoder().decode(await api.platform.deps.blobs.get(ArtifactKeys.answers(id, stage.model))));
    const answer = doc.tasks.kind;
    expect(answer).toMatchObject({
      status: 'ok',
      kind: 'classification',
      prediction: expect.stringMatching(/^(street|face)$/),
      head: { version, cv },
    });
    expect(Object.values(answer.probabilities as Record<string, number>).reduce((s, p) => s + p, 0)).toBeCloseTo(1);
    expect(answer.evidence.length).toBeGreaterThan(0);
    for (const e of answer.evidence) expect(e.startSec >= 0 && e.startSec < e.endSec && e.endSec <= 90).toBe(true);
    expect(doc.tasks.genre.how).toContain('POST /v1/tasks/genre/train');
  }
}
