import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DrillsConfig } from '../../../config/drills';
import { recoverySecondsMetric } from './drill-metrics';
import { HealthCheck } from '../health-check';

/** Restore-test results published by the restore tests (build them with `restoreTestMetric`). */
export interface RestoreTestMetrics {
  /** `RestoreDurationSeconds`: database restore to verified copy, the measured RTO. */
  readonly databaseDuration?: cloudwatch.IMetric;
  /** `RestoredDataAgeSeconds`: age of the newest restored row, the measured RPO. */
  readonly databaseDataAge?: cloudwatch.IMetric;
  /** `CacheRestoreDurationSeconds`. */
  readonly cacheDuration?: cloudwatch.IMetric;
  /** `CacheRestoredDataAgeSeconds`. */
  readonly cacheDataAge?: cloudwatch.IMetric;
}

export interface RecoveryWidgetsProps {
  readonly stage: string;
  readonly config: DrillsConfig;
  readonly healthCheck?: HealthCheck;
  readonly restoreTestMetrics?: RestoreTestMetrics;
}

const WIDTH = 6;
const HEIGHT = 6;
/** Far enough back to always include the last monthly drill. */
const SINCE_LAST_DRILL = '-P45D';
const SINCE_LAST_RESTORE = '-P8D';

/** The dashboard's "Recovery" row; only what this stage runs appears. */
export function recoveryWidgets(props: RecoveryWidgetsProps): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [];
  const { drills, healthCheck } = props.config;
  if (drills.enabled) {
    const recovery = drills.kinds.map((kind) => recoverySecondsMetric(props.stage, kind).with({ label: `${kind} recovery (s)` }));
    widgets.push(
      new cloudwatch.SingleValueWidget({
        title: `Last failover drills: recovery seconds (target ${drills.targetRecoverySeconds} s)`,
        metrics: recovery,
        start: SINCE_LAST_DRILL,
        width: WIDTH,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failover recovery seconds per drill',
        left: recovery.map((metric) => metric.with({ period: Duration.days(1) })),
        leftAnnotations: [{ value: drills.targetRecoverySeconds, label: 'Target', color: cloudwatch.Color.RED }],
        view: cloudwatch.GraphWidgetView.TIME_SERIES,
        start: '-P180D',
        width: WIDTH,
        height: HEIGHT,
      }),
    );
  }
  if (healthCheck.enabled && props.healthCheck) {
    widgets.push(
      new cloudwatch.GraphWidget({
        title: 'Synthetic availability and latency',
        left: [props.healthCheck.availability.with({ label: 'Availability %' })],
        leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
        leftAnnotations: [{ value: healthCheck.availabilityAlarmPercent, label: 'Alarm below', color: cloudwatch.Color.RED }],
        right: [props.healthCheck.latency.with({ label: 'Latency p90 (ms)' })],
        width: WIDTH,
        height: HEIGHT,
      }),
    );
  }
  const restore = props.restoreTestMetrics;
  const restoreMetrics = restore
    ? [restore.databaseDuration, restore.databaseDataAge, restore.cacheDuration, restore.cacheDataAge].filter(
        (m): m is cloudwatch.IMetric => !!m,
      )
    : [];
  if (restoreMetrics.length) {
    widgets.push(
      new cloudwatch.SingleValueWidget({
        title: 'Last restore tests: seconds to restore / data age',
        metrics: restoreMetrics,
        start: SINCE_LAST_RESTORE,
        width: WIDTH,
        height: HEIGHT,
      }),
    );
  }
  return widgets;
}
