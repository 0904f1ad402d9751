import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Principal } from '../../../core/jobs/api-keys';
import { deleteVideo } from '../../../core/jobs/delete';
import type { PlatformDeps, StageFunctions } from '../../../core/jobs/deps';
import { ArtifactKeys, Keys } from '../../../core/jobs/model';
import { VideoRepository } from '../../../core/jobs/videos';
import { silentLogger } from '../../../core/log';
import type { ReceivedMessage, WorkQueue } from '../../../core/ports/work-queue';
import { executeDelivery } from '../../../gpu-workers/task-execution';

/**
 * Worker settings for the race: a 1-s lease, so each running chunk heartbeats every ~333 ms
 * (and writes its progress every second) while the DELETE happens.
 */
const RACE_SETTINGS = { visibilitySec: 1, retryBackoffSec: 1, log: silentLogger() };
/** Longer than a heartbeat and a progress interval: writes still in flight have landed by then. */
const SETTLE_MS = 1500;

const noStop = new AbortController().signal;

async function receiveAll(queue: WorkQueue): Promise<ReceivedMessage[]> {
  const all: ReceivedMessage[] = [];
  for (;;) {
    const batch = await queue.receive({ maxMessages: 10, visibilitySec: 60 });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * Runs the probe of an ingested video, starts all its chunk tasks at once, DELETEs the
 * video once every chunk is under way (it has written its progress), waits for the workers
 * to finish and for late writes to land, then delivers whatever tasks are left (a merge).
 */
export async function deleteWhileChunksRun(
  deps: PlatformDeps,
  stages: StageFunctions,
  principal: Principal,
  videoId: string,
  scratchDir: string,
): Promise<void> {
  const settings = { ...RACE_SETTINGS, scratchDir };
  const [probe] = await deps.queues.cpu.receive({ visibilitySec: 60 });
  expect(await executeDelivery(deps, stages, deps.queues.cpu, probe!, settings, noStop)).toBe('acked');
  const chunks = await receiveAll(deps.queues.gpu);
  expect(chunks.length).toBeGreaterThan(1);
  const running = chunks.map((m) => executeDelivery(deps, stages, deps.queues.gpu, m, settings, noStop));
  await waitForProgress(deps, videoId, chunks.length);
  expect(await deleteVideo(deps, principal, videoId)).toEqual({ videoId, status: 'deleted' });
  await Promise.all(running);
  await sleep(SETTLE_MS);
  for (const queue of [deps.queues.cpu, deps.queues.gpu]) {
    for (const m of await receiveAll(queue)) await executeDelivery(deps, stages, queue, m, settings, noStop);
  }
  await sleep(SETTLE_MS);
}

async function waitForProgress(deps: PlatformDeps, videoId: string, chunks: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { items } = await deps.meta.query(Keys.video(videoId), { skPrefix: Keys.progressPrefix });
    if (items.length >= chunks) return;
    await sleep(20);
  }
  throw new Error(`chunks of ${videoId} never reported progress`);
}

/** What is left of a deleted video in the ports, for the assertions. */
export async function leftoversOf(deps: PlatformDeps, tenantId: string, videoId: string) {
  const partition = await deps.meta.query(Keys.video(videoId), { limit: 1000 });
  return {
    videoItems: partition.items.map((i) => ({ sk: i.sk, data: i.data })),
    tenantRecord: await deps.meta.get(Keys.tenant(tenantId), Keys.video(videoId)),
    activeJob: await deps.meta.get(Keys.activeJobs, videoId),
    blobs: await deps.blobs.list(ArtifactKeys.prefix(videoId)),
    listedAsDeleted: (await new VideoRepository(deps.meta).list(tenantId, { limit: 100, status: 'deleted' })).videos.map((v) => v.videoId),
  };
}

/** The one item a deleted video keeps: its tombstone `owner` = {tenantId, deletedAt}, no filename. */
export function expectOnlyTombstone(left: Awaited<ReturnType<typeof leftoversOf>>, tenantId: string): void {
  expect(left.blobs).toEqual([]);
  expect(left.tenantRecord).toBeUndefined();
  expect(left.activeJob).toBeUndefined();
  expect(left.listedAsDeleted).toEqual([]);
  expect(left.videoItems.map((i) => i.sk)).toEqual([Keys.owner]);
  const tombstone = left.videoItems[0]!.data as Record<string, unknown>;
  expect(Object.keys(tombstone).sort()).toEqual(['deletedAt', 'tenantId']);
  expect(tombstone.tenantId).toBe(tenantId);
  expect(Number.isFinite(Date.parse(String(tombstone.deletedAt)))).toBe(true);
}
