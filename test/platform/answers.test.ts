import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform, type LocalPlatform } from '../../adapters/local/platform';
import { PlatformConfigSchema } from '../../core/jobs/deps';
import type { Principal } from '../../core/jobs/api-keys';
import { AnswerKeys } from '../../core/jobs/answers';
import { ArtifactKeys } from '../../core/jobs/model';
import { getResults, getScenes } from '../../core/jobs/views';
import type { WorkQueue } from '../../core/ports/work-queue';
import { transformerAnswerStage } from '../../gpu-workers/answer-stage';
import { realStages } from '../../gpu-workers/stages';
import { executeDelivery } from '../../gpu-workers/task-execution';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { decodeFeatureBank } from '../../stages/features/bank-io';
import { loadTransformerModel } from '../../stages/transformer/model';
import { missingDataMessage, testData } from '../helpers/data';
import { removeDir, tempDir } from './helpers/serve';
import { deliverAll, deliverySettings, noStop, uploadAndIngest } from './helpers/deliver';

const CLIP = 'tracking/TUD-Campus/TUD-Campus.mp4';
const source = testData(CLIP);
const skipNote = source ? '' : ` (${missingDataMessage(CLIP)})`;
const principal: Principal = { tenantId: 'acme', keyId: 'test' };

let dir: string;
let platform: LocalPlatform;
let sessions: SessionCache;
beforeEach(async () => {
  dir = await tempDir('answers');
  platform = await openLocalPlatform({
    dataDir: `${dir}/data`,
    config: PlatformConfigSchema.parse({ maxAttempts: 3 }),
    baseUrl: () => 'http://lvu.test',
  });
  sessions = new SessionCache(modelsConfig());
});
afterEach(async () => {
  await sessions.dispose();
  platform.close();
  await removeDir(dir);
});

const upload = (tasks: ('shots' | 'tracks' | 'features' | 'answers')[]) =>
  uploadAndIngest(platform, principal, source!, { filename: 'tud.mp4', tasks });
/** The real stages, with the shipped transformer and an empty heads dir. */
const stages = () => realStages({ answerStage: () => transformerAnswerStage({ sessions }) });
/** Every visible task of `queue`, run once; returns the task bodies. */
const runVisible = async (queue: WorkQueue) => (await deliverAll(platform, queue, stages())) as { type: string }[];

describe('the transformer stage as a CPU-queue task after the merge (real stages, real footage)', () => {
  it.skipIf(!source)(
    `a video that asks for answers gets a feature bank, then answers and embedding, and scenes.json from the merge, in its results${skipNote}`,
    async () => {
      // Prepare
      const videoId = await upload(['answers']);
      // Act: probe → chunk(s) → merge (which queues the answers task) → answers
      expect((await runVisible(platform.deps.queues.cpu)).map((b) => b.type)).toEqual(['probe']);
      expect((await runVisible(platform.deps.queues.gpu)).every((b) => b.type === 'chunk')).toBe(true);
      expect((await runVisible(platform.deps.queues.cpu)).map((b) => b.type)).toEqual(['merge', 'answers']);
      const results = await getResults(platform.deps, principal, videoId);
      // Assess: bank stored; answers under the model version with not_trained tasks (no heads), embedding; scenes from the merge
      const model = loadTransformerModel();
      const key = `${model.resolved.manifest.name}@${model.resolved.manifest.version}`;
      const bank = decodeFeatureBank(await platform.deps.blobs.get(ArtifactKeys.featureBank(videoId)));
      expect(bank.index.counts.rows).toBeGreaterThan(0);
      expect(bank.index.encoders.map((e) => e.name)).toEqual(['mobilenet-v2', 'faceres', 'movenet-pose']);
      expect(bank.index.frameEncoders.map((e) => e.name)).toEqual(['mobilenet-v2-frame']);
      expect(Object.keys(results.answers)).toEqual([key]);
      const answers = results.answers[key] as {
        videoId: string;
        tasks: Record<string, { status: string; how?: string }>;
        video: { embedding: number[]; spans: number };
      };
      expect(answers.videoId).toBe(videoId);
      expect(answers.tasks['relationship']).toMatchObject({ status: 'not_trained' });
      expect(answers.tasks['relationship']!.how).toMatch(/POST \/v1\/tasks\/relationship\/train/);
      expect(answers.video.embedding).toHaveLength(model.config.hidden);
      expect(answers.video).not.toHaveProperty('scenes');
      const scenes = await getScenes(platform.deps, principal, videoId);
      expect(scenes.scenes.length).toBeGreaterThan(0);
      expect(scenes.scenes[scenes.scenes.length - 1]!.endFrame).toBe(scenes.video.frameCount);
      expect(results.summary.people).toBeGreaterThan(0);
      expect(Object.keys(results.artifacts)).toEqual(
        expect.arrayContaining(['feature-bank.safetensors', 'feature-bank', 'tracks', 'identities', 'scenes', `answers/${key}`]),
      );
    },
  );

  it.skipIf(!source)(`an answers task that arrives before the video is done is retried, not lost${skipNote}`, async () => {
    // Prepare: chunks done, merge not yet run; an answers task arrives early (e.g. redelivered out of order)
    const videoId = await upload(['answers']);
    await runVisible(platform.deps.queues.cpu);
    await runVisible(platform.deps.queues.gpu);
    const model = loadTransformerModel().resolved.manifest;
    const settings = deliverySettings(platform);
    const early = { type: 'answers', videoId, tenantId: 'acme', model: { name: model.name, version: model.version } };
    await platform.deps.queues.cpu.send(early);
    // Act: the merge message is first in the queue; hold it back and deliver the early answers task alone
    const [merge] = await platform.deps.queues.cpu.receive({ visibilitySec: 60 });
    const [answers] = await platform.deps.queues.cpu.receive({ visibilitySec: 60 });
    const earlyResult = await executeDelivery(platform.deps, stages(), platform.deps.queues.cpu, answers!, settings, noStop);
    // Assess: not acknowledged (comes back after its backoff), no answers written yet
    expect(answers!.body).toEqual(early);
    expect(earlyResult).toBe('failed');
    expect(await platform.deps.blobs.list(ArtifactKeys.answersPrefix(videoId))).toEqual([]);
    // …and once the merge has run, the redelivered task (and the merge's own) answer
    expect(await executeDelivery(platform.deps, stages(), platform.deps.queues.cpu, merge!, settings, noStop)).toBe('acked');
    // The merge indexed the answers as owed before queuing its task (the batch re-queues lost ones).
    const owed = await platform.deps.meta.get(AnswerKeys.indexPk, AnswerKeys.indexSk(model.name, videoId));
    expect(owed?.data).toMatchObject({ pending: true, model: { name: model.name, version: model.version } });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await runVisible(platform.deps.queues.cpu)).map((b) => b.type)).toEqual(['answers', 'answers']);
    const results = await getResults(platform.deps, principal, videoId);
    expect(Object.keys(results.answers)).toEqual([`${model.name}@${model.version}`]);
    expect((await platform.deps.meta.get(AnswerKeys.indexPk, AnswerKeys.indexSk(model.name, videoId)))?.data).not.toHaveProperty('pending');
  });

  it.skipIf(!source)(`a tracks-only video gets no bank and no answers task${skipNote}`, async () => {
    const videoId = await upload(['tracks']);
    await runVisible(platform.deps.queues.cpu);
    await runVisible(platform.deps.queues.gpu);
    expect((await runVisible(platform.deps.queues.cpu)).map((b) => b.type)).toEqual(['merge']);
    expect(await runVisible(platform.deps.queues.cpu)).toEqual([]);
    expect(await platform.deps.blobs.head(ArtifactKeys.featureBank(videoId))).toBeFalsy();
    const results = await getResults(platform.deps, principal, videoId);
    expect(results.answers).toEqual({});
    expect(results.summary.people).toBeGreaterThan(0);
  });
});
