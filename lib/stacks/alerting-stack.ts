import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Severity } from '../config/alert-routing';
import { StageConfig } from '../config/types';
import { AlertRouting, stageRouting } from '../constructs/common/alarm-routing';
import { AlertTopic } from '../constructs/monitoring/alert-topic';
import { LogsKey } from '../constructs/monitoring/logs-key';
import { PlatformStack } from './platform-stack';

/**
 * The stage's alert topics and logs key, deployed first: every other stack's alarms notify a topic
 * and its log groups use the key. One topic per severity, or one for all (`monitoring.alerts.topics`).
 */
export class AlertingStack extends PlatformStack {
  /** Where each severity's alarms go; alarm builders take this (routeAlarm picks the topic). */
  readonly routing: AlertRouting;
  /** The topic per severity; both are the same topic with `single-topic`. */
  readonly topics: Readonly<Record<Severity, sns.Topic>>;
  /** Encrypts every log group of the stage in its region. */
  readonly logsKey: kms.Key;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'alerting', {
      config,
      stateful: false,
      description: `${config.stage}: alert topics per severity (KMS-encrypted) and their subscriptions, logs key`,
    });
    const alerts = config.monitoring.alerts;
    // The critical topic keeps the id of the stage's former single topic, so its ARN and confirmed subscriptions stay.
    const critical = new AlertTopic(this, 'Alerts', {
      stage: config.stage,
      purpose: alerts.topics === 'single-topic' ? 'alerts' : 'critical alerts',
      subscribers: alerts.critical,
    });
    const warning =
      alerts.topics === 'single-topic'
        ? critical
        : new AlertTopic(this, 'WarningAlerts', {
            stage: config.stage,
            purpose: 'warning alerts',
            subscribers: alerts.warning,
            key: critical.key,
          });
    this.topics = { critical: critical.topic, warning: warning.topic };
    this.routing = stageRouting(this.topics, alerts.warningDelivery);
    this.logsKey = new LogsKey(this, 'Logs', { stage: config.stage }).key;
  }
}
