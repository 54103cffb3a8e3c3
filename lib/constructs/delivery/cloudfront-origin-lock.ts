import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeSecretChecks } from '../common/nag';
import { cloudFrontPrefixListId } from './private/cloudfront-prefix-lists';

/** Header CloudFront adds to every origin request; the ALB forwards only requests that carry the secret value. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

const ROTATION_REASON =
  'CloudFront and the ALB read the header value from the template at deploy time; a rotation outside a deploy would lock CloudFront out of the ALB. Rotate by changing the secret and redeploying this stack.';

export interface CloudFrontOriginLockProps {
  /** The ALB's security group. It must not also be open to the internet: create the listener with `open: false`. */
  readonly securityGroup: ec2.ISecurityGroup;
  /**
   * The HTTPS listener CloudFront reaches. Its default action becomes 403 for requests without the
   * header, so create it without one; rules that forward add `condition`.
   */
  readonly listener: elbv2.ApplicationListener;
  /** ID of the region's CloudFront origin-facing prefix list. @default the table's entry for the stack's region (cloudfront-prefix-lists.ts) */
  readonly prefixListId?: string;
}

/**
 * Only CloudFront may reach the ALB. The lock owns the three parts that must agree: the secret
 * CloudFront sends as the `X-Origin-Verify` header, the security-group rule that admits HTTPS from
 * CloudFront's origin-facing prefix list alone, and the listener condition on that header (the
 * prefix list admits every distribution, not just ours), with 403 for everything else. Give it to
 * `Cdn`, and put `condition` on every listener rule that forwards. Create it in the stack that owns
 * the listener: the rule lands there, so no cross-stack cycle arises.
 *
 * The secret is the lock's default child, so its logical id is the lock's: wrapping the secret the
 * services stack once built inline (id `OriginVerify`) keeps that secret.
 */
export class CloudFrontOriginLock extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly ingress: ec2.CfnSecurityGroupIngress;
  /** Matches requests carrying the secret header; add it to each listener rule that forwards. */
  readonly condition: elbv2.ListenerCondition;
  readonly headerName = ORIGIN_VERIFY_HEADER;

  constructor(scope: Construct, id: string, props: CloudFrontOriginLockProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Default', {
      description: 'Header value CloudFront sends to the ALB; requests without it are refused',
      // The ALB treats * and ? in header conditions as wildcards, so letters and digits only.
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: ROTATION_REASON });
    acknowledgeSecretChecks(this.secret, ROTATION_REASON);

    const prefixListId = cloudFrontPrefixListId(Stack.of(this).region, props.prefixListId);
    this.ingress = new ec2.CfnSecurityGroupIngress(this, 'CloudFrontToAlb', {
      groupId: props.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      sourcePrefixListId: prefixListId,
      description: `HTTPS from CloudFront origin-facing servers only (${prefixListId})`,
    });

    // A Secrets Manager dynamic reference, resolved by CloudFormation at deploy time: the template never holds the value.
    this.condition = elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, [this.headerValue]);
    props.listener.addAction('OriginLockDefault', {
      action: elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' }),
    });
  }

  /** The header value as a deploy-time dynamic reference, for CloudFront's origin custom header. */
  get headerValue(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}
