import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';
import { createAwsClients, type AwsClients } from './clients';
import { DynamoMetadataStore } from './dynamo-metadata-store';
import { S3BlobStore } from './s3-blob-store';
import { S3Presigner } from './s3-presign';
import { SqsWorkQueue } from './sqs-work-queue';

/**
 * The environment the CDK app gives every Lambda and worker container (see
 * `infra/runtime-env.ts`; an infra test checks the two agree). `AWS_REGION` is set by
 * Lambda and ECS; `LVU_AWS_ENDPOINT` only points at emulators in tests and dev.
 */
export const awsEnvSchema = z.object({
  AWS_REGION: z.string().min(1),
  LVU_STAGE: z.string().min(1),
  LVU_BUCKET: z.string().min(3),
  LVU_TABLE: z.string().min(3),
  LVU_GPU_QUEUE_URL: z.url(),
  LVU_GPU_DLQ_URL: z.url(),
  LVU_CPU_QUEUE_URL: z.url(),
  LVU_CPU_DLQ_URL: z.url(),
  LVU_EVENT_BUS: z.string().min(1),
  LVU_AWS_ENDPOINT: z.url().optional(),
  LVU_DYNAMO_ENDPOINT: z.url().optional(),
});

export type AwsEnv = z.output<typeof awsEnvSchema>;

/** The ports of one process on AWS, built once at cold start. */
export interface AwsPorts {
  clients: AwsClients;
  blobs: S3BlobStore;
  presigner: S3Presigner;
  metadata: DynamoMetadataStore;
  gpuTasks: SqsWorkQueue;
  cpuTasks: SqsWorkQueue;
  eventBusName: string;
}

/**
 * Parses the environment (ValidationError naming each bad variable) and builds the AWS
 * adapters behind the core ports.
 *
 * @example const ports = awsPortsFromEnv(process.env); // in a handler module, once
 */
export function awsPortsFromEnv(env: Record<string, string | undefined>, injected?: AwsClients): AwsPorts {
  const e = parseOrThrow(awsEnvSchema, pickKnown(env), 'AWS environment');
  const emulated = e.LVU_AWS_ENDPOINT !== undefined;
  const clients =
    injected ??
    createAwsClients({
      region: e.AWS_REGION,
      endpoint: e.LVU_AWS_ENDPOINT,
      dynamoEndpoint: e.LVU_DYNAMO_ENDPOINT,
      forcePathStyle: emulated,
    });
  const queue = (name: string, url: string, dlq: string): SqsWorkQueue =>
    new SqsWorkQueue({ client: clients.sqs, name, url }, { client: clients.sqs, name: `${name}-dlq`, url: dlq });
  return {
    clients,
    blobs: new S3BlobStore(clients.s3, e.LVU_BUCKET),
    presigner: new S3Presigner(clients.s3, e.LVU_BUCKET),
    metadata: new DynamoMetadataStore(clients.dynamo, e.LVU_TABLE),
    gpuTasks: queue('gpu-tasks', e.LVU_GPU_QUEUE_URL, e.LVU_GPU_DLQ_URL),
    cpuTasks: queue('cpu-tasks', e.LVU_CPU_QUEUE_URL, e.LVU_CPU_DLQ_URL),
    eventBusName: e.LVU_EVENT_BUS,
  };
}

/** Only the variables the schema knows, so unrelated settings never trip it. */
function pickKnown(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(awsEnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
}
