import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';
import { QueueWithDlq } from '../constructs/queue-with-dlq';
import { bucketArnFor } from '../naming';

/** Retries before a task is dead-lettered: a GPU chunk that crashes a worker 3× is poison. */
const GPU_MAX_RECEIVES = 3;
const CPU_MAX_RECEIVES = 3;
/** S3 events are cheap to retry; transient DynamoDB throttling should not dead-letter them. */
const INGEST_MAX_RECEIVES = 5;
/** AWS's advice for Lambda consumers: visibility ≥ 6 × the function timeout (60 s). */
const INGEST_VISIBILITY = Duration.minutes(6);
/** Workers heartbeat (extend visibility) every ~1/3 of this while a task runs. */
const WORKER_VISIBILITY = Duration.minutes(5);

/**
 * The three task queues (ingest, gpu-tasks, cpu-tasks), each with a DLQ and a DLQ-depth
 * alarm published to an encrypted SNS topic.
 */
export class QueuesStack extends Stack {
  readonly ingest: sqs.Queue;
  readonly gpuTasks: QueueWithDlq;
  readonly cpuTasks: QueueWithDlq;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StackProps & { config: LvuConfig }) {
    super(scope, id, props);
    const { stage } = props.config;
    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `lvu ${stage} alarms`,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    if (props.config.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail));
    const common = { alarmTopic: this.alarmTopic };
    const ingest = new QueueWithDlq(this, 'Ingest', {
      ...common,
      queueName: `lvu-${stage}-ingest`,
      visibilityTimeout: INGEST_VISIBILITY,
      maxReceiveCount: INGEST_MAX_RECEIVES,
    });
    this.ingest = ingest.queue;
    this.gpuTasks = new QueueWithDlq(this, 'GpuTasks', {
      ...common,
      queueName: `lvu-${stage}-gpu-tasks`,
      visibilityTimeout: WORKER_VISIBILITY,
      maxReceiveCount: GPU_MAX_RECEIVES,
    });
    this.cpuTasks = new QueueWithDlq(this, 'CpuTasks', {
      ...common,
      queueName: `lvu-${stage}-cpu-tasks`,
      visibilityTimeout: WORKER_VISIBILITY,
      maxReceiveCount: CPU_MAX_RECEIVES,
    });
    this.allowBucketNotifications(stage);
  }

  /** Lets S3 (only our bucket, only this account) send ObjectCreated events to the ingest queue. */
  private allowBucketNotifications(stage: string): void {
    this.ingest.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBucketObjectCreated',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.ingest.queueArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': bucketArnFor(stage) },
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        },
      }),
    );
  }
}
