import type { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EventBridgePublisher, objectCreatedFromS3Notification, type AwsPlatformOptions } from '../../adapters/aws';
import type { PlatformEvent } from '../../core/ports/events';

const record = (eventName: string, key: string, extra: Record<string, unknown> = {}) => ({
  eventSource: 'aws:s3',
  eventName,
  s3: { bucket: { name: 'b' }, object: { key, size: 42, eTag: '"abc"', ...extra } },
});

describe('objectCreatedFromS3Notification', () => {
  it.each([
    {
      name: 'a PUT',
      records: [record('ObjectCreated:Put', 'videos/v1/source')],
      want: [{ type: 'ObjectCreated', key: 'videos/v1/source', bytes: 42, etag: '"abc"' }],
    },
    {
      name: 'a completed multipart upload',
      records: [record('ObjectCreated:CompleteMultipartUpload', 'videos/v2/source')],
      want: [{ type: 'ObjectCreated', key: 'videos/v2/source', bytes: 42, etag: '"abc"' }],
    },
    {
      name: 'a URL-encoded key (+ is a space)',
      records: [record('ObjectCreated:Put', 'videos/a+b%2Bc/source')],
      want: [{ type: 'ObjectCreated', key: 'videos/a b+c/source', bytes: 42, etag: '"abc"' }],
    },
    { name: 'a delete (ignored)', records: [record('ObjectRemoved:Delete', 'videos/v1/source')], want: [] },
  ])('maps $name', ({ records, want }) => {
    expect(objectCreatedFromS3Notification({ Records: records })).toEqual(want);
  });

  it('ignores the test event S3 sends when the notification is configured', () => {
    expect(objectCreatedFromS3Notification({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' })).toEqual([]);
  });

  it.each([
    { name: 'not an S3 notification', body: { hello: 'world' } },
    {
      name: 'a record without its object',
      body: { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' } } }] },
    },
    { name: 'a record from another service', body: { Records: [{ ...record('ObjectCreated:Put', 'k'), eventSource: 'aws:sqs' }] } },
  ])('rejects $name (the record then fails alone and is retried / dead-lettered)', ({ body }) => {
    expect(() => objectCreatedFromS3Notification(body)).toThrow();
  });
});

describe('EventBridgePublisher', () => {
  const event: PlatformEvent = {
    id: 'VideoAnalyzed:v1',
    type: 'VideoAnalyzed',
    time: '2024-05-01T12:00:00.000Z',
    tenantId: 'acme',
    videoId: 'v1',
    detail: { chunks: 3 },
  };
  const fakeClient = (reply: unknown) => {
    const sent: PutEventsCommand[] = [];
    const client = { send: async (cmd: PutEventsCommand) => (sent.push(cmd), reply) } as unknown as NonNullable<
      AwsPlatformOptions['events']
    >;
    return { client, sent };
  };

  it('puts the event on the bus with source lvu, its type as detail-type, and the whole event as detail', async () => {
    const { client, sent } = fakeClient({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    await new EventBridgePublisher(client, 'lvu-prod').publish(event);
    expect(sent[0]?.input.Entries).toEqual([
      {
        EventBusName: 'lvu-prod',
        Source: 'lvu',
        DetailType: 'VideoAnalyzed',
        Time: new Date(event.time),
        Resources: [],
        Detail: JSON.stringify(event),
      },
    ]);
  });

  it('throws when EventBridge rejects the entry, so the caller retries instead of losing it', async () => {
    const { client } = fakeClient({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] });
    await expect(new EventBridgePublisher(client, 'lvu-prod').publish(event)).rejects.toThrow(/ThrottlingException/);
  });
});
