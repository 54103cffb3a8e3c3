import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The AWS managed rule groups every stage's ALB is protected by, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

export interface AlbWebAclProps {
  /** Stage name, for the log group and metric names. */
  readonly stage: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Requests one client may send in any 5-minute window before it is blocked. */
  readonly rateLimitPer5Min: number;
  /**
   * Header carrying the client IP when a proxy (CloudFront) sits in front of the ALB. The rate
   * rule then counts per forwarded client instead of per CloudFront edge address, which would
   * block many users at once. (The IP reputation group always reads the source IP, so behind a
   * proxy it sees only the proxy.) @default none: the rate rule counts per source IP
   */
  readonly clientIpHeader?: string;
  /** Days to keep the WAF logs. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Request headers replaced by `REDACTED` in the logs (lower case), e.g. the CloudFront origin
   * secret header. `authorization` and `cookie` are always redacted. @default none
   */
  readonly redactedHeaders?: readonly string[];
}

/**
 * An AWS WAF web ACL (regional) in front of the stage's ALB: AWS managed rule groups for
 * known-bad IPs, known-bad inputs and the OWASP-style common rules, plus a per-client rate limit
 * from config. Allows what no rule blocks. Logs to a CloudWatch log group with retention,
 * with credential headers redacted.
 */
export class AlbWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AlbWebAclProps) {
    super(scope, id);
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.stage}-${name}`,
    });

    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, i) => ({
      name,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: metric(name),
    }));
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerClient',
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: props.rateLimitPer5Min,
          evaluationWindowSec: 300,
          // WAF reads the header's first address. A request without the header is not counted; one whose
          // first address is not a valid IP (junk a client wrote there) counts as matching the rule.
          ...(props.clientIpHeader
            ? { aggregateKeyType: 'FORWARDED_IP', forwardedIpConfig: { headerName: props.clientIpHeader, fallbackBehavior: 'MATCH' } }
            : { aggregateKeyType: 'IP' }),
        },
      },
      visibilityConfig: metric('rate-limit'),
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: `${props.stage}: managed rule groups and a per-client rate limit in front of the ALB`,
      defaultAction: { allow: {} },
      rules: [rateRule, ...managedRules],
      visibilityConfig: metric('web-acl'),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF delivers only to log groups whose name starts with `aws-waf-logs-`, hence the physical name.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${props.stage}-alb`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const redacted = ['authorization', 'cookie', ...(props.redactedHeaders ?? [])];
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the `:*` that its Arn attribute ends with.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: redacted.map((name) => ({ singleHeader: { Name: name } })),
    });
  }
}
