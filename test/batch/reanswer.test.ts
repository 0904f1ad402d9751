import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inlineReanswerer, queuedReanswerer } from '../../core/batch/reanswer';
import { runBatch, readState } from '../../core/batch/run-batch';
import { AnswerKeys, markAnswersPending, registerAnswerModel } from '../../core/jobs/answers';
import { BatchConfigSchema } from '../../core/batch/config';
import type { PlatformDeps } from '../../core/jobs/deps';
import { ArtifactKeys } from '../../core/jobs/model';
import { runTask } from '../../core/jobs/run-tasks';
import { TaskSchema } from '../../core/jobs/tasks';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { fakeAnswerStage, recordingBlobStore, seedVideo, sourceReads, V1, V2 } from './helpers';

let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi();
});
afterEach(async () => api.close());

async function readAnswers(deps: PlatformDeps, videoId: string, model = V2): Promise<any> {
  return JSON.parse(new TextDecoder().decode(await deps.blobs.get(ArtifactKeys.answers(videoId, model))));
}

async function indexedVersion(deps: PlatformDeps, videoId: string): Promise<unknown> {
  return (await deps.meta.get(AnswerKeys.indexPk, AnswerKeys.indexSk(V1.name, videoId)))?.data['model'];
}

describe('batch: re-answering from stored feature banks when a newer model is registered', () => {
  it('re-answers every video answered by v1 once v2 is registered, without reading any video bytes', async () => {
    // Prepare: three videos answered by v1 (two tenants), one already on v2, one never answered.
    const base = api.platform.deps;
    const stale = [
      await seedVideo(base, 'tenant-a', { seed: 0, answeredBy: V1 }),
      await seedVideo(base, 'tenant-a', { seed: 1, answeredBy: V1 }),
      await seedVideo(base, 'tenant-b', { seed: 2, answeredBy: V1 }),
    ];
    const current = await seedVideo(base, 'tenant-a', { seed: 3, answeredBy: V2 });
    await seedVideo(base, 'tenant-b', { seed: 3 });
    await registerAnswerModel(base.meta, V2, base.now());
    const { blobs, calls } = recordingBlobStore(base.blobs);
    const deps = { ...base, blobs };
    const stage = fakeAnswerStage();

    // Act
    const report = await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) });

    // Assess: all three stale videos answered by v2 from their banks; nothing read a source.
    expect(report.counts).toMatchObject({ reanswered: 3, reanswerFailed: 0 });
    expect(report.passCompleted).toBe(true);
    expect(sourceReads(calls)).toEqual([]);
    for (const [i, video] of stale.entries()) {
      const answers = await readAnswers(base, video.videoId);
      expect(answers.model).toEqual(V2);
      expect(answers.tasks.genre.prediction).toBe(['action', 'comedy', 'drama'][i]);
      expect(await indexedVersion(base, video.videoId)).toEqual(V2);
      expect(calls).toContainEqual({ op: 'get', key: ArtifactKeys.featureBank(video.videoId) });
    }
    expect(stage.calls.has(current.videoId)).toBe(false);
    expect([...stage.calls.values()]).toEqual([1, 1, 1]);
  });

  it('is idempotent: a second run finds nothing stale', async () => {
    const deps = api.platform.deps;
    await seedVideo(deps, 'tenant-a', { answeredBy: V1 });
    await registerAnswerModel(deps.meta, V2, deps.now());
    const stage = fakeAnswerStage();
    await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) });

    const again = await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) });

    expect(again.counts.reanswered).toBe(0);
    expect([...stage.calls.values()]).toEqual([1]);
  });

  it('does nothing while no newer model is registered, and drops index entries of deleted videos', async () => {
    const deps = api.platform.deps;
    const kept = await seedVideo(deps, 'tenant-a', { answeredBy: V1 });
    const gone = await seedVideo(deps, 'tenant-a', { answeredBy: V1 });
    const stage = fakeAnswerStage();
    expect((await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) })).counts.reanswered).toBe(0);
    await api.call('DELETE', `/videos/${gone.videoId}`);
    await registerAnswerModel(deps.meta, V2, deps.now());

    const report = await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) });

    expect(report.counts.reanswered).toBe(1);
    expect([...stage.calls.keys()]).toEqual([kept.videoId]);
    expect(await deps.meta.get(AnswerKeys.indexPk, AnswerKeys.indexSk(V1.name, gone.videoId))).toBeUndefined();
  });

  it('resumes from the stored cursor when each invocation may examine only two records', async () => {
    // Prepare: five stale videos, a budget of two records per invocation.
    const deps = api.platform.deps;
    const videos = [];
    for (let i = 0; i < 5; i++) videos.push(await seedVideo(deps, 'tenant-a', { seed: i, answeredBy: V1 }));
    await registerAnswerModel(deps.meta, V2, deps.now());
    const stage = fakeAnswerStage();
    const options = { reanswer: inlineReanswerer(deps, stage.answer), config: { maxItemsPerRun: 2, pageSize: 2 } };

    // Act: invoke until a pass completes.
    const reports = [];
    for (let i = 0; i < 20 && !reports.at(-1)?.passCompleted; i++) reports.push(await runBatch(deps, options));

    // Assess: bounded work per run, every video answered exactly once, cursor reset for the next pass.
    expect(reports.every((r) => r.counts.examined <= 2)).toBe(true);
    expect(reports[0]!.next).toEqual({ pass: 0, phase: 'reanswer', resumes: true });
    expect(reports.reduce((n, r) => n + r.counts.reanswered, 0)).toBe(5);
    expect(stage.calls.size).toBe(5);
    expect([...stage.calls.values()].every((n) => n === 1)).toBe(true);
    expect((await readState(deps)).state).toMatchObject({ phase: 'reanswer', pass: 1 });
  });

  it('queues the first answers task again when it has not landed stuckAfterSec after the merge queued it', async () => {
    // Prepare: a done video whose merge indexed its answers as owed and queued a task that was then lost.
    const base = api.platform.deps;
    const video = await seedVideo(base, 'tenant-a', { seed: 1 });
    await markAnswersPending(base.meta, { videoId: video.videoId, tenantId: 'tenant-a', model: V1 }, base.now());
    const entry = async () => (await base.meta.get(AnswerKeys.indexPk, AnswerKeys.indexSk(V1.name, video.videoId)))?.data;
    expect(await entry()).toMatchObject({ pending: true, model: V1 });
    const stuckAfterMs = BatchConfigSchema.parse({}).stuckAfterSec * 1000;
    const at = (ms: number) => ({ ...base, now: () => new Date(base.now().getTime() + ms) });

    // Act + Assess: left alone while the task may still be on its way…
    expect((await runBatch(at(stuckAfterMs - 60_000), { reanswer: queuedReanswerer(base) })).counts.reanswerQueued).toBe(0);
    // …queued again once it is overdue (no model registered: the version the merge asked for), once only
    const late = at(stuckAfterMs + 60_000);
    expect((await runBatch(late, { reanswer: queuedReanswerer(base) })).counts.reanswerQueued).toBe(1);
    expect((await runBatch(late, { reanswer: queuedReanswerer(base) })).counts.reanswerQueued).toBe(0);
    const [message] = await base.queues.cpu.receive({ visibilitySec: 30 });
    expect(TaskSchema.parse(message!.body)).toEqual({ type: 'answers', videoId: video.videoId, tenantId: 'tenant-a', model: V1 });
    // The answers land: the entry is no longer owed, and later passes leave it alone.
    await inlineReanswerer(base, fakeAnswerStage().answer)({ videoId: video.videoId, tenantId: 'tenant-a' }, V1);
    expect(await entry()).not.toHaveProperty('pending');
    expect((await runBatch(at(3 * stuckAfterMs), { reanswer: queuedReanswerer(base) })).counts.reanswerQueued).toBe(0);
    // A retried merge does not turn answered into owed.
    await markAnswersPending(base.meta, { videoId: video.videoId, tenantId: 'tenant-a', model: V1 }, base.now());
    expect(await entry()).not.toHaveProperty('pending');
  });

  it('on AWS-style wiring queues answers tasks, which a worker runs from the bank', async () => {
    const base = api.platform.deps;
    const video = await seedVideo(base, 'tenant-b', { seed: 2, answeredBy: V1 });
    await registerAnswerModel(base.meta, V2, base.now());
    const report = await runBatch(base, { reanswer: queuedReanswerer(base) });
    expect(report.counts.reanswerQueued).toBe(1);
    expect((await runBatch(base, { reanswer: queuedReanswerer(base) })).counts.reanswerQueued).toBe(0);
    const [message] = await base.queues.cpu.receive({ visibilitySec: 30 });
    const task = TaskSchema.parse(message!.body);
    expect(task).toEqual({ type: 'answers', videoId: video.videoId, tenantId: 'tenant-b', model: V2 });
    const { blobs, calls } = recordingBlobStore(base.blobs);
    const stage = fakeAnswerStage();
    const noStage = () => Promise.reject(new Error('not used'));
    const stages = {
      probe: noStage,
      planChunks: () => {
        throw new Error('not used');
      },
      analyzeChunk: noStage,
      mergeChunks: noStage,
      answer: stage.answer,
    };

    const outcome = await runTask({ ...base, blobs }, stages, task, {
      signal: new AbortController().signal,
      onProgress: () => {},
      scratchDir: '/nonexistent',
    });

    expect(outcome).toBe('done');
    expect(sourceReads(calls)).toEqual([]);
    expect((await readAnswers(base, video.videoId)).tasks.genre.prediction).toBe('drama');
    expect(await indexedVersion(base, video.videoId)).toEqual(V2);
  });
});
