import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV, TIME_BUDGET } from '../../../lambda/drill/db-probe/contract';
import { acknowledgeLambdaBasicExecution, acknowledgeLambdaVpcAccess } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';

export interface DatabaseProbeProps {
  readonly stage: string;
  readonly vpc: ec2.IVpc;
  /** The database's generated secret (host, port, username, password). */
  readonly secret: secretsmanager.ISecret;
  /** @default 5432 */
  readonly port?: number;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The drills' database probe: a function in the VPC that writes and reads a row in
 * `platform_drill.heartbeat` over TLS. Its security group is public so the stack that owns the
 * database can allow the port from it (an ingress rule created there, not here, avoids a stack cycle).
 */
export class DatabaseProbe extends Construct {
  readonly function: PlatformFunction;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProbeProps) {
    super(scope, id);
    const port = props.port ?? 5432;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.stage} drill database probe: PostgreSQL in the VPC, Secrets Manager over HTTPS`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(port), 'PostgreSQL inside the VPC');
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager (through NAT or an interface endpoint)');

    this.function = new PlatformFunction(this, 'Probe', {
      stage: props.stage,
      handlerDir: 'drill/db-probe',
      description: `Drill probe: writes and reads a heartbeat row on the ${props.stage} database primary`,
      environment: {
        [ENV.SECRET_ARN]: props.secret.secretArn,
        // The heartbeat stays out of the application's database and its row counts.
        [ENV.DATABASE]: 'postgres',
        // Node 20+ runtimes load the RDS CA roots only when told to.
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      },
      timeBudget: TIME_BUDGET,
      logRetention: props.logRetention,
      vpc: props.vpc,
      securityGroups: [this.securityGroup],
    });
    props.secret.grantRead(this.function);
    acknowledgeLambdaBasicExecution(this.function);
    acknowledgeLambdaVpcAccess(this.function);
  }
}
