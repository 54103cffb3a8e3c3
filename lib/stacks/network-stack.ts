import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { StageVpc } from '../constructs/network/stage-vpc';
import { PlatformStack } from './platform-stack';

/** Stateful: the VPC every other stack of the stage lives in. */
export class NetworkStack extends PlatformStack {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'network', { config, stateful: true, description: `${config.stage}: VPC, subnets, NAT, flow logs` });
    this.vpc = new StageVpc(this, 'Network', { network: config.network, retainDataSubnets: config.database.removal === 'retain' }).vpc;
  }
}
