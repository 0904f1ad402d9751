import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LvuConfig } from '../config';
import { scaleOnBacklog } from '../constructs/backlog-scaling';
import { GpuCapacity } from '../constructs/gpu-capacity';
import { workerImage } from '../constructs/worker-image';
import { grantArtifacts } from '../grants';
import { runtimeEnvironment, type RuntimeResources } from '../runtime-env';
import { acknowledge } from '../nag';

/**
 * ECS gives a stopping task this long between SIGTERM and SIGKILL (the maximum); the
 * worker uses it to release its message (visibility 0) and delete scratch files.
 */
const STOP_TIMEOUT = Duration.seconds(120);

/**
 * The worker pools: one ECS cluster; the GPU pool on an EC2 GPU capacity provider, the
 * CPU pool (merge, transformer) on Fargate; both the same image, both scaled from zero on
 * their queue's backlog per task.
 */
export class WorkersStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly gpuService: ecs.Ec2Service;
  readonly cpuService: ecs.FargateService;

  constructor(scope: Construct, id: string, props: StackProps & RuntimeResources & { config: LvuConfig }) {
    super(scope, id, props);
    const { config } = props;
    const vpc = this.createVpc(config);
    const subnets: ec2.SubnetSelection = { subnetType: config.network.natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC };
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      clusterName: `lvu-${config.stage}`,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.cluster.enableFargateCapacityProviders();
    const gpu = new GpuCapacity(this, 'Gpu', { cluster: this.cluster, vpc, subnets, ...config.gpu });
    const image = workerImage(this, config.workerImageUri);
    const environment = runtimeEnvironment(config, props);
    const logGroup = new logs.LogGroup(this, 'WorkerLogs', { retention: config.logRetentionDays as logs.RetentionDays });
    const assignPublicIp = config.network.natGateways === 0;

    const gpuTask = new ecs.Ec2TaskDefinition(this, 'GpuTask', { networkMode: ecs.NetworkMode.AWS_VPC });
    gpuTask.addContainer('worker', {
      image,
      memoryLimitMiB: config.gpu.memoryMiB,
      cpu: config.gpu.cpu,
      gpuCount: 1,
      environment: { ...environment, AWS_REGION: this.region, LVU_WORKER_POOL: 'gpu', LVU_EXECUTION_PROVIDER: 'cuda' },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'gpu' }),
      stopTimeout: STOP_TIMEOUT,
    });
    this.gpuService = new ecs.Ec2Service(this, 'GpuService', {
      cluster: this.cluster,
      taskDefinition: gpuTask,
      desiredCount: 0,
      vpcSubnets: subnets,
      capacityProviderStrategies: [{ capacityProvider: gpu.capacityProvider.capacityProviderName, weight: 1 }],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 0,
    });
    scaleOnBacklog(this.gpuService, { queue: props.gpuTasks.queue, ...config.gpu });

    const cpuTask = new ecs.FargateTaskDefinition(this, 'CpuTask', {
      cpu: config.cpu.cpu,
      memoryLimitMiB: config.cpu.memoryMiB,
      ephemeralStorageGiB: 50,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    cpuTask.addContainer('worker', {
      image,
      environment: { ...environment, AWS_REGION: this.region, LVU_WORKER_POOL: 'cpu', LVU_EXECUTION_PROVIDER: 'cpu' },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'cpu' }),
      stopTimeout: STOP_TIMEOUT,
    });
    this.cpuService = new ecs.FargateService(this, 'CpuService', {
      cluster: this.cluster,
      taskDefinition: cpuTask,
      desiredCount: 0,
      vpcSubnets: subnets,
      assignPublicIp,
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 0,
    });
    scaleOnBacklog(this.cpuService, { queue: props.cpuTasks.queue, ...config.cpu });
    this.grant(props, config.stage, [gpuTask, cpuTask]);
    this.suppress([gpuTask, cpuTask]);
  }

  /** VPC with flow logs; S3 and DynamoDB gateway endpoints keep video bytes off the NAT. */
  private createVpc(config: LvuConfig): ec2.Vpc {
    const nat = config.network.natGateways;
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: config.network.maxAzs,
      natGateways: nat,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 22 },
        ...(nat > 0 ? [{ name: 'workers', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 }] : []),
      ],
      gatewayEndpoints: {
        s3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        dynamodb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', { retention: config.logRetentionDays as logs.RetentionDays }),
      ),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    return vpc;
  }

  /** Workers read sources and write artifacts, update records, take and hand on tasks, publish events. */
  private grant(r: RuntimeResources, stage: string, tasks: ecs.TaskDefinition[]): void {
    for (const task of tasks) {
      const role = task.taskRole;
      grantArtifacts(role, stage, ['read', 'write']);
      r.table.grantReadWriteData(role);
      for (const q of [r.gpuTasks, r.cpuTasks]) {
        q.queue.grantConsumeMessages(role);
        q.queue.grantSendMessages(role);
      }
      r.bus.grantPutEventsTo(role);
    }
  }

  private suppress(tasks: ecs.TaskDefinition[]): void {
    for (const task of tasks) {
      acknowledge(task, {
        id: 'AwsSolutions-ECS2',
        reason: 'Environment values are resource names, URLs and settings, not secrets; access comes from the task role.',
      });
      if (task.executionRole) {
        acknowledge(task.executionRole, {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'Execution role: ecr:GetAuthorizationToken (to pull the worker image) has no resource-level permissions.',
        });
      }
    }
  }
}
