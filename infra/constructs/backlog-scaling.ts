import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** How a worker service follows its queue. */
export interface BacklogScalingProps {
  queue: sqs.IQueue;
  /** Messages one task should have waiting or in flight before another task starts. */
  backlogPerTask: number;
  maxTasks: number;
}

/**
 * Step bands for "tasks = ceil(backlog / backlogPerTask)", capped at `maxTasks`, as exact
 * capacities: backlog 0 → 0 tasks (scale to zero), 1..B → 1, B+1..2B → 2, … Backlog is an
 * integer, so the band for k tasks starts at (k-1)·B + 1.
 *
 * @example backlogSteps(4, 3) // [{upper:1,change:0},{lower:1,change:1},{lower:5,change:2},{lower:9,change:3}]
 */
export function backlogSteps(backlogPerTask: number, maxTasks: number): appscaling.ScalingInterval[] {
  const steps: appscaling.ScalingInterval[] = [{ upper: 1, change: 0 }];
  for (let k = 1; k <= maxTasks; k += 1) steps.push({ lower: (k - 1) * backlogPerTask + 1, change: k });
  return steps;
}

/**
 * The backlog metric: visible + in-flight messages (in-flight ones are being worked on, so
 * a service never scales in under a running task's feet), 1-minute maximum.
 */
export function backlogMetric(queue: sqs.IQueue): cloudwatch.MathExpression {
  const period = Duration.minutes(1);
  return new cloudwatch.MathExpression({
    label: 'backlog',
    expression: 'visible + inflight',
    usingMetrics: {
      visible: queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      inflight: queue.metricApproximateNumberOfMessagesNotVisible({ period, statistic: 'Maximum' }),
    },
    period,
  });
}

/**
 * Scales an ECS service between 0 and `maxTasks` on its queue's backlog per task, with
 * step scaling to exact capacities (target tracking cannot leave zero: it multiplies the
 * current capacity). Returns the scalable target for further policies.
 */
export function scaleOnBacklog(service: ecs.BaseService, props: BacklogScalingProps): ecs.ScalableTaskCount {
  const scaling = service.autoScaleTaskCount({ minCapacity: 0, maxCapacity: props.maxTasks });
  scaling.scaleOnMetric('Backlog', {
    metric: backlogMetric(props.queue),
    scalingSteps: backlogSteps(props.backlogPerTask, props.maxTasks),
    adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
    cooldown: Duration.minutes(1),
    evaluationPeriods: 1,
  });
  return scaling;
}
