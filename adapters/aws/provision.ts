import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { WorkQueueOptions } from '../../core/ports/work-queue';
import { SqsWorkQueue } from './sqs-work-queue';

/**
 * Creates resources the CDK stacks create in a deployment, for emulators and dev accounts
 * only (tests, `lvu serve` against fauxqs/dynalite). Production never calls these.
 */

/** Creates a bucket (idempotent). */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
    if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
  });
}

/**
 * Creates `name` and `name-dlq`, with a RedrivePolicy that moves a message to the DLQ after
 * `maxReceiveCount` receives, as the queues stack does; returns the work queue.
 */
export async function ensureQueuePair(
  sqs: SQSClient,
  name: string,
  options: WorkQueueOptions & { visibilitySec?: number },
): Promise<SqsWorkQueue> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqUrl = dlq.QueueUrl ?? '';
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const redrive = { deadLetterTargetArn: attrs.Attributes?.QueueArn, maxReceiveCount: String(options.maxReceiveCount) };
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { RedrivePolicy: JSON.stringify(redrive), VisibilityTimeout: String(options.visibilitySec ?? 30) },
    }),
  );
  return new SqsWorkQueue({ client: sqs, name, url: queue.QueueUrl ?? '' }, { client: sqs, name: `${name}-dlq`, url: dlqUrl });
}

/** Creates the single metadata table (pk/sk strings, on-demand) and waits until ACTIVE. */
export async function ensureMetadataTable(dynamo: DynamoDBClient, tableName: string): Promise<void> {
  await dynamo
    .send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    )
    .catch((err: { name?: string }) => {
      if (err.name !== 'ResourceInUseException') throw err;
    });
  for (let i = 0; i < 100; i += 1) {
    const out = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
