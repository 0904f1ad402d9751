import { awsPlatformDeps } from '../../adapters/aws';
import { loggerFromEnv } from '../../core/log';
import { createLambdaHandler } from './lambda-adapter';

/**
 * The `api` Lambda (AWS entry): the same Hono app `lvu serve` runs, behind API Gateway HTTP
 * API (payload v2). The environment is parsed with zod once, when the container starts (a
 * missing or malformed variable fails the cold start naming it); the SDK clients and
 * adapters built here are reused by every invocation of the container.
 */
const deps = awsPlatformDeps(process.env);

/** API Gateway HTTP API v2 event → Response. */
export const handler = createLambdaHandler({
  deps,
  log: loggerFromEnv(process.env),
});
