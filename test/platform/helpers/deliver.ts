import { stat } from 'node:fs/promises';
import { expect } from 'vitest';
import type { LocalPlatform } from '../../../adapters/local/platform';
import type { CreateVideoRequest } from '../../../core/api/contracts';
import type { Principal } from '../../../core/jobs/api-keys';
import type { StageFunctions } from '../../../core/jobs/deps';
import { ArtifactKeys } from '../../../core/jobs/model';
import { createVideo } from '../../../core/jobs/uploads';
import { silentLogger } from '../../../core/log';
import type { WorkQueue } from '../../../core/ports/work-queue';
import { handleObjectCreated } from '../../../functions/ingest/object-created';
import { realStages } from '../../../gpu-workers/stages';
import { executeDelivery } from '../../../gpu-workers/task-execution';

/** A stop signal that never fires. */
export const noStop = new AbortController().signal;

/** The worker settings of the in-process tests (60-s lease, 1-s retry backoff, silent). */
export function deliverySettings(platform: LocalPlatform) {
  return { visibilitySec: 60, retryBackoffSec: 1, scratchDir: platform.scratchDir, log: silentLogger() };
}

/** Declares `file` as a video, "uploads" it (the blob store then emits the event) and runs ingest. */
export async function uploadAndIngest(
  platform: LocalPlatform,
  principal: Principal,
  file: string,
  request: Pick<CreateVideoRequest, 'filename'> & Partial<CreateVideoRequest>,
): Promise<string> {
  const { videoId } = await createVideo(platform.deps, principal, { bytes: (await stat(file)).size, contentType: 'video/mp4', ...request });
  await platform.deps.blobs.putFile(ArtifactKeys.source(videoId), file);
  const [event] = await platform.ingest.receive({ visibilitySec: 30 });
  expect(await handleObjectCreated(platform.deps, event!.body)).toBe('started');
  await platform.ingest.ack(event!.receiptHandle);
  return videoId;
}

/** Runs ingest for every pending object-created event (the serve loop's job); returns the outcomes. */
export async function drainIngest(platform: LocalPlatform): Promise<string[]> {
  const outcomes: string[] = [];
  for (const m of await platform.ingest.receive({ maxMessages: 10, visibilitySec: 30 })) {
    outcomes.push(await handleObjectCreated(platform.deps, m.body));
    await platform.ingest.ack(m.receiptHandle);
  }
  return outcomes;
}

/** Delivers and runs every visible task of `queue` once, as a worker would; returns the bodies. */
export async function deliverAll(platform: LocalPlatform, queue: WorkQueue, stages: StageFunctions = realStages()): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const [message] = await queue.receive({ visibilitySec: 60 });
    if (!message) return bodies;
    bodies.push(message.body);
    expect(await executeDelivery(platform.deps, stages, queue, message, deliverySettings(platform), noStop)).toBe('acked');
  }
}
