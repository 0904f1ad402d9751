import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { platformConfigFromEnv } from '../../core/jobs/config';
import type { PlatformDeps } from '../../core/jobs/deps';
import type { AwsClients } from './clients';
import { awsPortsFromEnv, type AwsPorts } from './env';
import { EventBridgePublisher, type PutEventsClient } from './event-publisher';

/** Overrides for tests: a clock, emulator clients, an event client (no EventBridge emulator here). */
export interface AwsPlatformOptions {
  now?: () => Date;
  clients?: AwsClients;
  events?: PutEventsClient;
}

/**
 * The platform's dependencies on AWS — S3 blobs and presigned URLs, DynamoDB records, SQS
 * task queues, EventBridge events — from the environment the CDK app sets (parsed with
 * zod; a bad or missing variable fails the cold start with its name). Build once per
 * Lambda container or worker process.
 *
 * @example
 *   // functions/api: export const handler = createLambdaHandler({ deps: awsPlatformDeps(process.env) });
 */
export function awsPlatformDeps(env: Record<string, string | undefined>, options: AwsPlatformOptions = {}): PlatformDeps {
  return awsPlatform(env, options).deps;
}

/** Like awsPlatformDeps, also returning the adapters themselves (streams, DLQs, clients). */
export function awsPlatform(
  env: Record<string, string | undefined>,
  options: AwsPlatformOptions = {},
): { deps: PlatformDeps; ports: AwsPorts } {
  const ports = awsPortsFromEnv(env, options.clients);
  const events = options.events ?? new EventBridgeClient({ region: env['AWS_REGION'], endpoint: env['LVU_AWS_ENDPOINT'] });
  const deps: PlatformDeps = {
    blobs: ports.blobs,
    meta: ports.metadata,
    queues: { cpu: ports.cpuTasks, gpu: ports.gpuTasks },
    presigner: ports.presigner,
    events: new EventBridgePublisher(events, ports.eventBusName),
    config: platformConfigFromEnv(env),
    now: options.now ?? (() => new Date()),
  };
  return { deps, ports };
}
