import { answerFromFeatureBank } from '../../core/jobs/answers';
import type { PlatformDeps } from '../../core/jobs/deps';
import { ArtifactKeys, newVideoId, type VideoRecord } from '../../core/jobs/model';
import { VideoRepository } from '../../core/jobs/videos';
import { transformerAnswerStage, type AnswerStage } from '../../gpu-workers/answer-stage';
import { realStages } from '../../gpu-workers/stages';
import type { SessionCache } from '../../models/runtime';
import { encodeFeatureBank } from '../../stages/features/bank-io';
import { syntheticBank } from '../features/fixtures';

/**
 * A finished 90-s video as the pipeline leaves it when answers were asked for: record
 * `done`, a feature bank (synthetic, `seed`), and the real transformer stage's answers and
 * span embeddings (no shots.json: `/results` is exercised on real footage in e2e tests). `answers: false` leaves it without (a shots-only video).
 */
export async function analysedVideo(
  deps: PlatformDeps,
  stage: AnswerStage,
  tenantId: string,
  seed: number,
  options: { answers?: boolean; patch?: Partial<VideoRecord> } = {},
): Promise<string> {
  const at = deps.now().toISOString();
  const videoId = newVideoId(deps.now());
  await new VideoRepository(deps.meta).create({
    videoId,
    tenantId,
    status: 'done',
    stage: 'merge',
    filename: `${seed}.mp4`,
    bytes: 4,
    contentType: 'video/mp4',
    tasks: options.answers === false ? ['shots'] : ['answers'],
    options: {},
    upload: { mode: 'single' },
    createdAt: at,
    updatedAt: at,
    ...options.patch,
  });
  if (options.answers === false) return videoId;
  await deps.blobs.put(ArtifactKeys.featureBank(videoId), encodeFeatureBank(syntheticBank(seed, 90)).safetensors);
  await answerFromFeatureBank(deps, stage.answer, { videoId, tenantId }, stage.model);
  return videoId;
}

/** The worker's stage functions with a shared session cache (train + answers). */
export function stagesWith(sessions: SessionCache) {
  return realStages({ answerStage: () => transformerAnswerStage({ sessions }) });
}
