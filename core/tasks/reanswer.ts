import { compareVersions, registeredAnswerModels } from '../jobs/answers';
import type { PlatformDeps } from '../jobs/deps';
import { ArtifactKeys } from '../jobs/model';
import type { ModelRef, Task } from '../jobs/tasks';
import { VideoRepository } from '../jobs/videos';

/** Videos listed per page while queuing a tenant's re-answer. */
const PAGE = 100;

/** `{name}@{version}` of a video's stored answers documents. */
async function answeredModels(deps: Pick<PlatformDeps, 'blobs'>, videoId: string): Promise<ModelRef[]> {
  const prefix = ArtifactKeys.answersPrefix(videoId);
  return (await deps.blobs.list(prefix))
    .map((k) => /^([^@/]+)@([^/]+)\.json$/.exec(k.slice(prefix.length)))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, version: m[2]! }));
}

/**
 * Queues an `answers` task (CPU queue) for every done video of the tenant that has answers,
 * with the registered model version (else the newest it was answered with): the batch
 * re-answer after a new head version or a deleted task. Workers answer from the stored
 * feature bank (never the video) with the heads current when they run. Returns how many
 * tasks were queued.
 */
export async function queueTenantReanswer(deps: Pick<PlatformDeps, 'meta' | 'blobs' | 'queues'>, tenantId: string): Promise<number> {
  const registered = await registeredAnswerModels(deps.meta);
  const repo = new VideoRepository(deps.meta);
  let cursor: string | undefined;
  let queued = 0;
  do {
    const page = await repo.list(tenantId, { limit: PAGE, status: 'done', ...(cursor ? { cursor } : {}) });
    for (const video of page.videos) {
      const models = (await answeredModels(deps, video.videoId)).sort((a, b) => compareVersions(b.version, a.version));
      const model = models[0] ? (registered.get(models[0].name) ?? models[0]) : undefined;
      if (!model) continue;
      const task: Task = { type: 'answers', videoId: video.videoId, tenantId, model };
      await deps.queues.cpu.send(task);
      queued += 1;
    }
    cursor = page.cursor;
  } while (cursor);
  return queued;
}
