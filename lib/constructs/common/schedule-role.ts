import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './nag';

/**
 * EventBridge Scheduler's role for one schedule, created here rather than the target's stack-wide
 * default so it sits under (and is reviewed with) the construct that owns the schedule.
 */
export function scheduleRole(scope: Construct, id: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
  });
  acknowledgeWildcards(role, [{ finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/, reason: 'Versions and aliases of the one function this schedule invokes, as grantInvoke grants them' }]);
  return role;
}
