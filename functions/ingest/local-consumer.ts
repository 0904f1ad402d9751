import type { PlatformDeps } from '../../core/jobs/deps';
import { videoIdFromSourceKey } from '../../core/jobs/model';
import type { LogFields, Logger } from '../../core/log';
import type { WorkQueue } from '../../core/ports/work-queue';
import { handleObjectCreated } from './object-created';

/** Long-poll wait of the ingest loop (short, so shutdown is prompt). */
const WAIT_SEC = 1;
/** How long a failed event stays hidden before its retry. */
const RETRY_AFTER_SEC = 2;

/**
 * The local stand-in for "SQS ingest → Lambda": drains the ingest queue until `signal`
 * aborts, acknowledging each event once it was handled. A failing event is retried after a
 * pause and dead-lettered after the queue's max receives, as on AWS.
 */
export async function consumeIngestQueue(
  queue: WorkQueue,
  deps: PlatformDeps,
  options: { signal: AbortSignal; log: Logger },
): Promise<void> {
  while (!options.signal.aborted) {
    const messages = await queue.receive({ maxMessages: 10, visibilitySec: 60, waitSec: WAIT_SEC });
    for (const message of messages) {
      try {
        const outcome = await handleObjectCreated(deps, message.body);
        await queue.ack(message.receiptHandle);
        if (outcome !== 'ignored')
          options.log.info(`ingest: ${outcome} ${JSON.stringify(keyOf(message.body))}`, { ...ingestFields(message.body), outcome });
      } catch (err) {
        options.log.warn(`ingest: event failed (attempt ${message.receiveCount}): ${(err as Error).message}`, {
          ...ingestFields(message.body),
          attempt: message.receiveCount,
          err,
        });
        await queue.extendVisibility(message.receiptHandle, RETRY_AFTER_SEC).catch(() => undefined);
      }
    }
  }
}

function keyOf(body: unknown): string | undefined {
  const key = (body as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : undefined;
}

/** An ingest event's log context: the blob key and, for a source upload, its video. */
function ingestFields(body: unknown): LogFields {
  const key = keyOf(body);
  const videoId = key ? videoIdFromSourceKey(key) : undefined;
  return { stage: 'ingest', ...(key ? { key } : {}), ...(videoId ? { videoId } : {}) };
}
