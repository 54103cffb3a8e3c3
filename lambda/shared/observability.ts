import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** Namespace every function of this platform publishes its metrics under; alarms read the same constant. */
export const METRICS_NAMESPACE = 'StagePlatform';

/** Logger and metrics for one function, tagged with its stage so one dashboard can filter by stage. */
export function createObservability(serviceName: string, stage: string | undefined = process.env.STAGE) {
  const logger = new Logger({ serviceName, persistentKeys: { stage: stage ?? 'unknown' } });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, defaultDimensions: { Stage: stage ?? 'unknown' } });
  return { logger, metrics };
}
