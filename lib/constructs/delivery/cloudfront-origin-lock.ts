import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { cloudFrontPrefixListId } from './cloudfront-prefix-lists';

/** Header CloudFront adds to every origin request; the ALB forwards only requests that carry the secret value. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/**
 * ALB listener condition matching the secret origin header. The value is a Secrets Manager dynamic
 * reference, resolved by CloudFormation at deploy time, so the template never holds it. Use it on an
 * ECS blue/green production listener rule too.
 */
export function originVerifyCondition(originSecret: secretsmanager.ISecret): elbv2.ListenerCondition {
  return elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, [originSecret.secretValue.unsafeUnwrap()]);
}

export interface CloudFrontOnlyIngressProps {
  /** The ALB's security group. It must not also be open to the internet: create the ALB listener with `open: false`. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** The HTTPS listener; its default action becomes 403 for requests without the header. */
  readonly listener: elbv2.ApplicationListener;
  /** The secret the CDN sends as the origin header (Cdn.originSecret). */
  readonly originSecret: secretsmanager.ISecret;
  /** What requests carrying the header get, e.g. `ListenerAction.forward([apiTargetGroup])`. */
  readonly action: elbv2.ListenerAction;
  /** Priority of the listener rule that checks the header. @default 10 */
  readonly priority?: number;
  /** ID of the region's CloudFront origin-facing prefix list. @default from CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS for the stack's region */
  readonly prefixListId?: string;
  /** @default 443 */
  readonly port?: number;
}

export interface CloudFrontOnlyIngress {
  readonly ingress: ec2.CfnSecurityGroupIngress;
  readonly rule: elbv2.ApplicationListenerRule;
}

/**
 * Only CloudFront may reach the ALB: the security group admits the port from CloudFront's
 * origin-facing prefix list alone, and the listener forwards only requests with the secret origin
 * header (the prefix list admits every CloudFront distribution, not just ours). Call it from the
 * stack that owns the listener; the ingress rule is created in `scope`, so no cross-stack cycle arises.
 */
export function restrictAlbToCloudFront(scope: Construct, id: string, props: CloudFrontOnlyIngressProps): CloudFrontOnlyIngress {
  const port = props.port ?? 443;
  const prefixListId = cloudFrontPrefixListId(Stack.of(scope).region, props.prefixListId);
  const ingress = new ec2.CfnSecurityGroupIngress(scope, `${id}Ingress`, {
    groupId: props.securityGroup.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    sourcePrefixListId: prefixListId,
    description: `HTTPS from CloudFront origin-facing servers only (${prefixListId})`,
  });
  props.listener.addAction(`${id}Deny`, {
    action: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' }),
  });
  const rule = new elbv2.ApplicationListenerRule(scope, `${id}Rule`, {
    listener: props.listener,
    priority: props.priority ?? 10,
    conditions: [originVerifyCondition(props.originSecret)],
    action: props.action,
  });
  return { ingress, rule };
}
