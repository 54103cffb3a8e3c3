import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { AlertTopic } from '../constructs/monitoring/alert-topic';
import { PlatformStack } from './platform-stack';

/** The stage's alert topic, deployed first: every other stack's alarms notify it. */
export class AlertingStack extends PlatformStack {
  readonly topic: sns.Topic;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'alerting', { config, stateful: false, description: `${config.stage}: alert topic (KMS-encrypted) and its subscriptions` });
    this.topic = new AlertTopic(this, 'Alerts', { stage: config.stage, emails: config.monitoring.alarmEmails }).topic;
  }
}
