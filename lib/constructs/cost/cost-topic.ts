import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface CostTopicProps {
  readonly stage: string;
  /** Addresses subscribed by email; each receives a confirmation mail first. @default none */
  readonly emails?: readonly string[];
  /** HTTPS endpoints subscribed (raw delivery off: they receive the SNS JSON envelope). @default none */
  readonly httpsEndpoints?: readonly string[];
}

/**
 * The stage's cost topic: cost report summaries, budget notifications and cost anomaly alerts, for
 * the people who read and pay for the stage's cost; the alarm topics stay for those on call.
 * Encrypted with its own rotating key and reachable only over TLS. AWS Budgets and Cost Anomaly
 * Detection add their own publish statements (StageBudget, CostAnomalyAlerts), each limited to
 * this account; the report function publishes through its role.
 */
export class CostTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: CostTopicProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.stage} cost topic`,
      enableKeyRotation: true,
    });
    // AWS Budgets publishes as its service, so it needs the key SNS encrypts its messages with. In a
    // key policy "*" means this key. As on the alert topic's key, no aws:Source* condition here: the
    // KMS request SNS makes for a service's message need not carry those keys (AWS documents that it
    // does not for EventBridge), and a condition it cannot meet would drop every budget mail
    // silently. The topic policy StageBudget adds holds the confused-deputy guard (this account's budgets only).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowBudgetsToEncrypt',
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${props.stage} cost reports`,
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    for (const url of props.httpsEndpoints ?? []) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }
  }
}
