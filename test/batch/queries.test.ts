import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inlineReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { registerAnswerModel } from '../../core/jobs/answers';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { fakeAnswerStage, seedVideo, V1, V2 } from './helpers';

let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi();
});
afterEach(async () => api.close());

const weekOfGenre = { name: 'genre of this week', task: 'genre', videos: { kind: 'recent', days: 7 } };

describe('saved queries API: bad requests', () => {
  const cases: { name: string; body: unknown; path: string }[] = [
    { name: 'missing task', body: { name: 'x', videos: { kind: 'recent', days: 7 } }, path: 'task' },
    { name: 'unknown task', body: { ...weekOfGenre, task: 'mood' }, path: 'task' },
    { name: 'extra field', body: { ...weekOfGenre, owner: 'tenant-b' }, path: '' },
    { name: 'days as a string', body: { ...weekOfGenre, videos: { kind: 'recent', days: '7' } }, path: 'videos.days' },
    { name: 'unknown selection kind', body: { ...weekOfGenre, videos: { kind: 'all' } }, path: 'videos.kind' },
    { name: 'malformed video id', body: { ...weekOfGenre, videos: { kind: 'ids', videoIds: ['../x'] } }, path: 'videos.videoIds.0' },
    { name: 'bad schedule', body: { ...weekOfGenre, every: 'minute' }, path: 'every' },
  ];
  for (const c of cases) {
    it(`POST /queries rejects ${c.name} with 400 naming the field`, async () => {
      const res = await api.call('POST', '/queries', { body: c.body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(c.path);
      expect((await api.call('GET', '/queries')).body.queries).toEqual([]);
    });
  }

  it('rejects malformed JSON, a missing key, a bad id and unknown ids', async () => {
    expect((await api.call('POST', '/queries', { body: '{"name":' })).status).toBe(400);
    expect((await api.call('POST', '/queries', { body: weekOfGenre, key: null })).status).toBe(401);
    expect((await api.call('GET', '/queries', { key: null })).status).toBe(401);
    expect((await api.call('GET', '/queries/not-an-id')).status).toBe(400);
    expect((await api.call('GET', '/queries?limit=0')).status).toBe(400);
    const unknown = await api.call('GET', '/queries/q_0000000000aaaaaaaaaaaaaaaa');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it("never shows one tenant's query to another", async () => {
    const created = await api.call('POST', '/queries', { body: weekOfGenre });
    expect(created.status).toBe(201);
    const asB = await api.call('GET', `/queries/${created.body.queryId}`, { key: api.keys.b });
    expect(asB.status).toBe(404);
    expect((await api.call('GET', '/queries', { key: api.keys.b })).body.queries).toEqual([]);
    expect((await api.call('GET', `/queries/${created.body.queryId}`)).body).toMatchObject({
      queryId: created.body.queryId,
      tenantId: 'tenant-a',
      lastRun: null,
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/openapi.json', { key: null });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/queries', '/queries/{id}']));
    expect(doc.body.paths['/queries'].post.requestBody).toBeDefined();
  });
});

describe('saved queries: the batch run answers them from stored answers', () => {
  it('"genre of everything uploaded this week" lists each recent video of the tenant with its genre', async () => {
    // Prepare: an old video, two recent ones (answered by v1), another tenant's video, v2 registered.
    const deps = api.platform.deps;
    const old = await seedVideo(deps, 'tenant-a', { seed: 0, answeredBy: V1 });
    api.clock.advance(10 * 86_400);
    const recent = [
      await seedVideo(deps, 'tenant-a', { seed: 1, answeredBy: V1 }),
      await seedVideo(deps, 'tenant-a', { seed: 2, answeredBy: V1 }),
    ];
    const pending = await seedVideo(deps, 'tenant-a', { status: 'queued', patch: { stage: 'probe' } });
    await seedVideo(deps, 'tenant-b', { seed: 3, answeredBy: V1 });
    await registerAnswerModel(deps.meta, V2, deps.now());
    const created = await api.call('POST', '/queries', { body: weekOfGenre });

    // Act: one batch pass re-answers with v2, then runs the due query.
    const report = await runBatch(deps, { reanswer: inlineReanswerer(deps, fakeAnswerStage().answer) });

    // Assess
    expect(report.counts.queriesRun).toBe(1);
    const got = await api.call('GET', `/queries/${created.body.queryId}`);
    expect(got.body.lastRun.model).toEqual(V2);
    const rows = got.body.lastRun.rows;
    expect(rows.map((r: { videoId: string }) => r.videoId).sort()).toEqual([...recent.map((v) => v.videoId), pending.videoId].sort());
    expect(rows.find((r: { videoId: string }) => r.videoId === recent[0]!.videoId)).toMatchObject({
      status: 'answered',
      prediction: 'comedy',
    });
    expect(rows.find((r: { videoId: string }) => r.videoId === recent[1]!.videoId)).toMatchObject({
      status: 'answered',
      prediction: 'drama',
    });
    expect(rows.find((r: { videoId: string }) => r.videoId === pending.videoId)).toMatchObject({ status: 'pending' });
    expect(rows.some((r: { videoId: string }) => r.videoId === old.videoId)).toBe(false);
    expect(Date.parse(got.body.nextRunAt) - Date.parse(got.body.lastRun.at)).toBe(86_400_000);

    // Not due again until a day has passed.
    expect((await runBatch(deps, { reanswer: inlineReanswerer(deps, fakeAnswerStage().answer) })).counts.queriesRun).toBe(0);
  });
});
