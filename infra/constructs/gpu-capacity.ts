import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** GPU pool sizing. */
export interface GpuCapacityProps {
  cluster: ecs.Cluster;
  vpc: ec2.IVpc;
  subnets: ec2.SubnetSelection;
  instanceType: string;
  maxInstances: number;
  spot: boolean;
}

/** Scratch space for decoded chunks and the image layers (the CUDA base image is large). */
const ROOT_VOLUME_GIB = 100;

/**
 * EC2 GPU capacity for ECS: a launch template (ECS-optimized GPU AMI, IMDSv2 only with a
 * hop limit of 1, encrypted gp3 root volume) behind an Auto
 * Scaling group of 0..maxInstances, registered as a capacity provider with managed scaling
 * (instances start when GPU tasks are pending and stop when idle), managed termination
 * protection and managed draining (an instance is drained of tasks before it goes).
 */
export class GpuCapacity extends Construct {
  readonly capacityProvider: ecs.AsgCapacityProvider;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  constructor(scope: Construct, id: string, props: GpuCapacityProps) {
    super(scope, id);
    const role = new iam.Role(this, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const securityGroup = new ec2.SecurityGroup(this, 'InstanceSg', {
      vpc: props.vpc,
      description: 'lvu GPU workers: no inbound, HTTPS out',
      allowAllOutbound: true,
    });
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config');
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
      instanceType: new ec2.InstanceType(props.instanceType),
      role,
      securityGroup,
      userData,
      requireImdsv2: true,
      // IMDSv2 tokens cannot cross the Docker bridge hop: containers (which have their own
      // task role) never see the instance role's credentials.
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(ROOT_VOLUME_GIB, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
      spotOptions: props.spot ? {} : undefined,
    });
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Asg', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      launchTemplate,
      minCapacity: 0,
      maxCapacity: props.maxInstances,
      // Managed termination protection needs new instances protected from scale-in.
      newInstancesProtectedFromScaleIn: true,
      defaultInstanceWarmup: Duration.minutes(3),
    });
    this.capacityProvider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
      autoScalingGroup: this.autoScalingGroup,
      enableManagedScaling: true,
      targetCapacityPercent: 100,
      enableManagedTerminationProtection: true,
      enableManagedDraining: true,
    });
    props.cluster.addAsgCapacityProvider(this.capacityProvider);
    this.suppress(role);
  }

  private suppress(role: iam.Role): void {
    acknowledge(this.autoScalingGroup, {
      id: 'AwsSolutions-AS3',
      reason: 'Scaling is driven by the ECS capacity provider; scaling-event notifications would only duplicate ECS events.',
    });
    const agent = 'ECS container agent permissions added by aws-cdk-lib (AmazonEC2ContainerServiceforEC2Role equivalent)';
    acknowledge(
      role,
      { id: 'AwsSolutions-IAM5[Action::ecs:Submit*]', reason: `${agent}: the agent reports task and container state changes.` },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${agent}: ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken have no resource-level permissions.`,
      },
    );
  }
}
