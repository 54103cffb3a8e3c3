import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { DR_COPY_PORT } from '../../../lambda/restore-test/dr/start/contract';

/** The landing zone's address range: clear of the stages' own VPCs (10.10-10.30/16), should they ever be peered. */
export const DR_LANDING_ZONE_CIDR = '10.250.0.0/20';

export interface DrLandingZoneProps {
  readonly stage: string;
  /** Days to keep the VPC's flow logs. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * Where a database is restored in the DR region, built to cost nothing while idle: a VPC with
 * isolated subnets only, over the stack's AZs (config: restoreTest.dr.availabilityZones), without NAT,
 * internet gateway or interface endpoints; a free S3 gateway endpoint; a DB subnet group; a security
 * group for the restored copies and one for the function that checks them. Nothing here is billed
 * by the hour: a VPC, subnets, route tables, security groups, a subnet group and a gateway endpoint
 * cost nothing, and the flow logs only per GB of traffic, of which an idle VPC has none.
 */
export class DrLandingZone extends Construct {
  readonly vpc: ec2.Vpc;
  readonly subnetGroup: rds.SubnetGroup;
  /** Attached to every restored copy: reachable on the database port from the verify function only; no outbound. */
  readonly copySecurityGroup: ec2.SecurityGroup;
  /** The verify function's: out to the copies' database port and to S3 through the gateway endpoint only. */
  readonly verifySecurityGroup: ec2.SecurityGroup;
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: DrLandingZoneProps) {
    super(scope, id);
    const { stage } = props;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(DR_LANDING_ZONE_CIDR),
      availabilityZones: [...Stack.of(this).availabilityZones],
      natGateways: 0,
      createInternetGateway: false,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `${stage} DR restore-test copies (isolated subnets of the DR landing zone)`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.copySecurityGroup = new ec2.SecurityGroup(this, 'CopySecurityGroup', {
      vpc: this.vpc,
      description: `${stage} DR restore-test copies: reachable from the verify function only`,
      allowAllOutbound: false,
    });
    this.verifySecurityGroup = new ec2.SecurityGroup(this, 'VerifySecurityGroup', {
      vpc: this.vpc,
      description: `${stage} DR restore-test verify function: to the copies and to S3 (gateway endpoint) only`,
      allowAllOutbound: false,
    });
    const port = ec2.Port.tcp(DR_COPY_PORT);
    this.copySecurityGroup.addIngressRule(this.verifySecurityGroup, port, 'DR restore-test verification');
    this.verifySecurityGroup.addEgressRule(this.copySecurityGroup, port, 'DR restore-test verification');
    // The VPC routes nothing but the S3 prefix list (to the gateway endpoint): 443 "anywhere" reaches S3 in this region and nothing else.
    this.verifySecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'S3 through the gateway endpoint, the only route out');
  }
}
