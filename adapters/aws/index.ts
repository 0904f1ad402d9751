/**
 * AWS implementations of the core ports (S3, SQS, DynamoDB). The only folder that imports
 * the AWS SDK.
 */
export { createAwsClients, awsClientConfigSchema, type AwsClients, type AwsClientConfig } from './clients';
export { S3BlobStore } from './s3-blob-store';
export { S3Presigner } from './s3-presign';
export { SqsWorkQueue, SqsQueueClient, MAX_MESSAGE_BYTES, type SqsQueueRef } from './sqs-work-queue';
export { DynamoMetadataStore } from './dynamo-metadata-store';
export { ensureBucket, ensureQueuePair, ensureMetadataTable } from './provision';
export { awsEnvSchema, awsPortsFromEnv, type AwsEnv, type AwsPorts } from './env';
export { EventBridgePublisher, EVENT_SOURCE } from './event-publisher';
export { awsPlatform, awsPlatformDeps, type AwsPlatformOptions } from './platform';
export { objectCreatedFromS3Notification } from './s3-events';
export { sqsIngestHandler, INGESTED_PK_PREFIX, INGEST_MARKER_TTL_SEC, type ObjectCreatedHandler } from './sqs-ingest';
export { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from './dynamo-schema';
