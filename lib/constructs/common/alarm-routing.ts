import { Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import type { Severity, WarningDelivery } from '../../config/alert-routing';
import { AlarmKind, severityOf } from '../../catalogs/alarm-catalog';

/**
 * Where the alarms of one stage go: one topic per severity (both the same topic where a stage routes
 * everything to one), and whether a severity's alarms notify it themselves or wait for the daily digest.
 */
export interface AlertRouting {
  /** The severity's topic, for alarms and for whatever publishes to it (reports, the digest). */
  topicFor(severity: Severity): sns.ITopic;
  /** `daily-digest`: alarms of this severity get no action; the stage's digest function reports them once a day. */
  deliveryFor(severity: Severity): WarningDelivery;
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

/** A stage's routing: critical alarms always notify their topic; warnings as `warningDelivery` says. */
export function stageRouting(topics: Readonly<Record<Severity, sns.ITopic>>, warningDelivery: WarningDelivery): AlertRouting {
  return {
    topicFor: (severity) => topics[severity],
    deliveryFor: (severity) => (severity === 'critical' ? 'each-alarm' : warningDelivery),
  };
}

/**
 * The topic an alarm of this severity notifies, or undefined where the daily digest reports it.
 * A bare topic (the DR region's alarms, tests) takes every alarm as it fires.
 */
export function alarmTopicFor(target: AlertTarget, severity: Severity): sns.ITopic | undefined {
  if (!isAlertRouting(target)) return target;
  return target.deliveryFor(severity) === 'daily-digest' ? undefined : target.topicFor(severity);
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
 * Where warnings are delivered as a daily digest, a warning alarm gets no action at all: it is still
 * recorded here (its severity goes into its description, which the digest reads).
 * Every alarm of the platform goes through here: the stage's AlarmLinks aspect fails synth for an
 * alarm with SNS actions that did not.
 */
export function routeAlarm(alarm: cloudwatch.AlarmBase, target: AlertTarget, options: RouteAlarmOptions): Severity {
  const severity = severityOf(options.kind, options.stage);
  const topic = alarmTopicFor(target, severity);
  if (topic) {
    const action = new cw_actions.SnsAction(topic);
    alarm.addAlarmAction(action);
    if (severity === 'critical') alarm.addOkAction(action);
  } else {
    Validations.of(alarm).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchAlarmAction',
      reason: `A ${severity} delivered by the daily digest (monitoring.alerts.warningDelivery): the stage's alert-digest function reads this alarm's state and history every day and reports it on the ${severity} topic, so the alarm itself notifies nobody.`,
    });
  }
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
