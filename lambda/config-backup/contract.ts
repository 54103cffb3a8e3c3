import { callsMs, deadlineBudget, type TimeBudget } from '../shared/time-budget';

/**
 * What the configuration backup function and the ConfigBackup construct agree on: environment
 * variable names, where the document is kept, its metadata, the result and the metric names.
 */

/** Environment variables the construct sets (STAGE comes from PlatformFunction). */
export const ENV = {
  /** Bucket the document is written to. */
  bucket: 'BACKUP_BUCKET',
  /** Cluster whose services' task definitions are exported. */
  cluster: 'CLUSTER_ARN',
  /** Project name: SSM parameters are read under `/<project>/<stage>/`. */
  project: 'PROJECT',
  /** CloudFormation stacks whose names start with this are exported (normally `<stage>-`). */
  stackNamePrefix: 'STACK_NAME_PREFIX',
} as const;

/** Powertools service name, and so the `service` metric dimension. */
export const CONFIG_BACKUP_SERVICE = 'config-backup';

/** Metric names alarms read (namespace METRICS_NAMESPACE, dimensions Stage and service). */
export const CONFIG_BACKUP_METRICS = {
  /** 1 when this run wrote a new version, 0 when the stored one was already the same. */
  configChanged: 'ConfigChanged',
} as const;

/** User metadata on the object holding the hex sha256 of its body (S3 returns it as `x-amz-meta-sha256`). */
export const SHA256_METADATA = 'sha256';

/** `config/<stage>/latest.json`; its earlier versions are the history (the bucket keeps the newest few). */
export function configKey(stage: string): string {
  return `config/${stage}/latest.json`;
}

/** SSM path holding the stage's parameters: `/<project>/<stage>/`. */
export function parameterPath(project: string, stage: string): string {
  return `/${project}/${stage}/`;
}

export interface ConfigBackupResult {
  /** What BackupSucceeded reports: the configuration was read and is stored (written or unchanged). */
  readonly succeeded: boolean;
  /** True when this run wrote a new version. */
  readonly changed: boolean;
  readonly key: string;
  /** sha256 of the document read this run (absent when reading failed). */
  readonly sha256?: string;
  /** S3 version id of the new object, when one was written. */
  readonly versionId?: string;
  /** What was exported, for the log line. */
  readonly counts?: { readonly services: number; readonly taskDefinitions: number; readonly parameters: number; readonly stacks: number };
  readonly reason?: string;
}

/**
 * Collects services, task definitions, parameters and stacks until the Lambda's remaining time less
 * the margin (no call starts after it: the run fails and writes nothing); then compares and writes
 * the one document.
 */
export const TIME_BUDGET: TimeBudget = deadlineBudget(300, 'collect-configuration', {
  head: callsMs(1),
  put: callsMs(1),
  headAfterPut: callsMs(1),
});
