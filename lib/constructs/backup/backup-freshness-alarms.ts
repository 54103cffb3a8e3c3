import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../common/stage-alarm';
import { FRESHNESS_METRICS, type BackupKindName } from '../../../lambda/backup-monitor/contract';
import { AlertTarget } from '../common/alarm-routing';
import { BACKUP_KIND_LABELS, snapshotMetrics } from './snapshot-metrics';

/** Hours the newest backup of each kind may reach: the schedule's interval plus slack for the run itself. */
export const FRESHNESS_THRESHOLD_HOURS: Readonly<Record<BackupKindName, number>> = {
  dbSnapshot: 26,
  drSnapshot: 26,
  dbDump: 26,
  configBackup: 26,
  cacheSnapshot: 7,
};

export interface BackupFreshnessAlarmsProps {
  readonly stage: string;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  /** The backup monitor's log group (and the jobs'), for the descriptions' Logs Insights link. @default none selected */
  readonly logGroups?: readonly logs.ILogGroup[];
  /** Overrides of the thresholds in hours. @default FRESHNESS_THRESHOLD_HOURS */
  readonly thresholdHours?: Partial<Record<BackupKindName, number>>;
}

/** `dbSnapshot` → `db-snapshot`: the kind as it appears in alarm names. */
export function backupKindSubject(kind: BackupKindName): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * One alarm per kind of backup when its newest copy is too old. It reads the monitor's metric, not
 * the job that makes the backup, so a job that stopped running alarms as surely as one that fails.
 * No reading at all (monitor down, lookup failing) counts as too old.
 */
export class BackupFreshnessAlarms extends Construct {
  readonly alarms: Readonly<Record<BackupKindName, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: BackupFreshnessAlarmsProps) {
    super(scope, id);
    const thresholds = { ...FRESHNESS_THRESHOLD_HOURS, ...props.thresholdHours };
    const kinds = Object.keys(FRESHNESS_METRICS) as BackupKindName[];
    this.alarms = Object.fromEntries(
      kinds.map((kind) => {
        const subject = backupKindSubject(kind);
        const alarm = createOperationsAlarm(this, kind, {
          stage: props.stage,
          kind: 'backupStale',
          subject,
          condition: `the newest ${BACKUP_KIND_LABELS[kind]} is more than ${thresholds[kind]} hours old, or its age is unknown (${FRESHNESS_METRICS[kind]})`,
          topic: props.alarmTopic,
          logGroups: props.logGroups,
          windowSeconds: thresholds[kind] * 3600,
          metric: snapshotMetrics.freshness(props.stage, kind),
          threshold: thresholds[kind],
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        });
        return [kind, alarm];
      }),
    ) as Record<BackupKindName, cloudwatch.Alarm>;
  }
}
