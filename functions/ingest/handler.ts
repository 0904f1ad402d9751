import { awsPlatformDeps, sqsIngestHandler } from '../../adapters/aws';
import { loggerFromEnv } from '../../core/log';
import { handleObjectCreated } from './object-created';

/**
 * The `ingest` Lambda (AWS entry; `lvu serve` uses `local-consumer.ts` instead): S3
 * ObjectCreated notifications (CompleteMultipartUpload included) arrive via the SQS
 * `ingest` queue; each record starts its video's job. Partial batch failures and key+ETag
 * idempotency come from `sqsIngestHandler`. The environment is parsed with zod once, when
 * the container starts (a missing variable fails the cold start with its name).
 */
const deps = awsPlatformDeps(process.env);

/** SQS event → per-record ingest → `{batchItemFailures}`. */
export const handler = sqsIngestHandler(deps.meta, (event) => handleObjectCreated(deps, event), loggerFromEnv(process.env));
