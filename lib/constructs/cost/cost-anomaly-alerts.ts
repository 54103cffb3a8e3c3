import { Names, Stack } from 'aws-cdk-lib';
import * as ce from 'aws-cdk-lib/aws-ce';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { STAGE_TAG_KEY } from '../../../lambda/shared/stage-tags';

export interface CostAnomalyAlertsProps {
  readonly stage: string;
  /** Alert on anomalies whose total impact is at least this many USD. */
  readonly thresholdUsd: number;
  /** The stage's cost topic; Cost Anomaly Detection (costalerts.amazonaws.com) is allowed to publish to it. */
  readonly topic: sns.Topic;
}

/**
 * Cost Anomaly Detection for one stage: a custom monitor on the `Stage` cost allocation tag (an account
 * may hold only one SERVICE monitor, and stages can share an account) and an immediate subscription
 * that sends anomalies above the threshold to the cost topic.
 */
export class CostAnomalyAlerts extends Construct {
  public readonly monitor: ce.CfnAnomalyMonitor;
  public readonly subscription: ce.CfnAnomalySubscription;

  constructor(scope: Construct, id: string, props: CostAnomalyAlertsProps) {
    super(scope, id);
    const { topic } = props;
    const principal = new iam.ServicePrincipal('costalerts.amazonaws.com');
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } };

    const policy = topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowCostAnomalyDetectionToPublish${props.stage}`,
        principals: [principal],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: sourceAccount,
      }),
    );
    // SNS encrypts what the service publishes with the topic's key. In a key policy "*" means this key.
    topic.masterKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowCostAnomalyDetectionToEncrypt${props.stage}`,
        principals: [principal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: sourceAccount,
      }),
    );

    this.monitor = new ce.CfnAnomalyMonitor(this, 'Monitor', {
      monitorName: Names.uniqueResourceName(this, { maxLength: 64 }),
      monitorType: 'CUSTOM',
      monitorSpecification: JSON.stringify({ Tags: { Key: STAGE_TAG_KEY, Values: [props.stage], MatchOptions: ['EQUALS'] } }),
    });

    this.subscription = new ce.CfnAnomalySubscription(this, 'Subscription', {
      subscriptionName: Names.uniqueResourceName(this, { maxLength: 64 }),
      frequency: 'IMMEDIATE',
      monitorArnList: [this.monitor.attrMonitorArn],
      subscribers: [{ type: 'SNS', address: topic.topicArn }],
      thresholdExpression: JSON.stringify({
        Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', Values: [String(props.thresholdUsd)], MatchOptions: ['GREATER_THAN_OR_EQUAL'] },
      }),
    });
    if (policy.policyDependable) this.subscription.node.addDependency(policy.policyDependable);
  }
}
