import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledgeLambdaBasicExecution, acknowledgeWildcards, wildcardResources } from './nag';

export interface ScheduledInvocation {
  readonly id: string;
  readonly description: string;
  /** EventBridge Scheduler expression (UTC). */
  readonly expression: string;
  /** Event the function receives. @default {} */
  readonly input?: Record<string, unknown>;
}

export interface ScheduleRoleOptions {
  /** @default none */
  readonly description?: string;
  /**
   * The one function the role invokes: only the invoke grant on its versions (`<ARN>:*`) is
   * acknowledged. @default any function's versions (`<Fn.Arn>:*`), for a role given to a target later
   */
  readonly invokes?: lambda.IFunction;
}

/**
 * EventBridge Scheduler's role for one construct's schedules, which only this account's scheduler
 * can assume. Created by the construct that owns the schedule, rather than the target's stack-wide
 * default, so it sits under (and is reviewed with) that construct.
 */
export function scheduleRole(scope: Construct, id: string, options: ScheduleRoleOptions = {}): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description: options.description,
  });
  acknowledgeWildcards(role, [
    options.invokes
      ? {
          finding: wildcardResources(`${options.invokes.functionArn}:*`),
          reason: 'Invoke permission on the versions and aliases of this one function, added by the scheduler target grant.',
        }
      : {
          finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/,
          reason: 'Versions and aliases of the one function this schedule invokes, as grantInvoke grants them',
        },
  ]);
  return role;
}

/**
 * EventBridge Scheduler schedules that invoke one function, sharing one role (see scheduleRole).
 * Also acknowledges the finding every platform function has (its basic execution policy).
 */
export function scheduleFunction(scope: Construct, fn: lambda.Function, invocations: readonly ScheduledInvocation[]): scheduler.Schedule[] {
  const role = scheduleRole(scope, 'SchedulerRole', { description: `Lets EventBridge Scheduler invoke ${fn.node.path}`, invokes: fn });
  const schedules = invocations.map(
    (invocation) =>
      new scheduler.Schedule(scope, invocation.id, {
        description: invocation.description,
        schedule: scheduler.ScheduleExpression.expression(invocation.expression),
        target: new schedulerTargets.LambdaInvoke(fn, {
          input: scheduler.ScheduleTargetInput.fromObject(invocation.input ?? {}),
          role,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      }),
  );
  acknowledgeLambdaBasicExecution(
    fn.role!,
    'The AWS managed basic execution policy only lets the function write its own logs; its log group is created with the function.',
  );
  return schedules;
}
