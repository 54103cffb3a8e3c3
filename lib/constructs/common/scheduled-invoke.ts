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

/**
 * EventBridge Scheduler schedules that invoke one function, sharing one role that only this
 * account's scheduler can assume. Also acknowledges the findings every platform function has
 * (its basic execution policy) and the invoke grant on the function's versions (`<ARN>:*`).
 */
export function scheduleFunction(scope: Construct, fn: lambda.Function, invocations: readonly ScheduledInvocation[]): scheduler.Schedule[] {
  const role = new iam.Role(scope, 'SchedulerRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
    description: `Lets EventBridge Scheduler invoke ${fn.node.path}`,
  });
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
  acknowledgeWildcards(role.node.findChild('DefaultPolicy') as iam.Policy, [
    {
      finding: wildcardResources(`${fn.functionArn}:*`),
      reason: 'Invoke permission on the versions and aliases of this one function, added by the scheduler target grant.',
    },
  ]);
  acknowledgeLambdaBasicExecution(fn.role!, 'The AWS managed basic execution policy only lets the function write its own logs; its log group is created with the function.');
  return schedules;
}
