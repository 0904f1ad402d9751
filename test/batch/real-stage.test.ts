import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inlineReanswerer } from '../../core/batch/reanswer';
import { runBatch } from '../../core/batch/run-batch';
import { registerAnswerModel } from '../../core/jobs/answers';
import { ArtifactKeys } from '../../core/jobs/model';
import { transformerAnswerStage } from '../../gpu-workers/answer-stage';
import { modelsConfig } from '../../models/config';
import { SessionCache } from '../../models/runtime';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { AnswersFileSchema } from '../../stages/transformer/answers';
import { syntheticBank } from '../features/fixtures';
import { inProcessApi, type InProcessApi } from '../platform/helpers/in-process';
import { recordingBlobStore, seedVideo, sourceReads } from './helpers';

const sessions = new SessionCache(modelsConfig({ intraOpThreads: 1, interOpThreads: 1, autoBuild: false }));
afterAll(() => sessions.dispose());

let api: InProcessApi;
beforeEach(async () => {
  api = await inProcessApi();
});
afterEach(async () => {
  await api.close();
});

describe('batch with the real transformer stage (shipped object-transformer, ONNX Runtime)', () => {
  it('re-answers a video answered by an older version from its stored feature bank alone', async () => {
    // Prepare: a finished video with a real feature bank, answered by an older version.
    const stage = transformerAnswerStage({ sessions });
    const base = api.platform.deps;
    const older = { name: stage.model.name, version: '0.0.1' };
    const video = await seedVideo(base, 'tenant-a', { answeredBy: older });
    await base.blobs.put(ArtifactKeys.featureBank(video.videoId), encodeFeatureBank(syntheticBank(7, 90)).safetensors);
    await registerAnswerModel(base.meta, stage.model, base.now());
    const { blobs, calls } = recordingBlobStore(base.blobs);
    const deps = { ...base, blobs };

    // Act
    const report = await runBatch(deps, { reanswer: inlineReanswerer(deps, stage.answer) });

    // Assess: answers from the registered version, one per LVU task (no heads trained: not_trained with how-to).
    expect(report.counts).toMatchObject({ reanswered: 1, reanswerFailed: 0 });
    expect(sourceReads(calls)).toEqual([]);
    const answers = AnswersFileSchema.parse(
      JSON.parse(new TextDecoder().decode(await base.blobs.get(ArtifactKeys.answers(video.videoId, stage.model)))),
    );
    expect(answers.model).toEqual(stage.model);
    expect(Object.keys(answers.tasks)).toContain('genre');
    expect(answers.tasks['genre']).toMatchObject({ status: 'not_trained' });
  });

  it('refuses to file answers under a version it does not serve', async () => {
    const stage = transformerAnswerStage({ sessions });
    const bank = encodeFeatureBank(syntheticBank(1, 30)).safetensors;
    await expect(
      stage.answer({
        videoId: 'v',
        tenantId: 'tenant-a',
        model: { name: stage.model.name, version: '9.9.9' },
        featureBank: bank,
        heads: [],
      }),
    ).rejects.toMatchObject({ code: 'MODEL_MISMATCH' });
  });
});
