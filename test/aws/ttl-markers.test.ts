import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsPlatform, ensureMetadataTable, sqsIngestHandler } from '../../adapters/aws';
import { handleObjectCreated } from '../../functions/ingest/object-created';
import { declaredTtlAttribute } from './declared-ttl';
import { startEmulators, uniqueName, type Emulators } from './emulators';
import { rawDynamo } from './raw-dynamo';

const DAY_SEC = 24 * 3600;

/** An S3 ObjectCreated notification as SQS delivers it to the ingest Lambda. */
function s3Record(messageId: string, key: string, eTag: string): SQSEvent['Records'][number] {
  const notification = {
    Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key, size: 10, eTag } } }],
  };
  return { messageId, body: JSON.stringify(notification) } as SQSEvent['Records'][number];
}

describe('DynamoDB TTL: ingest idempotency markers expire and are spread over partitions', () => {
  let emu: Emulators;
  let table: string;
  let handler: ReturnType<typeof sqsIngestHandler>;

  beforeAll(async () => {
    emu = await startEmulators();
    table = uniqueName('meta');
    await ensureMetadataTable(rawDynamo(emu), table);
    // The queues are never reached: these keys name no known video, so ingest ignores them.
    const env = {
      AWS_REGION: 'us-east-1',
      LVU_STAGE: 'test',
      LVU_BUCKET: 'bucket',
      LVU_TABLE: table,
      LVU_EVENT_BUS: 'bus',
      LVU_CPU_QUEUE_URL: 'http://127.0.0.1:1/cpu',
      LVU_CPU_DLQ_URL: 'http://127.0.0.1:1/cpu-dlq',
      LVU_GPU_QUEUE_URL: 'http://127.0.0.1:1/gpu',
      LVU_GPU_DLQ_URL: 'http://127.0.0.1:1/gpu-dlq',
    };
    const { deps } = awsPlatform(env, { clients: emu.clients });
    handler = sqsIngestHandler(deps.meta, (event) => handleObjectCreated(deps, event));
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('writes each marker with the declared TTL attribute (epoch seconds, days ahead) under its own partition key', async () => {
    // Prepare
    const ttlAttribute = declaredTtlAttribute();
    const keys = ['videos/v_00000000000000000000000001/source', 'videos/v_00000000000000000000000002/source', 'uploads/other.bin'];
    const nowSec = Date.now() / 1000;
    // Act: three objects, and the first one's notification delivered twice.
    const out = await handler({
      Records: [...keys.map((k, i) => s3Record(`m${i}`, k, `"etag-${i}"`)), s3Record('m-dup', keys[0]!, '"etag-0"')],
    });
    const scan = await rawDynamo(emu).send(new ScanCommand({ TableName: table }));
    const markers = (scan.Items ?? [])
      .map((i) => unmarshall(i))
      .filter((i) => keys.includes((i.data as { key?: string } | undefined)?.key ?? ''));
    // Assess
    expect(out.batchItemFailures).toEqual([]);
    expect(markers).toHaveLength(keys.length);
    for (const marker of markers) {
      const expiresAt = marker[ttlAttribute] as unknown;
      expect(typeof expiresAt).toBe('number');
      expect(expiresAt as number).toBeGreaterThan(nowSec + DAY_SEC);
      expect(expiresAt as number).toBeLessThan(nowSec + 60 * DAY_SEC);
    }
    expect(new Set(markers.map((m) => m.pk)).size).toBe(keys.length);
  });
});
