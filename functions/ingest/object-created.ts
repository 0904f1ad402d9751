import type { PlatformDeps } from '../../core/jobs/deps';
import { startJob, type IngestOutcome } from '../../core/jobs/ingest';
import { ObjectCreatedSchema } from '../../core/jobs/tasks';
import { parseOrThrow } from '../../core/validate';

/**
 * Ingest: one object-created event → start the video's job (check the bytes, enqueue the
 * probe task, mark it queued). Thin: parse with zod, call the use case. The AWS wiring maps
 * each S3 record of an SQS batch to `{type: 'ObjectCreated', key, bytes, etag}` and calls
 * this per record, reporting failures as partial batch failures.
 */
export async function handleObjectCreated(deps: PlatformDeps, body: unknown): Promise<IngestOutcome> {
  return startJob(deps, parseOrThrow(ObjectCreatedSchema, body, 'object-created event'));
}
