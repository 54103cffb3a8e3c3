import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AlarmSettings } from '../../config/monitoring';
import { ALARM_CATALOG, AlarmKind, alarmName, describeAlarm, describeOperationsAlarm, isCritical } from '../../catalogs/alarm-catalog';
import { AlertTarget, type RouteAlarmOptions, routeAlarm } from './alarm-routing';

/** What an alarm can watch: a plain metric or metric math (whose period applies to all its inputs). */
export type AlarmableMetric = cloudwatch.Metric | cloudwatch.MathExpression;

/**
 * The metric as an alarm evaluates it: the alarm's period, on math inputs too (CloudWatch would
 * use the expression's period for them anyway, and CDK warns when they disagree). A plain metric
 * loses its label, because CDK renders a labelled one as metric math, which is harder to read in the console.
 */
export function forAlarm(metric: AlarmableMetric, period: Duration): AlarmableMetric {
  if (metric instanceof cloudwatch.Metric) {
    return new cloudwatch.Metric({
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensionsMap: metric.dimensions,
      statistic: metric.statistic,
      unit: metric.unit,
      period,
    });
  }
  const inputs = Object.fromEntries(
    Object.entries(metric.usingMetrics).map(([id, input]) => [
      id,
      input instanceof cloudwatch.Metric
        ? input.with({ period })
        : input instanceof cloudwatch.MathExpression
          ? forAlarm(input, period)
          : input,
    ]),
  );
  return new cloudwatch.MathExpression({
    expression: metric.expression,
    usingMetrics: inputs,
    label: metric.label,
    color: metric.color,
    period,
  });
}

/** An alarm with what it watches, so the composite and the alarm table in docs/operations.md can select and describe it. */
export interface StageAlarm {
  readonly kind: AlarmKind;
  /** The service, database instance, cache node or function it watches, when it watches one of several. */
  readonly subject?: string;
  readonly alarm: cloudwatch.IAlarm;
  /** Part of the composite "stage unhealthy" alarm. */
  readonly critical: boolean;
}

export interface StageAlarmProps {
  readonly stage: string;
  readonly kind: AlarmKind;
  readonly subject?: string;
  readonly metric: AlarmableMetric;
  readonly settings: AlarmSettings;
  /** The stage's alert routing (or one topic for every severity); routeAlarm picks the topic and the actions. */
  readonly topic: AlertTarget;
  /** Log groups the description's Logs Insights link opens. @default none selected */
  readonly logGroups?: readonly logs.ILogGroup[];
}

/**
 * One alarm as every alarm of the platform is built: named `<stage>-…`, described from the
 * catalog, thresholds from config, notifying its severity's topic (routeAlarm).
 */
export function createStageAlarm(scope: Construct, id: string, props: StageAlarmProps): cloudwatch.Alarm {
  const entry = ALARM_CATALOG[props.kind];
  const { settings } = props;
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmName: alarmName(props.stage, props.kind, props.subject),
    alarmDescription: describeAlarm(props.kind, settings, props.subject),
    metric: forAlarm(props.metric, Duration.seconds(settings.periodSeconds)),
    threshold: settings.threshold,
    comparisonOperator:
      entry.comparison === 'above'
        ? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD
        : cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.datapointsToAlarm,
    treatMissingData: entry.quietWhenMissing ? cloudwatch.TreatMissingData.NOT_BREACHING : cloudwatch.TreatMissingData.MISSING,
  });
  routeAlarm(alarm, props.topic, {
    stage: props.stage,
    kind: props.kind,
    subject: props.subject,
    logGroups: props.logGroups,
    windowSeconds: settings.evaluationPeriods * settings.periodSeconds,
  });
  return alarm;
}

export interface OperationsAlarmProps
  extends Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>,
    Omit<RouteAlarmOptions, 'kind'> {
  readonly kind: AlarmKind;
  /** What breaches it, in words, for the description. */
  readonly condition: string;
  /** The stage's alert routing (or one topic for every severity). */
  readonly topic: AlertTarget;
}

/**
 * One alarm of the platform's own jobs (backups, restore tests, drills, the synthetic check), whose
 * threshold is fixed by the job rather than by the monitoring config: named `<stage>-…`, described
 * from the catalog with its condition, and notifying its severity's topic (routeAlarm).
 */
export function createOperationsAlarm(scope: Construct, id: string, props: OperationsAlarmProps): cloudwatch.Alarm {
  const { stage, kind, subject, condition, topic, logGroups, logsRegion, windowSeconds, ...alarmProps } = props;
  const alarm = new cloudwatch.Alarm(scope, id, {
    ...alarmProps,
    alarmName: alarmName(stage, kind, subject),
    alarmDescription: describeOperationsAlarm(kind, condition, subject),
  });
  routeAlarm(alarm, topic, { stage, kind, subject, logGroups, logsRegion, windowSeconds });
  return alarm;
}

export function stageAlarm(kind: AlarmKind, alarm: cloudwatch.IAlarm, subject?: string): StageAlarm {
  return { kind, subject, alarm, critical: isCritical(kind, subject) };
}
