import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ObjectCreated } from '../../core/jobs/tasks';
import { createLogger, type Logger } from '../../core/log';
import type { MetadataStore } from '../../core/ports/metadata-store';
import { objectCreatedFromS3Notification } from './s3-events';

/** Partition key prefix of the "this object version was ingested" markers (one partition each). */
export const INGESTED_PK_PREFIX = 'ingested#';

/**
 * How long a marker is kept (then DynamoDB's TTL removes it): 14 days, the retention of the
 * ingest dead-letter queue (infra/constructs/queue-with-dlq.ts), the longest a notification
 * can come back (redriven from the DLQ). An older duplicate only repeats the use case,
 * which is itself safe to repeat.
 */
export const INGEST_MARKER_TTL_SEC = 14 * 24 * 3600;

/** What the handler does with one object-created event (the ingest use case). */
export type ObjectCreatedHandler = (event: ObjectCreated) => Promise<unknown>;

/**
 * A Lambda handler for the ingest queue (S3 ObjectCreated notifications via SQS) with
 * partial batch failure reporting: a record whose handling throws is returned in
 * `batchItemFailures` and redelivered alone; the others are deleted. Idempotent on the
 * object's key + ETag: a marker is written after success and checked first, so a
 * redelivered notification does not run the use case again (the use case is itself safe
 * to repeat, so a crash between the two only repeats work). Each marker is its own
 * partition (no hot key) and expires after INGEST_MARKER_TTL_SEC.
 *
 * @example
 *   export const handler = sqsIngestHandler(deps.meta, (e) => handleObjectCreated(deps, e));
 */
export function sqsIngestHandler(
  meta: MetadataStore,
  handle: ObjectCreatedHandler,
  log: Logger = createLogger(),
): (event: SQSEvent) => Promise<SQSBatchResponse> {
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

/** Sort key of a marker (alone in its partition). */
const MARKER_SK = 'marker';

async function ingestOnce(meta: MetadataStore, created: ObjectCreated, handle: ObjectCreatedHandler): Promise<void> {
  const pk = `${INGESTED_PK_PREFIX}${created.key}#${created.etag ?? `bytes-${created.bytes}`}`;
  if (await meta.get(pk, MARKER_SK)) return;
  const outcome = await handle(created);
  const expiresAt = new Date(Date.now() + INGEST_MARKER_TTL_SEC * 1000);
  await meta.put(pk, MARKER_SK, { key: created.key, etag: created.etag ?? null, outcome: String(outcome) }, { expiresAt });
}
