import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { LvuConfig } from './config';
import type { QueueWithDlq } from './constructs/queue-with-dlq';

/** The resources whose names and URLs the runtime needs. */
export interface RuntimeResources {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  gpuTasks: QueueWithDlq;
  cpuTasks: QueueWithDlq;
  bus: events.IEventBus;
}

/**
 * Environment of every Lambda and worker container. The names are the contract with
 * `adapters/aws/env.ts` (`awsEnvSchema`), which parses them with zod at start-up; a test
 * checks that the synthesized values satisfy that schema.
 */
export function runtimeEnvironment(config: LvuConfig, r: RuntimeResources): Record<string, string> {
  return {
    LVU_STAGE: config.stage,
    LVU_STORAGE: 'aws',
    LVU_BUCKET: r.bucket.bucketName,
    LVU_TABLE: r.table.tableName,
    LVU_GPU_QUEUE_URL: r.gpuTasks.queue.queueUrl,
    LVU_GPU_DLQ_URL: r.gpuTasks.deadLetterQueue.queueUrl,
    LVU_CPU_QUEUE_URL: r.cpuTasks.queue.queueUrl,
    LVU_CPU_DLQ_URL: r.cpuTasks.deadLetterQueue.queueUrl,
    LVU_EVENT_BUS: r.bus.eventBusName,
  };
}
