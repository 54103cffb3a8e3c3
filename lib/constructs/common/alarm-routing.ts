import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import type { Severity } from '../../config/alert-routing';
import { AlarmKind, severityOf } from '../../catalogs/alarm-catalog';

/** Where the alarms of one stage go: one topic per severity (both the same topic where a stage routes everything to one). */
export interface AlertRouting {
  topicFor(severity: Severity): sns.ITopic;
}

/** What an alarm builder receives: the stage's routing, or one topic that takes every severity (tests, imported topics). */
export type AlertTarget = AlertRouting | sns.ITopic;

export function isAlertRouting(target: AlertTarget): target is AlertRouting {
  return typeof (target as Partial<AlertRouting>).topicFor === 'function';
}

/** The topic a severity's notifications go to. */
export function topicFor(target: AlertTarget, severity: Severity): sns.ITopic {
  return isAlertRouting(target) ? target.topicFor(severity) : target;
}

/** What the stage's alarm-links aspect needs to finish the description of a routed alarm. */
export interface RoutedAlarm {
  readonly kind: AlarmKind;
  readonly subject?: string;
  readonly severity: Severity;
  /** Log groups the Logs Insights link opens; the aspect adds the link only for these. */
  readonly logGroups: readonly LogGroupRef[];
  /** Region of those log groups, where it is not the stage's (the DR restore test logs in the DR region). */
  readonly logsRegion?: string;
  /** Seconds the alarm looks back (evaluation periods × period); the Logs Insights link covers at least this. */
  readonly windowSeconds: number;
}

/** A log group as the Logs Insights link names it: a construct here, or a fixed name in another region. */
export type LogGroupRef = Pick<logs.ILogGroup, 'logGroupName'>;

const ROUTED = new WeakMap<IConstruct, RoutedAlarm>();

/** How a routed alarm was routed, or undefined for an alarm nobody routed (the aspect reports those as errors). */
export function routedAlarm(alarm: IConstruct): RoutedAlarm | undefined {
  return ROUTED.get(alarm);
}

export interface RouteAlarmOptions {
  /** The stage, for severities that depend on it (failed restore tests page in prod only). */
  readonly stage: string;
  readonly kind: AlarmKind;
  readonly subject?: string;
  /** @default none: the Logs Insights link opens without a log group selected */
  readonly logGroups?: readonly LogGroupRef[];
  /** @default the stage's region */
  readonly logsRegion?: string;
  /** @default 3600 */
  readonly windowSeconds?: number;
}

/**
 * The one place an alarm gets its actions. ALARM goes to its severity's topic. OK goes only where it
 * ends a page, so only critical alarms send it; a warning says once that something needs a look.
 * Every alarm of the platform goes through here: the stage's AlarmLinks aspect fails synth for an
 * alarm with SNS actions that did not.
 */
export function routeAlarm(alarm: cloudwatch.AlarmBase, target: AlertTarget, options: RouteAlarmOptions): Severity {
  const severity = severityOf(options.kind, options.stage);
  const action = new cw_actions.SnsAction(topicFor(target, severity));
  alarm.addAlarmAction(action);
  if (severity === 'critical') alarm.addOkAction(action);
  ROUTED.set(alarm, {
    kind: options.kind,
    subject: options.subject,
    severity,
    logGroups: options.logGroups ?? [],
    logsRegion: options.logsRegion,
    windowSeconds: options.windowSeconds ?? 3600,
  });
  return severity;
}
