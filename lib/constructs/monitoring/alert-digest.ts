import { Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV, HANDLER_DIR, TIME_BUDGET } from '../../../lambda/alert-digest/contract';
import { AlertTarget } from '../common/alarm-routing';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';
import { scheduleFunction } from '../common/scheduled-invoke';
import { createStageAlarm } from '../common/stage-alarm';
import { once } from './lambda-alarms';

export interface AlertDigestProps {
  readonly stage: string;
  /** The warning topic the digest is published to. */
  readonly topic: sns.ITopic;
  /** EventBridge Scheduler expression (UTC) of the daily run. */
  readonly schedule: string;
  /** The stage's alert routing: the digest's own failure alarm is critical and pages. */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The daily warning digest: where warning alarms notify nobody themselves
 * (`monitoring.alerts.warningDelivery: daily-digest`), a function run once a day lists the stage's
 * warnings in ALARM and those that fired and cleared in the last 24 h, and publishes one message to
 * the warning topic. Its own failure pages: a dead digest would drop every warning.
 */
export class AlertDigest extends Construct {
  readonly function: PlatformFunction;
  readonly schedule: scheduler.Schedule;
  /** Errors or throttles of the digest function; critical. */
  readonly failingAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlertDigestProps) {
    super(scope, id);
    const { stage } = props;

    this.function = new PlatformFunction(this, 'Function', {
      stage,
      handlerDir: HANDLER_DIR,
      description: `Publishes the ${stage} stage's daily digest of warning alarms to the warning topic`,
      timeBudget: TIME_BUDGET,
      logRetention: props.logRetention,
      environment: { [ENV.topicArn]: props.topic.topicArn },
    });
    // A second run would send the day's digest twice; a failed run pages through the alarm below instead.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadAlarmsAndHistory',
        actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'],
        // A name-prefix listing and a history without an alarm name name no one alarm, and composite
        // alarms are described only to a permission on "*" (CloudWatch permissions reference).
        resources: ['*'],
      }),
    );
    // sns:Publish on this topic, and GenerateDataKey*/Decrypt on its key where it is encrypted.
    props.topic.grantPublish(this.function);
    const policy = this.function.role!.node.findChild('DefaultPolicy') as iam.Policy;
    acknowledgeWildcards(policy, [
      {
        finding: wildcardResources('*'),
        reason:
          'cloudwatch:DescribeAlarms and DescribeAlarmHistory, read-only: a name-prefix listing and an account-wide history name no one alarm, and composite alarms are returned only to a permission on "*".',
      },
    ]);
    if (props.topic.masterKey) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'grantPublish on the KMS-encrypted warning topic: SNS needs the GenerateDataKey* family on that one key to encrypt what the function publishes.',
      });
    }

    [this.schedule] = scheduleFunction(this, this.function, [
      { id: 'Schedule', description: `Daily warning digest of ${stage}`, expression: props.schedule },
    ]);

    this.failingAlarm = createStageAlarm(this, 'FailingAlarm', {
      stage,
      kind: 'alertDigestFailing',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) + FILL(throttles, 0)',
        usingMetrics: {
          errors: this.function.metricErrors({ statistic: 'Sum' }),
          throttles: this.function.metricThrottles({ statistic: 'Sum' }),
        },
        label: 'Errors and throttles',
      }),
      settings: once(0, 300),
      topic: props.alarmTopic,
      logGroups: [this.function.logGroup],
    });
  }
}
