import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { backlogSteps } from '../../infra/constructs/backlog-scaling';
import { buildTestApp, templatesOf, useDefaultTemplates } from './synth';

describe('compute stacks (API, workers, schedule)', () => {
  const app = useDefaultTemplates();

  describe('API', () => {
    it('serves an HTTP API (v2) whose $default stage is throttled and writes access logs', () => {
      app.t.api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'lvu-dev' });
      app.t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
      });
    });

    it('runs the api and ingest functions on the latest Node runtime, arm64, with their environment', () => {
      const fns = app.t.api.findResources('AWS::Lambda::Function', {
        Properties: {
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Environment: { Variables: Match.objectLike({ LVU_STORAGE: 'aws' }) },
        },
      });
      expect(Object.keys(fns)).toHaveLength(2);
    });

    it('consumes the ingest queue in batches with partial batch failure reporting', () => {
      app.t.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });
  });

  describe('workers', () => {
    it('starts GPU instances from a launch template (never a launch configuration), 0 to max', () => {
      app.t.workers.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        MinSize: '0',
        MaxSize: '2',
        LaunchTemplate: { LaunchTemplateId: Match.anyValue(), Version: Match.anyValue() },
        NewInstancesProtectedFromScaleIn: true,
      });
      app.t.workers.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
      app.t.workers.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          InstanceType: 'g5.xlarge',
          ImageId: { Ref: Match.stringLikeRegexp('amazonlinux2023gpu') },
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
        }),
      });
    });

    it('registers the GPU group as a capacity provider with managed scaling, protection and draining', () => {
      app.t.workers.hasResourceProperties('AWS::ECS::CapacityProvider', {
        AutoScalingGroupProvider: {
          AutoScalingGroupArn: Match.anyValue(),
          ManagedScaling: Match.objectLike({ Status: 'ENABLED', TargetCapacity: 100 }),
          ManagedTerminationProtection: 'ENABLED',
          ManagedDraining: 'ENABLED',
        },
      });
    });

    it('runs the GPU pool with one GPU per task on that capacity provider, starting at zero', () => {
      app.t.workers.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RequiresCompatibilities: ['EC2'],
        NetworkMode: 'bridge',
        ContainerDefinitions: [
          Match.objectLike({
            ResourceRequirements: [{ Type: 'GPU', Value: '1' }],
            StopTimeout: 120,
            Command: ['--queue', 'gpu'],
            Environment: Match.arrayWith([{ Name: 'LVU_EXECUTION_PROVIDER', Value: 'cuda' }]),
          }),
        ],
      });
      app.t.workers.hasResourceProperties('AWS::ECS::Service', {
        DesiredCount: 0,
        CapacityProviderStrategy: [{ CapacityProvider: Match.anyValue(), Weight: 1 }],
      });
    });

    it('runs the CPU pool on Fargate with the same SIGTERM grace period', () => {
      app.t.workers.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: [
          Match.objectLike({
            StopTimeout: 120,
            Command: ['--queue', 'cpu'],
            // The worker's drain must end before ECS's SIGKILL.
            Environment: Match.arrayWith([
              { Name: 'LVU_DRAIN_SEC', Value: '90' },
              { Name: 'LVU_WORKER_POOL', Value: 'cpu' },
            ]),
          }),
        ],
      });
      app.t.workers.hasResourceProperties('AWS::ECS::Service', {
        DesiredCount: 0,
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      });
    });

    it('scales both services between 0 and max on backlog (visible + in flight) with exact capacities', () => {
      const targets = app.t.workers.findResources('AWS::ApplicationAutoScaling::ScalableTarget', { Properties: { MinCapacity: 0 } });
      expect(Object.keys(targets)).toHaveLength(2);
      const policies = app.t.workers.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', {
        Properties: { StepScalingPolicyConfiguration: { AdjustmentType: 'ExactCapacity' } },
      });
      expect(Object.keys(policies)).toHaveLength(4); // lower + upper per service
      app.t.workers.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'visible + inflight' }),
          Match.objectLike({
            Id: 'visible',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ApproximateNumberOfMessagesVisible' }) }),
          }),
          Match.objectLike({
            Id: 'inflight',
            MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ApproximateNumberOfMessagesNotVisible' }) }),
          }),
        ]),
      });
    });

    it('keeps video bytes off the NAT through S3 and DynamoDB gateway endpoints, and logs rejected flows', () => {
      const endpoints = app.t.workers.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } });
      expect(Object.keys(endpoints)).toHaveLength(2);
      app.t.workers.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
    });

    it('puts workers in public subnets with public IPs when no NAT gateway is configured', () => {
      const variant = buildTestApp({ network: { natGateways: 0 } });
      const workers = templatesOf(variant.stacks).workers;
      variant.dispose();
      workers.resourceCountIs('AWS::EC2::NatGateway', 0);
      workers.hasResourceProperties('AWS::ECS::Service', {
        NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) },
      });
    });
  });

  describe('schedule', () => {
    it('invokes the schedule function from EventBridge Scheduler with a retry policy and a DLQ', () => {
      app.t.schedule.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(15 minutes)',
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleFunction'), 'Arn'] },
          RoleArn: Match.anyValue(),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
          Input: JSON.stringify({ source: 'lvu.scheduler', task: 'batch' }),
        },
      });
    });

    it('runs one batch at a time (reserved concurrency 1)', () => {
      app.t.schedule.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Timeout: 300 });
    });
  });
});

describe('backlogSteps', () => {
  it.each([
    {
      name: 'one task per 4 messages, up to 2',
      b: 4,
      max: 2,
      want: [
        { upper: 1, change: 0 },
        { lower: 1, change: 1 },
        { lower: 5, change: 2 },
      ],
    },
    {
      name: 'one task per message, up to 1',
      b: 1,
      max: 1,
      want: [
        { upper: 1, change: 0 },
        { lower: 1, change: 1 },
      ],
    },
    {
      name: 'one task per 10, up to 3',
      b: 10,
      max: 3,
      want: [
        { upper: 1, change: 0 },
        { lower: 1, change: 1 },
        { lower: 11, change: 2 },
        { lower: 21, change: 3 },
      ],
    },
  ])('gives ceil(backlog / B) tasks: $name', ({ b, max, want }) => {
    expect(backlogSteps(b, max)).toEqual(want);
  });
});
