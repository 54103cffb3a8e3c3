import type { DBInstance } from '@aws-sdk/client-rds';
import { sweep } from '../../sweeper/core';
import { DR_METRICS } from '../contract';
import type { DrMetricValue } from '../metrics';
import type { DrSweepResult } from './contract';

export interface DrSweepPorts {
  listDbInstances(): Promise<DBInstance[]>;
  deleteDbInstance(id: string): Promise<void>;
  /** Stop time of the DR workflow's newest succeeded execution; it succeeds only when its restore test passed. */
  lastSuccess(): Promise<Date | undefined>;
  /** When the DR workflow was created: the age counts from there until a run succeeds. */
  createdAt(): Promise<Date>;
}

export interface DrSweepConfig {
  readonly stage: string;
  readonly maxAgeHours: number;
}

/**
 * The weekly tests' sweep (same names, tags and age rule), over database copies only: the DR region
 * restores no cache. Then the hours since the DR restore test last succeeded, counted from the
 * workflow's creation while none has, so a new stage gets the month's grace, not an alarm on day one.
 */
export async function sweepDrRegion(
  config: DrSweepConfig,
  ports: DrSweepPorts,
  now: Date,
  pastDeadline: () => boolean = () => false,
): Promise<DrSweepResult> {
  const success = await ports.lastSuccess();
  const since = success ?? (await ports.createdAt());
  const result = await sweep(
    config,
    {
      listDbInstances: ports.listDbInstances,
      deleteDbInstance: ports.deleteDbInstance,
      listCacheGroups: async () => [],
      listCacheTags: async () => [],
      deleteCacheGroup: async () => {
        throw new Error('The DR region holds no cache copies');
      },
    },
    now,
    pastDeadline,
  );
  const hoursSinceSuccess = Math.max(0, Math.round(((now.getTime() - since.getTime()) / 3_600_000) * 10) / 10);
  return { ...result, hoursSinceSuccess, since: success ? 'last-success' : 'workflow-created' };
}

export function drSweepMetrics(result: DrSweepResult): DrMetricValue[] {
  return [
    { name: DR_METRICS.leftoversDeleted, unit: 'Count', value: result.deleted },
    { name: DR_METRICS.hoursSinceSuccess, unit: 'Count', value: result.hoursSinceSuccess },
  ];
}
