import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { AlertTopic } from '../constructs/monitoring/alert-topic';
import { LogsKey } from '../constructs/monitoring/logs-key';
import { PlatformStack } from './platform-stack';

/** The stage's alert topic and logs key, deployed first: every other stack's alarms notify it and its log groups use the key. */
export class AlertingStack extends PlatformStack {
  readonly topic: sns.Topic;
  /** Encrypts every log group of the stage in its region. */
  readonly logsKey: kms.Key;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'alerting', {
      config,
      stateful: false,
      description: `${config.stage}: alert topic (KMS-encrypted) and its subscriptions, logs key`,
    });
    this.topic = new AlertTopic(this, 'Alerts', { stage: config.stage, emails: config.monitoring.alarmEmails }).topic;
    this.logsKey = new LogsKey(this, 'Logs', { stage: config.stage }).key;
  }
}
