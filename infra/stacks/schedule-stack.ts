import { type CfnElement, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';
import { LvuFunction } from '../constructs/lvu-function';
import { grantArtifacts } from '../grants';
import { bucketArnFor } from '../naming';
import { runtimeEnvironment, type RuntimeResources } from '../runtime-env';
import { acknowledge } from '../nag';

/**
 * EventBridge Scheduler → `schedule` Lambda: batch analysis (re-answer videos whose answers
 * come from an older model, run saved recurring queries), sweeps of stuck jobs and expiry
 * of abandoned uploads. Each invocation does bounded work and resumes from a cursor, so a
 * failed run is retried by Scheduler (retry policy) and then parked in a DLQ.
 */
export class ScheduleStack extends Stack {
  readonly scheduleFunction: LvuFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: StackProps & RuntimeResources & { config: LvuConfig }) {
    super(scope, id, props);
    const { config } = props;
    this.scheduleFunction = new LvuFunction(this, 'Schedule', {
      entry: config.functions.schedule,
      description: 'lvu scheduled batch analysis and sweeps',
      environment: runtimeEnvironment(config, props),
      logRetentionDays: config.logRetentionDays as logs.RetentionDays,
      timeout: Duration.minutes(5),
      // One run at a time: runs resume from a shared cursor.
      reservedConcurrency: 1,
    });
    this.grant(props, config.stage);
    const deadLetterQueue = new sqs.Queue(this, 'ScheduleDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(deadLetterQueue, { id: 'AwsSolutions-SQS3', reason: 'This queue is the dead-letter queue of the Scheduler target.' });
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    acknowledge(schedulerRole, {
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.scheduleFunction.fn.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'aws-cdk-lib grants invoke on the schedule function and its versions/aliases (ARN:*); no other function.',
    });
    this.schedule = new scheduler.Schedule(this, 'BatchSchedule', {
      description: `lvu ${config.stage} batch analysis and sweeps`,
      schedule: scheduleExpression(config.schedule.expression),
      target: new LambdaInvoke(this.scheduleFunction.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'lvu.scheduler', task: 'batch' }),
        retryAttempts: config.schedule.retryAttempts,
        maxEventAge: Duration.minutes(config.schedule.maxEventAgeMinutes),
        deadLetterQueue,
        role: schedulerRole,
      }),
      timeWindow: scheduler.TimeWindow.flexible(Duration.minutes(5)),
    });
  }

  private grant(r: RuntimeResources, stage: string): void {
    const fn = this.scheduleFunction.fn;
    r.table.grantReadWriteData(fn);
    // Expiring abandoned uploads means deleting sources and aborting multipart uploads.
    grantArtifacts(fn.role!, stage, ['read', 'write', 'delete']);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucketMultipartUploads'], resources: [bucketArnFor(stage)] }));
    r.gpuTasks.queue.grantSendMessages(fn);
    r.cpuTasks.queue.grantSendMessages(fn);
    r.bus.grantPutEventsTo(fn);
  }
}

/** `rate(15 minutes)` / `cron(0 3 * * ? *)` → Scheduler expression (cron in UTC). */
function scheduleExpression(expression: string): scheduler.ScheduleExpression {
  return scheduler.ScheduleExpression.expression(expression, TimeZone.ETC_UTC);
}
