import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DUMP_SIZE_METRIC, FRESHNESS_METRICS, HANDLER_DIR as MONITOR, type BackupKindName } from '../../../lambda/backup-monitor/contract';
import { HANDLER_DIR as RETENTION, SNAPSHOTS_DELETED_METRIC, SNAPSHOTS_KEPT_METRIC } from '../../../lambda/backup-retention/contract';
import { HANDLER_DIR as DB_SNAPSHOT, ROW_COUNT_TABLES_METRIC } from '../../../lambda/db-snapshot/contract';
import { functionMetric } from '../common/function-metric';

/** Words for each kind of backup, for alarm descriptions and dashboard labels. */
export const BACKUP_KIND_LABELS: Readonly<Record<BackupKindName, string>> = {
  dbSnapshot: 'database snapshot',
  drSnapshot: 'database snapshot copy in the DR region',
  cacheSnapshot: 'cache snapshot',
  dbDump: 'database dump',
  configBackup: 'configuration backup',
};

function metric(
  stage: string,
  service: string,
  metricName: string,
  statistic: string,
  period: Duration,
  label?: string,
): cloudwatch.Metric {
  return functionMetric(metricName, service, stage, { statistic, period, label });
}

/** The metrics the snapshot jobs publish, for alarms and dashboards. */
export const snapshotMetrics = {
  /**
   * Age in hours of the newest backup of a kind, as the hourly monitor reads it. The lowest reading
   * of two hours: one reading always lands in the window, and a backup that just arrived clears it.
   */
  freshness: (stage: string, kind: BackupKindName, period = Duration.hours(2)) =>
    metric(stage, MONITOR, FRESHNESS_METRICS[kind], cloudwatch.Stats.MINIMUM, period),
  dumpSize: (stage: string) =>
    metric(stage, MONITOR, DUMP_SIZE_METRIC, cloudwatch.Stats.MAXIMUM, Duration.hours(1), `${stage} newest dump size`),
  snapshotsDeleted: (stage: string) =>
    metric(stage, RETENTION, SNAPSHOTS_DELETED_METRIC, cloudwatch.Stats.SUM, Duration.days(1), `${stage} snapshots deleted`),
  snapshotsKept: (stage: string) =>
    metric(stage, RETENTION, SNAPSHOTS_KEPT_METRIC, cloudwatch.Stats.MAXIMUM, Duration.days(1), `${stage} snapshots kept`),
  rowCountTables: (stage: string) =>
    metric(stage, DB_SNAPSHOT, ROW_COUNT_TABLES_METRIC, cloudwatch.Stats.MINIMUM, Duration.days(1), `${stage} tables counted`),
};
