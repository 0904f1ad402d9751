import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoMetadataStore, ensureBucket, ensureMetadataTable, ensureQueuePair, S3BlobStore } from '../../adapters/aws';
import { blobStoreContract, metadataStoreContract, workQueueContract } from '../contracts';
import { startEmulators, uniqueName, type Emulators } from './emulators';

// The same contract suites as the local adapters, against fauxqs (S3, SQS) and dynalite
// (DynamoDB) on 127.0.0.1. Each test gets a fresh bucket, queue pair or table, so no state
// leaks between tests; `reopen` is omitted: a remote store has no connection to reopen.
let emu: Emulators;
beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await emu?.stop();
});

blobStoreContract('S3 (fauxqs)', async () => {
  const bucket = uniqueName('blobs');
  await ensureBucket(emu.clients.s3, bucket);
  const store = new S3BlobStore(emu.clients.s3, bucket);
  // Nothing to clean: the bucket is unique to this test and fauxqs keeps it in memory.
  return { store, cleanup: async () => {} };
});

workQueueContract('SQS (fauxqs)', async (options) => {
  const queue = await ensureQueuePair(emu.clients.sqs, uniqueName('tasks'), options);
  return { queue, cleanup: async () => {} };
});

metadataStoreContract('DynamoDB (dynalite)', async () => {
  const table = uniqueName('meta');
  const raw = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: emu.dynamoEndpoint,
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  });
  await ensureMetadataTable(raw, table);
  raw.destroy();
  return { store: new DynamoMetadataStore(emu.clients.dynamo, table), cleanup: async () => {} };
});
