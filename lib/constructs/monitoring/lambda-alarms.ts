import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AlarmPeriodSeconds, AlarmSettings } from '../../config/monitoring';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { createStageAlarm } from '../common/stage-alarm';

export interface AutomationAlarmOptions {
  /** First part of the alarm names. @default the stack name (stacks are named `<stage>-<purpose>`) */
  readonly stage?: string;
  /** Middle part of the alarm names, e.g. `restore-test` in `prod-restore-test-errors`. @default the construct id in kebab case */
  readonly name?: string;
  /** Length of one evaluated datapoint. @default 300 */
  readonly periodSeconds?: AlarmPeriodSeconds;
  /** Log groups the descriptions' Logs Insights link opens. @default a function's own log group (when it has one); none for a workflow */
  readonly logGroups?: readonly logs.ILogGroup[];
}

export interface LambdaAlarmOptions extends AutomationAlarmOptions {
  /** The function's timeout. @default read from the function when it is a `lambda.Function` */
  readonly timeout?: Duration;
  /** Share of the timeout the p99 duration may reach before it alarms. @default 0.8 */
  readonly durationShareOfTimeout?: number;
}

export interface LambdaAlarms {
  readonly errors: cloudwatch.Alarm;
  readonly throttles: cloudwatch.Alarm;
  readonly durationP99: cloudwatch.Alarm;
}

export interface StateMachineAlarms {
  readonly failed: cloudwatch.Alarm;
  readonly timedOut: cloudwatch.Alarm;
}

/** Defaults of the automation alarms; the alarm table in docs/operations.md reads them too. */
export const AUTOMATION_ALARM_DEFAULTS = { periodSeconds: 300 as AlarmPeriodSeconds, durationShareOfTimeout: 0.8 };

/** Automation runs rarely (hourly or daily), so one bad datapoint is enough to alarm. */
export function once(threshold: number, periodSeconds: AlarmPeriodSeconds): AlarmSettings {
  return { threshold, periodSeconds, evaluationPeriods: 1, datapointsToAlarm: 1 };
}

function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
}

/**
 * The target's construct path below its stack (`Snapshots/DbSnapshot` → `SnapshotsDbSnapshot`):
 * many constructs name their function `Function`, so the bare id would repeat within a stack.
 */
function pathId(target: Construct): string {
  const stack = Stack.of(target);
  const scopes = target.node.scopes;
  return scopes
    .slice(scopes.indexOf(stack) + 1)
    .map((c) => c.node.id)
    .join('');
}

function naming(scope: Construct, target: Construct, options: AutomationAlarmOptions) {
  return {
    stage: options.stage ?? Stack.of(scope).stackName,
    subject: options.name ?? kebab(pathId(target)),
    period: options.periodSeconds ?? AUTOMATION_ALARM_DEFAULTS.periodSeconds,
  };
}

/** A PlatformFunction's own log group; on another function, reading `logGroup` would add a LogRetention resource, so none. */
function ownLogGroup(fn: lambda.IFunction): logs.ILogGroup[] {
  return fn instanceof PlatformFunction ? [fn.logGroup] : [];
}

function timeoutOf(fn: lambda.IFunction, options: LambdaAlarmOptions): Duration {
  if (options.timeout) return options.timeout;
  if (fn instanceof lambda.Function) return fn.timeout ?? Duration.seconds(3); // 3 s is Lambda's own default
  throw new Error(`addLambdaAlarms: cannot read the timeout of imported function ${fn.node.path}; pass options.timeout.`);
}

/**
 * The one call every automation function gets: errors > 0, throttles > 0 and p99 duration above
 * 80 % of the timeout, each a warning routed by `topic` (routeAlarm).
 */
export function addLambdaAlarms(
  scope: Construct,
  fn: lambda.IFunction,
  topic: AlertTarget,
  options: LambdaAlarmOptions = {},
): LambdaAlarms {
  const share = options.durationShareOfTimeout ?? AUTOMATION_ALARM_DEFAULTS.durationShareOfTimeout;
  if (!(share > 0 && share <= 1)) throw new Error(`addLambdaAlarms: durationShareOfTimeout must be above 0 and at most 1, got ${share}.`);
  const { stage, subject, period } = naming(scope, fn, options);
  const durationLimitMs = Math.floor(timeoutOf(fn, options).toMilliseconds() * share);
  const common = { stage, subject, topic, logGroups: options.logGroups ?? ownLogGroup(fn) };
  const id = pathId(fn);
  return {
    errors: createStageAlarm(scope, `${id}ErrorsAlarm`, {
      ...common,
      kind: 'lambdaErrors',
      metric: fn.metricErrors({ statistic: 'Sum' }),
      settings: once(0, period),
    }),
    throttles: createStageAlarm(scope, `${id}ThrottlesAlarm`, {
      ...common,
      kind: 'lambdaThrottles',
      metric: fn.metricThrottles({ statistic: 'Sum' }),
      settings: once(0, period),
    }),
    durationP99: createStageAlarm(scope, `${id}DurationAlarm`, {
      ...common,
      kind: 'lambdaDuration',
      metric: fn.metricDuration({ statistic: 'p99' }),
      settings: once(durationLimitMs, period),
    }),
  };
}

/** Failed and timed-out executions of a workflow (restore test, failover drill), each > 0. */
export function addStateMachineAlarms(
  scope: Construct,
  stateMachine: sfn.IStateMachine,
  topic: AlertTarget,
  options: AutomationAlarmOptions = {},
): StateMachineAlarms {
  const { stage, subject, period } = naming(scope, stateMachine, options);
  const common = { stage, subject, topic, settings: once(0, period), logGroups: options.logGroups };
  const id = pathId(stateMachine);
  return {
    failed: createStageAlarm(scope, `${id}FailedAlarm`, {
      ...common,
      kind: 'stateMachineFailed',
      metric: stateMachine.metricFailed({ statistic: 'Sum' }),
    }),
    timedOut: createStageAlarm(scope, `${id}TimedOutAlarm`, {
      ...common,
      kind: 'stateMachineTimedOut',
      metric: stateMachine.metricTimedOut({ statistic: 'Sum' }),
    }),
  };
}
