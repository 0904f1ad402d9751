import { z } from 'zod';
import type { ObjectCreated } from '../../core/jobs/tasks';

/** The fields of an S3 event notification record that ingest needs. */
const S3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional(), eTag: z.string().optional() }),
  }),
});

const S3NotificationSchema = z.union([
  z.object({ Records: z.array(z.unknown()) }),
  // Sent once when the notification is configured; carries no object.
  z.object({ Event: z.literal('s3:TestEvent') }),
]);

/**
 * ObjectCreated messages from the body of one SQS message carrying an S3 event
 * notification. `ObjectCreated:*` covers Put, Post, Copy and CompleteMultipartUpload;
 * other events and the configuration test event yield nothing. Keys arrive URL-encoded
 * (`+` for space), as S3 sends them.
 *
 * @example objectCreatedFromS3Notification(JSON.parse(sqsRecord.body))
 */
export function objectCreatedFromS3Notification(body: unknown): ObjectCreated[] {
  const parsed = S3NotificationSchema.parse(body);
  if (!('Records' in parsed)) return [];
  return parsed.Records.map((r) => S3RecordSchema.parse(r))
    .filter((r) => r.eventName.startsWith('ObjectCreated:'))
    .map((r) => ({
      type: 'ObjectCreated' as const,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      bytes: r.s3.object.size ?? 0,
      ...(r.s3.object.eTag ? { etag: r.s3.object.eTag } : {}),
    }));
}
