import { Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertSubscribers } from '../../config/alert-routing';

export interface AlertTopicProps {
  readonly stage: string;
  /** What the topic carries, for its display name and chat configuration names. @default 'alerts' */
  readonly purpose?: string;
  /** Email addresses, an HTTPS endpoint, a Slack or Teams channel (through AWS Chatbot). @default none */
  readonly subscribers?: AlertSubscribers;
  /** Encrypts the topic; another topic's key can be shared (its policy already admits the publishers). @default a new rotating key */
  readonly key?: kms.Key;
}

/** Chat channels only read what the topic sends; the guardrail caps what anyone could ever do from the channel. */
const CHAT_GUARDRAIL = 'CloudWatchReadOnlyAccess';

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
    const purpose = props.purpose ?? 'alerts';

    this.key = props.key ?? this.newKey(props.stage);

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${props.stage} platform ${purpose}`,
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

    const subscribers = props.subscribers ?? { emails: [] };
    for (const email of subscribers.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    if (subscribers.httpsEndpoint) {
      this.topic.addSubscription(
        new subscriptions.UrlSubscription(subscribers.httpsEndpoint, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    }
    const configurationName = `${props.stage}-${purpose.replace(/[^A-Za-z0-9-_]/g, '-')}`;
    if (subscribers.slack) {
      new chatbot.SlackChannelConfiguration(this, 'Slack', {
        slackChannelConfigurationName: configurationName,
        slackWorkspaceId: subscribers.slack.workspaceId,
        slackChannelId: subscribers.slack.channelId,
        notificationTopics: [this.topic],
        guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(CHAT_GUARDRAIL)],
        loggingLevel: chatbot.LoggingLevel.ERROR,
      });
    }
    if (subscribers.teams) {
      // No L2 for Teams: the role Chatbot assumes gets no permissions, as the Slack L2 creates it.
      const role = new iam.Role(this, 'TeamsRole', { assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com') });
      new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        configurationName,
        iamRoleArn: role.roleArn,
        teamsTenantId: subscribers.teams.tenantId,
        teamId: subscribers.teams.teamId,
        teamsChannelId: subscribers.teams.channelId,
        snsTopicArns: [this.topic.topicArn],
        guardrailPolicies: [`arn:${Stack.of(this).partition}:iam::aws:policy/${CHAT_GUARDRAIL}`],
        loggingLevel: 'ERROR',
      });
    }
  }

  private newKey(stage: string): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${stage} alert topic`,
      enableKeyRotation: true,
    });
    // Publishers need the key because SNS encrypts what they publish with it. In a key policy
    // "*" means this key only. The topic policy limits publishing to this account, so the
    // key grant cannot be used through another account's topic or alarm.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersToEncrypt',
        principals: PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return key;
  }
}
