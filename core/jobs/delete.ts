import { NotFoundError } from '../errors';
import type { Principal } from './api-keys';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, Keys } from './model';
import { VideoRepository } from './videos';
import { TaskRepository } from '../tasks/repository';

/**
 * `DELETE /videos/{id}`: marks the video `deleted` (so running tasks stop and late ones
 * skip), aborts an unfinished multipart upload (freeing its parts), removes every artifact
 * under `videos/{id}/` and every per-video record (fan-in, progress,
 * attempts). A tombstone record stays so a repeated DELETE succeeds and workers learn the
 * video is gone. Idempotent; NOT_FOUND only for ids the tenant never had.
 */
export async function deleteVideo(deps: PlatformDeps, principal: Principal, videoId: string): Promise<{ videoId: string; status: 'deleted' }> {
  const repo = new VideoRepository(deps.meta);
  const found = await repo.getForTenant(principal.tenantId, videoId);
  if (!found) throw new NotFoundError(`video ${videoId} not found`, { details: { videoId } });
  await repo.apply(videoId, { type: 'deleted' }, deps.now);
  const { upload } = found.record;
  if (upload.mode === 'multipart') await deps.presigner.abortMultipartUpload(ArtifactKeys.source(videoId), upload.uploadId);
  await deps.blobs.deleteByPrefix(ArtifactKeys.prefix(videoId));
  // Its task labels go with it (before the per-video items, which hold the pointers to them).
  await new TaskRepository(deps.meta).deleteLabelsOfVideo(principal.tenantId, videoId);
  await deleteVideoItems(deps, videoId);
  return { videoId, status: 'deleted' };
}

/** Removes the per-video partition except the owner pointer (the tombstone needs it). */
async function deleteVideoItems(deps: PlatformDeps, videoId: string): Promise<void> {
  const pk = Keys.video(videoId);
  for (;;) {
    const { items } = await deps.meta.query(pk, { limit: 100 });
    const doomed = items.filter((i) => i.sk !== Keys.owner);
    if (doomed.length === 0) return;
    for (const item of doomed) await deps.meta.delete(pk, item.sk);
  }
}
