import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NetworkConfig } from '../../config/types';

export interface StageVpcProps {
  readonly network: NetworkConfig;
  /**
   * Keep the VPC and its isolated subnets when the stack is deleted or they are replaced: set
   * where the database is retained, since a retained database still lives in those subnets.
   * @default false
   */
  readonly retainDataSubnets?: boolean;
}

/**
 * The stage's VPC over its explicit AZs: public subnets for the load balancer and NAT,
 * private subnets with egress for tasks and functions, isolated subnets for the database and cache.
 * NAT is a managed gateway per AZ (prod) or one small ARM NAT instance (dev), from config.
 */
export class StageVpc extends Construct {
  readonly vpc: ec2.Vpc;
  /** The NAT instances when the stage uses them (for cost reports and patching). */
  readonly natInstances: ec2.Instance[];

  constructor(scope: Construct, id: string, props: StageVpcProps) {
    super(scope, id);
    const { nat } = props.network;
    const natInstanceProvider =
      nat.provider === 'instance'
        ? ec2.NatProvider.instanceV2({
            instanceType: new ec2.InstanceType(nat.instanceType),
            machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
            defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
            // The public subnets do not hand out public IPs; the NAT instance is the one thing that needs one.
            associatePublicIpAddress: true,
          })
        : undefined;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.network.cidr),
      availabilityZones: [...props.network.availabilityZones],
      natGateways: nat.count,
      natGatewayProvider: natInstanceProvider ?? ec2.NatProvider.gateway(),
      subnetConfiguration: [
        // Only the ALB, NAT gateways (Elastic IPs) and NAT instance live here, and each gets its address its own way.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    for (const subnet of this.vpc.publicSubnets) {
      Validations.of(subnet.node.findChild('DefaultRoute')).acknowledge({
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason:
          'The public subnets hold only the internet-facing ALB and the NAT; their route to the internet gateway is what makes them public. Tasks, functions and data sit in private and isolated subnets.',
      });
    }

    if (props.retainDataSubnets) {
      for (const resource of [this.vpc, ...this.vpc.isolatedSubnets]) resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    // A NAT instance only forwards traffic that starts inside the VPC.
    if (natInstanceProvider) {
      natInstanceProvider.connections.allowFrom(
        ec2.Peer.ipv4(props.network.cidr),
        ec2.Port.allTraffic(),
        'Traffic from the VPC to the internet',
      );
      Validations.of(natInstanceProvider.securityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'The NAT instance accepts traffic only from the VPC CIDR; the rule is a literal private CIDR, not 0.0.0.0/0.',
      });
      Validations.of(natInstanceProvider.securityGroup).acknowledge({
        id: 'NIST.800.53.R5-EC2RestrictedCommonPorts',
        reason:
          "A NAT instance must forward every port the VPC's workloads use outbound; it accepts traffic only from the VPC CIDR, never from the internet.",
      });
    }
    this.natInstances = natInstanceProvider?.gatewayInstances ?? [];
    for (const instance of this.natInstances) hardenNatInstance(instance);

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.network.flowLogRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }
}

/** Encrypts the NAT instance's root volume, requires IMDSv2; records why the other EC2 checks do not fit a NAT instance. */
function hardenNatInstance(instance: ec2.Instance): void {
  const cfn = instance.node.defaultChild as ec2.CfnInstance;
  cfn.blockDeviceMappings = [
    { deviceName: '/dev/xvda', ebs: { encrypted: true, volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true } },
  ];
  cfn.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 };
  Validations.of(instance).acknowledge({
    id: 'AwsSolutions-EC28',
    reason:
      'A NAT instance is chosen to save cost in small stages; detailed monitoring would cost more than the instance, and 5-minute metrics suffice to watch it.',
  });
  Validations.of(instance).acknowledge({
    id: 'AwsSolutions-EC29',
    reason:
      'The NAT instance holds no data and is replaced by CloudFormation on changes; termination protection would block those updates.',
  });
  Validations.of(instance).acknowledge(
    {
      id: 'NIST.800.53.R5-EC2InstanceNoPublicIp',
      reason:
        "A NAT instance forwards the VPC's outbound traffic to the internet, which needs a public IP; its security group admits only the VPC CIDR.",
    },
    {
      id: 'NIST.800.53.R5-EC2InstancesInVPC',
      reason:
        'The instance is in the VPC: its public subnet is set on its network interface (needed to ask for a public IP), where the rule does not look.',
    },
  );
}
