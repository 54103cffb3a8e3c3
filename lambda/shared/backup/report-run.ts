import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

/** 1 when a backup run did everything it should, 0 otherwise; the failed-run alarms read it. */
export const BACKUP_SUCCEEDED_METRIC = 'BackupSucceeded';

export interface MetricValue {
  readonly name: string;
  readonly unit: (typeof MetricUnit)[keyof typeof MetricUnit];
  readonly value: number;
}

/**
 * Runs one invocation and records BackupSucceeded whatever happens, so a run that dies early
 * (missing environment, malformed event) still shows up as a failed backup and not as silence.
 * A run that finished with failed steps returns normally; only an unexpected error is rethrown.
 * It publishes nothing itself: the handler wrapper's logMetrics flushes the metrics at the end of
 * the invocation, a failed one too (backupJob).
 */
export async function reportRun<R extends { readonly succeeded: boolean }>(
  observability: { readonly logger: Logger; readonly metrics: Metrics },
  run: () => Promise<R>,
  extraMetrics: (result: R) => readonly MetricValue[] = () => [],
): Promise<R> {
  const { logger, metrics } = observability;
  try {
    const result = await run();
    metrics.addMetric(BACKUP_SUCCEEDED_METRIC, MetricUnit.Count, result.succeeded ? 1 : 0);
    for (const m of extraMetrics(result)) metrics.addMetric(m.name, m.unit, m.value);
    if (result.succeeded) logger.info('Backup run succeeded', { result });
    else logger.error('Backup run finished with failures', { result });
    return result;
  } catch (error) {
    metrics.addMetric(BACKUP_SUCCEEDED_METRIC, MetricUnit.Count, 0);
    logger.error('Backup run stopped before finishing', error as Error);
    throw error;
  }
}
