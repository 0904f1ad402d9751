import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { parseOrThrow } from '../../core/validate';

/**
 * How to reach AWS (or an emulator). On Lambda and ECS only `region` is needed; the
 * credentials come from the execution role. Tests point `endpoint` at fauxqs/dynalite on
 * 127.0.0.1 and pass static credentials.
 */
export const awsClientConfigSchema = z
  .object({
    region: z.string().min(1),
    /** Overrides every service endpoint (emulators). */
    endpoint: z.url().optional(),
    /** DynamoDB endpoint when it differs from `endpoint` (dynalite runs apart from fauxqs). */
    dynamoEndpoint: z.url().optional(),
    /** Path-style S3 URLs (`host/bucket/key`); emulators on 127.0.0.1 need it. */
    forcePathStyle: z.boolean().default(false),
    credentials: z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }).optional(),
  })
  .readonly();

export type AwsClientConfig = z.output<typeof awsClientConfigSchema>;

/** The SDK clients the AWS adapters share; create once per process (cold start). */
export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
  dynamo: DynamoDBDocumentClient;
}

/**
 * Creates the S3, SQS and DynamoDB clients from a validated config.
 *
 * Checksums are sent only where an API requires them (`WHEN_REQUIRED`): the default CRC32
 * headers would be baked into presigned PUT URLs (browsers would then have to send them)
 * and are rejected by the emulators used in tests.
 */
export function createAwsClients(input: unknown): AwsClients {
  const config = parseOrThrow(awsClientConfigSchema, input, 'AWS client config');
  const common = { region: config.region, credentials: config.credentials, maxAttempts: 4 };
  const s3 = new S3Client({
    ...common,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sqs = new SQSClient({ ...common, endpoint: config.endpoint });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: config.dynamoEndpoint ?? config.endpoint }), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { s3, sqs, dynamo };
}

/** Error name of an AWS SDK v3 service exception (`NoSuchKey`, `ConditionalCheckFailedException`, …). */
export function awsErrorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: number } };
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** HTTP status of an AWS SDK v3 service exception, when it has one. */
export function awsHttpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
