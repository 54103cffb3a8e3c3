import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface AllowTcpProps {
  /** The security group that receives the traffic (e.g. the database's). */
  readonly target: ec2.ISecurityGroup;
  /** The security group the traffic comes from (e.g. a service's). */
  readonly source: ec2.ISecurityGroup;
  readonly port: number;
  readonly description: string;
}

/**
 * Adds an ingress rule to `target` from `source`, created in `scope`'s stack.
 * Created in the consuming (stateless) stack on purpose: adding it to a stateful stack's security
 * group from another stack makes the two stacks depend on each other (a cycle).
 */
export function allowTcp(scope: Construct, id: string, props: AllowTcpProps): ec2.CfnSecurityGroupIngress {
  return new ec2.CfnSecurityGroupIngress(scope, id, {
    groupId: props.target.securityGroupId,
    sourceSecurityGroupId: props.source.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    description: props.description,
  });
}
