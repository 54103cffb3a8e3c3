import type { RestoreSection } from '../../shared/restore-report';
import type { FreshnessReading } from './contract';

export interface FreshnessPorts {
  /** Stop time of the newest succeeded execution; a run ends in success only when its restore test passed. */
  lastSuccess(stateMachineArn: string): Promise<Date | undefined>;
  createdAt(stateMachineArn: string): Promise<Date>;
}

/**
 * Hours since each workflow last succeeded. A workflow that never succeeded counts from its creation,
 * so a new stage gets a week's grace instead of an alarm on its first day.
 */
export async function readFreshness(
  stateMachines: Readonly<Record<RestoreSection, string>>,
  ports: FreshnessPorts,
  now: Date,
): Promise<FreshnessReading[]> {
  return Promise.all(
    (Object.keys(stateMachines) as RestoreSection[]).map(async (kind) => {
      const arn = stateMachines[kind];
      const success = await ports.lastSuccess(arn);
      const at = success ?? (await ports.createdAt(arn));
      const hours = Math.max(0, Math.round(((now.getTime() - at.getTime()) / 3_600_000) * 10) / 10);
      return { kind, hours, since: success ? 'last-success' : 'workflow-created', at: at.toISOString() } as const;
    }),
  );
}
