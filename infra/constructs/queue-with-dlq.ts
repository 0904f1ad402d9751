import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** How one task queue behaves. */
export interface QueueWithDlqProps {
  queueName: string;
  /** Longer than the worker's heartbeat period; the worker extends it while it works. */
  visibilityTimeout: Duration;
  /** Deliveries before a message is dead-lettered (a crash loop is cut off here). */
  maxReceiveCount: number;
  alarmTopic: sns.ITopic;
}

/**
 * An SQS queue with its dead-letter queue (14 days retention, so a failure can be
 * inspected and redriven), SQS-managed encryption, TLS-only access, and an alarm that
 * fires as soon as one message lands in the DLQ.
 */
export class QueueWithDlq extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      queueName: `${props.queueName}-dlq`,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(this.deadLetterQueue, { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the task queue.' });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    this.dlqAlarm = new cloudwatch.Alarm(this, 'DlqDepthAlarm', {
      alarmDescription: `Messages in ${props.queueName}-dlq: tasks failed ${props.maxReceiveCount} times`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.dlqAlarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}
