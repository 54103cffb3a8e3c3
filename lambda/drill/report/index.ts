import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { readEnvironment } from '../../shared/env';
import { wrapHandler } from '../../shared/handler';
import type { DrillReportEvent, DrillReportResult } from './contract';
import { DRILL_KIND_DIMENSION, ENV, METRIC, REPORT_KEY_ATTEMPTS } from './contract';
import { buildDrillReport } from './core';
import { storeDrillReport } from './store';
import { sdkClientConfig } from '../../shared/sdk-client';

export interface DrillReportDependencies {
  readonly env?: Record<string, string | undefined>;
  readonly s3?: () => S3Client;
  readonly clock?: () => number;
}

/**
 * Ends every drill, successful or not: writes the drill report to the bucket and publishes the
 * recovery time the alarm and the dashboard read.
 */
export function createHandler(deps: DrillReportDependencies = {}) {
  const s3 = (deps.s3 ?? (() => new S3Client(sdkClientConfig())))();
  return wrapHandler(
    'drill-report',
    async (event: DrillReportEvent, { logger, metrics }): Promise<DrillReportResult> => {
      const env = readEnvironment([ENV.BUCKET, 'STAGE'], deps.env);
      const report = buildDrillReport(event, env.STAGE, new Date((deps.clock ?? Date.now)()));
      const key = await storeDrillReport(s3, env[ENV.BUCKET], report, REPORT_KEY_ATTEMPTS);
      if (report.recoverySeconds !== undefined) {
        metrics.addDimension(DRILL_KIND_DIMENSION, report.kind);
        metrics.addMetric(METRIC.RECOVERY_SECONDS, MetricUnit.Seconds, report.recoverySeconds);
      }
      const log = report.outcome === 'recovered' ? logger.info.bind(logger) : logger.error.bind(logger);
      log('Drill finished', {
        kind: report.kind,
        outcome: report.outcome,
        recoverySeconds: report.recoverySeconds,
        metTarget: report.metTarget,
        key,
      });
      return { key, outcome: report.outcome, recoverySeconds: report.recoverySeconds, metTarget: report.metTarget };
    },
    { publishesMetrics: true, stage: () => (deps.env ?? process.env).STAGE },
  );
}

/** The S3 client built once per container, at module scope; createHandler(deps) lets a test pass its own. */
export const handler = createHandler();
