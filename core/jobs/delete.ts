import { NotFoundError } from '../errors';
import type { MetadataStore } from '../ports/metadata-store';
import type { Principal } from './api-keys';
import type { PlatformDeps } from './deps';
import { ArtifactKeys, Keys } from './model';
import { VideoRepository } from './videos';
import { TaskRepository } from '../tasks/repository';

/**
 * How long the tombstone of a deleted video is kept where the store can expire it (DynamoDB
 * TTL): 14 days, the retention of the task dead-letter queues, so no task of the video can
 * come back after it. Until then a repeated DELETE answers `deleted` and a late task sees
 * the video is gone (and removes whatever it wrote); after it, both find nothing.
 */
export const TOMBSTONE_TTL_SEC = 14 * 24 * 3600;

/** What a deleted video keeps: its `owner` item, reduced to this (no filename, no record). */
export interface Tombstone {
  tenantId: string;
  deletedAt: string;
}

/**
 * `DELETE /videos/{id}`: turns the video's owner pointer into a tombstone (running and late
 * tasks see it and stop), marks the record `deleted` (their conditional writes fail),
 * aborts an unfinished multipart upload, removes every artifact under `videos/{id}/`, every
 * per-video item (fan-in, progress, heartbeat, attempts), the upload's idempotency key and
 * finally the record itself: only the tombstone `{tenantId, deletedAt}` stays. Idempotent
 * (a crash half-way is finished by the next call); NOT_FOUND for ids the tenant never had.
 */
export async function deleteVideo(
  deps: PlatformDeps,
  principal: Principal,
  videoId: string,
): Promise<{ videoId: string; status: 'deleted' }> {
  const repo = new VideoRepository(deps.meta);
  const found = await repo.getForTenant(principal.tenantId, videoId);
  if (!found) {
    const tombstone = await videoTombstone(deps.meta, videoId);
    if (tombstone?.tenantId === principal.tenantId) return { videoId, status: 'deleted' };
    throw new NotFoundError(`video ${videoId} not found`, { details: { videoId } });
  }
  await writeTombstone(deps, videoId, principal.tenantId);
  await repo.apply(videoId, { type: 'deleted' }, deps.now);
  const { upload, idempotencyKey } = found.record;
  if (upload.mode === 'multipart') await deps.presigner.abortMultipartUpload(ArtifactKeys.source(videoId), upload.uploadId);
  // Its task labels go with it (before the per-video items, which hold the pointers to them).
  await new TaskRepository(deps.meta).deleteLabelsOfVideo(principal.tenantId, videoId);
  await purgeVideoData(deps, videoId);
  if (idempotencyKey) await deps.meta.delete(Keys.tenant(principal.tenantId), Keys.idempotency(idempotencyKey));
  await deps.meta.delete(Keys.tenant(principal.tenantId), Keys.video(videoId));
  return { videoId, status: 'deleted' };
}

/** The video's tombstone, when it was deleted (read by DELETE and by every task before and after it runs). */
export async function videoTombstone(meta: MetadataStore, videoId: string): Promise<Tombstone | undefined> {
  const owner = await meta.get<Partial<Tombstone>>(Keys.video(videoId), Keys.owner);
  const { tenantId, deletedAt } = owner?.data ?? {};
  return typeof tenantId === 'string' && typeof deletedAt === 'string' ? { tenantId, deletedAt } : undefined;
}

/**
 * Removes a deleted video's artifacts and its per-video items except the tombstone. Run
 * by DELETE (with what the event publisher kept of the video's events, e.g. the local
 * event log), and again by any task that finds its video deleted, so a write that raced
 * with the DELETE (a chunk result, a fan-in entry) does not outlive it. Idempotent.
 */
export async function purgeVideoData(deps: PlatformDeps, videoId: string): Promise<void> {
  await deps.blobs.deleteByPrefix(ArtifactKeys.prefix(videoId));
  await deps.events.forgetVideo?.(videoId);
  const pk = Keys.video(videoId);
  for (;;) {
    const { items } = await deps.meta.query(pk, { limit: 100 });
    const doomed = items.filter((i) => i.sk !== Keys.owner);
    if (doomed.length === 0) return;
    for (const item of doomed) await deps.meta.delete(pk, item.sk);
  }
}

/** owner := tombstone (a repeated DELETE keeps the first deletedAt). */
async function writeTombstone(deps: PlatformDeps, videoId: string, tenantId: string): Promise<void> {
  const deletedAt = (await videoTombstone(deps.meta, videoId))?.deletedAt ?? deps.now().toISOString();
  const expiresAt = new Date(deps.now().getTime() + TOMBSTONE_TTL_SEC * 1000);
  const tombstone: Tombstone = { tenantId, deletedAt };
  await deps.meta.put(Keys.video(videoId), Keys.owner, tombstone, { expiresAt });
}
