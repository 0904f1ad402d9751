import { handle } from 'hono/aws-lambda';
import { createApiApp, type ApiOptions } from './app';

/**
 * The API as a Lambda handler for API Gateway HTTP API (payload v2) events: the same Hono
 * app `lvu serve` runs. The AWS wiring builds `options.deps` from its adapters once per
 * container and exports the result as `handler`.
 *
 * @example
 *   export const handler = createLambdaHandler({ deps: awsPlatformDeps(process.env) }); // functions/api/lambda.ts
 */
export function createLambdaHandler(options: ApiOptions): ReturnType<typeof handle> {
  return handle(createApiApp(options));
}
