import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ScheduledCapacity } from '../../../config/types';

/** Adds the configured scheduled capacity changes (e.g. dev to 0 at night) to a service's scaling. */
export function addScheduledCapacity(scaling: ecs.ScalableTaskCount, schedules: readonly ScheduledCapacity[]): void {
  for (const entry of schedules) {
    scaling.scaleOnSchedule(`Schedule-${entry.name}`, {
      schedule: appscaling.Schedule.expression(entry.schedule),
      minCapacity: entry.minCount,
      maxCapacity: entry.maxCount,
    });
  }
}
