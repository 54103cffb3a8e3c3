import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlertTopicProps {
  readonly stage: string;
  /** Addresses subscribed by email; each receives a confirmation mail first. @default none */
  readonly emails?: readonly string[];
}

/** AWS services that publish alerts to the topic: alarms, EventBridge rules, AWS Budgets. */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'budgets.amazonaws.com'];

/**
 * The stage's alert topic: every alarm, rule and budget of the stage publishes here. Encrypted
 * with its own rotating key, reachable only over TLS, and only by this account's services.
 */
export class AlertTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const account = Stack.of(this).account;

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.stage} alert topic`,
      enableKeyRotation: true,
    });
    // Publishers need the key because SNS encrypts what they publish with it. In a key policy
    // "*" means this key only. The topic policy below limits publishing to this account, so the
    // key grant cannot be used through another account's topic or alarm.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersToEncrypt',
        principals: PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${props.stage} platform alerts`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's implicit owner policy, so the publishing services are named here,
    // each limited to sources in this account (the confused-deputy guard AWS recommends).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersFromThisAccount',
        principals: PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }
}
