import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../common/stage-alarm';
import { ENV, healthProbeBudget } from '../../../lambda/health-probe/contract';
import { HealthCheckConfig, rateMinutes } from '../../config/drills';
import { AlertTarget } from '../common/alarm-routing';
import { acknowledgeLambdaBasicExecution } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';
import { syntheticAvailabilityMetric, syntheticLatencyMetric } from './private/drill-metrics';
import { scheduleRole } from '../common/scheduled-invoke';

export interface HealthCheckProps {
  readonly stage: string;
  /** Full URL probed, e.g. `https://app.example.com/health`. */
  readonly url: string;
  readonly config: HealthCheckConfig;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The stage's synthetic health check: a small Lambda outside the VPC requests the public health
 * URL on a schedule, publishes SyntheticAvailability and SyntheticLatencyMs, and an alarm fires when
 * availability stays low (a probe that did not run counts as unavailable). With `enabled: false`
 * only the function exists, for the drills to poll.
 */
export class HealthCheck extends Construct {
  readonly function: PlatformFunction;
  readonly availability: cloudwatch.Metric;
  readonly latency: cloudwatch.Metric;
  readonly availabilityAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: HealthCheckProps) {
    super(scope, id);
    const config = props.config;
    const periodMinutes = rateMinutes(config.schedule) ?? 1;
    const period = Duration.minutes(periodMinutes);
    this.availability = syntheticAvailabilityMetric(props.stage, period);
    this.latency = syntheticLatencyMetric(props.stage, period);

    this.function = new PlatformFunction(this, 'Probe', {
      stage: props.stage,
      handlerDir: 'health-probe',
      description: `Synthetic health check of the ${props.stage} stage's public URL`,
      environment: { [ENV.HEALTH_URL]: props.url, [ENV.REQUESTS]: String(config.requests), [ENV.TIMEOUT_MS]: String(config.timeoutMs) },
      timeBudget: healthProbeBudget(config.requests, config.timeoutMs),
      memorySize: 128,
      logRetention: props.logRetention,
      outsideVpcReason:
        "The probe requests the stage's public URL from the internet, as users do; from inside the VPC it would not test the path users take",
    });
    acknowledgeLambdaBasicExecution(this.function);
    if (!config.enabled) return;

    new scheduler.Schedule(this, 'Schedule', {
      description: `Probes the ${props.stage} health URL`,
      schedule: scheduler.ScheduleExpression.expression(config.schedule),
      // A late probe measures nothing: never retry or queue one.
      target: new targets.LambdaInvoke(this.function, {
        input: scheduler.ScheduleTargetInput.fromObject({ publishMetrics: true }),
        role: scheduleRole(this, 'ScheduleRole'),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });

    const evaluationPeriods = Math.ceil(config.alarmMinutes / periodMinutes);
    this.availabilityAlarm = createOperationsAlarm(this, 'AvailabilityLow', {
      stage: props.stage,
      kind: 'syntheticAvailability',
      condition: `availability of ${props.url} is below ${config.availabilityAlarmPercent} % for ${config.alarmMinutes} min (missing probes count as down)`,
      topic: props.alarmTopic,
      logGroups: [this.function.logGroup],
      windowSeconds: config.alarmMinutes * 60,
      metric: this.availability,
      threshold: config.availabilityAlarmPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
