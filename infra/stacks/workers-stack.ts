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
 * worker drains for WORKER_DRAIN_SEC (finish or release its task), leaving time to exit.
 */
const STOP_TIMEOUT = Duration.seconds(120);
const WORKER_DRAIN_SEC = 90;

/** Worker settings shared by both pools (see gpu-workers/config.ts). */
const WORKER_ENV = {
  LVU_DRAIN_SEC: String(WORKER_DRAIN_SEC),
  // SQS long polling at its maximum: fewer empty receives (billed) while idle.
  LVU_WAIT_SEC: '20',
  LVU_VISIBILITY_SEC: '300',
  // Matches the queues' maxReceiveCount (queues-stack.ts).
  LVU_MAX_ATTEMPTS: '3',
};

/** What both pools' containers share. */
interface PoolCommon {
  image: ecs.ContainerImage;
  environment: Record<string, string>;
  logGroup: logs.LogGroup;
}

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
    const subnets: ec2.SubnetSelection = {
      subnetType: config.network.natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC,
    };
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      clusterName: `lvu-${config.stage}`,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.cluster.enableFargateCapacityProviders();
    const pool: PoolCommon = {
      image: workerImage(this, config.workerImageUri),
      environment: { ...runtimeEnvironment(config, props), ...WORKER_ENV, AWS_REGION: this.region },
      logGroup: new logs.LogGroup(this, 'WorkerLogs', { retention: config.logRetentionDays as logs.RetentionDays }),
    };
    const gpu = new GpuCapacity(this, 'Gpu', { cluster: this.cluster, vpc, subnets, ...config.gpu });
    this.gpuService = this.gpuPool(config, pool, gpu);
    scaleOnBacklog(this.gpuService, { queue: props.gpuTasks.queue, ...config.gpu });
    this.cpuService = this.cpuPool(config, pool, subnets);
    scaleOnBacklog(this.cpuService, { queue: props.cpuTasks.queue, ...config.cpu });
    const tasks = [this.gpuService.taskDefinition, this.cpuService.taskDefinition];
    this.grant(props, config.stage, tasks);
    this.suppress(tasks);
  }

  /**
   * GPU tasks on the EC2 capacity provider, one GPU each. Bridge networking: tasks use the
   * instance's network (a public IP when there is no NAT; awsvpc tasks on EC2 get none), and
   * the launch template's IMDS hop limit of 1 keeps containers away from instance credentials.
   */
  private gpuPool(config: LvuConfig, pool: PoolCommon, gpu: GpuCapacity): ecs.Ec2Service {
    const task = new ecs.Ec2TaskDefinition(this, 'GpuTask', { networkMode: ecs.NetworkMode.BRIDGE });
    task.addContainer('worker', {
      image: pool.image,
      memoryLimitMiB: config.gpu.memoryMiB,
      cpu: config.gpu.cpu,
      gpuCount: 1,
      command: ['--queue', 'gpu'],
      environment: { ...pool.environment, LVU_WORKER_POOL: 'gpu', LVU_EXECUTION_PROVIDER: 'cuda' },
      logging: ecs.LogDrivers.awsLogs({ logGroup: pool.logGroup, streamPrefix: 'gpu' }),
      stopTimeout: STOP_TIMEOUT,
    });
    return new ecs.Ec2Service(this, 'GpuService', {
      cluster: this.cluster,
      taskDefinition: task,
      desiredCount: 0,
      capacityProviderStrategies: [{ capacityProvider: gpu.capacityProvider.capacityProviderName, weight: 1 }],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 0,
    });
  }

  /** CPU tasks (probe, merge, transformer) on Fargate; x86_64 because the image is CUDA-based. */
  private cpuPool(config: LvuConfig, pool: PoolCommon, subnets: ec2.SubnetSelection): ecs.FargateService {
    const task = new ecs.FargateTaskDefinition(this, 'CpuTask', {
      cpu: config.cpu.cpu,
      memoryLimitMiB: config.cpu.memoryMiB,
      ephemeralStorageGiB: 50,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    task.addContainer('worker', {
      image: pool.image,
      command: ['--queue', 'cpu'],
      environment: { ...pool.environment, LVU_WORKER_POOL: 'cpu', LVU_EXECUTION_PROVIDER: 'cpu' },
      logging: ecs.LogDrivers.awsLogs({ logGroup: pool.logGroup, streamPrefix: 'cpu' }),
      stopTimeout: STOP_TIMEOUT,
    });
    return new ecs.FargateService(this, 'CpuService', {
      cluster: this.cluster,
      taskDefinition: task,
      desiredCount: 0,
      vpcSubnets: subnets,
      assignPublicIp: config.network.natGateways === 0,
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
      circuitBreaker: { rollback: true },
      minHealthyPercent: 0,
    });
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
