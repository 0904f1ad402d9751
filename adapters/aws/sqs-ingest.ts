import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ObjectCreated } from '../../core/jobs/tasks';
import { createLogger, type Logger } from '../../core/log';
import type { MetadataStore } from '../../core/ports/metadata-store';
import { objectCreatedFromS3Notification } from './s3-events';

/** Partition of the "this object version was ingested" markers. */
export const INGESTED_PK = 'ingested';

/** What the handler does with one object-created event (the ingest use case). */
export type ObjectCreatedHandler = (event: ObjectCreated) => Promise<unknown>;

/**
 * A Lambda handler for the ingest queue (S3 ObjectCreated notifications via SQS) with
 * partial batch failure reporting: a record whose handling throws is returned in
 * `batchItemFailures` and redelivered alone; the others are deleted. Idempotent on the
 * object's key + ETag: a marker is written after success and checked first, so a
 * redelivered notification does not run the use case again (the use case is itself safe
 * to repeat, so a crash between the two only repeats work).
 *
 * @example
 *   export const handler = sqsIngestHandler(deps.meta, (e) => handleObjectCreated(deps, e));
 */
export function sqsIngestHandler(meta: MetadataStore, handle: ObjectCreatedHandler, log: Logger = createLogger()): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        for (const created of objectCreatedFromS3Notification(JSON.parse(record.body))) {
          await ingestOnce(meta, created, handle);
        }
      } catch (err) {
        log.error('ingest record failed', { stage: 'ingest', messageId: record.messageId, err });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

async function ingestOnce(meta: MetadataStore, created: ObjectCreated, handle: ObjectCreatedHandler): Promise<void> {
  const sk = `${created.key}#${created.etag ?? `bytes-${created.bytes}`}`;
  if (await meta.get(INGESTED_PK, sk)) return;
  const outcome = await handle(created);
  await meta.put(INGESTED_PK, sk, { key: created.key, etag: created.etag ?? null, outcome: String(outcome) });
}
