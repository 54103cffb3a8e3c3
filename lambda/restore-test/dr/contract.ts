/**
 * What the DR restore test's steps share. The workflow runs in the DR region (backup.drRegion) and
 * restores the newest off-site copy of the stage's database there; its results go to the stage's
 * own region: metrics (PutMetricData with a client of that region, since Powertools' EMF would land
 * in the DR region's logs), the day's restore-report section and the summary on the stage's topic.
 * Imports nothing, so constructs and config may read it.
 */

/** Environment the DR steps share. */
export const DR_ENV = {
  /** The stage's own region: where metrics, the report and the summary go. */
  primaryRegion: 'PRIMARY_REGION',
  /** The DR region's run bucket: each run's temporary master password, deleted by cleanup (1-day lifecycle backstop). */
  runBucket: 'RUN_BUCKET',
  /** The DR region's bucket of manifest copies, written by the DR-copy job beside each snapshot copy. */
  manifestBucket: 'MANIFEST_BUCKET',
} as const;

/** Metric names the DR steps publish into the stage's region (namespace StagePlatform, dimensions service and Stage). */
export const DR_METRICS = {
  succeeded: 'DrRestoreSucceeded',
  durationSeconds: 'DrRestoreDurationSeconds',
  dataAgeSeconds: 'DrRestoredDataAgeSeconds',
  hoursSinceSuccess: 'HoursSinceDrRestoreSucceeded',
  leftoversDeleted: 'DrRestoreLeftoversDeleted',
} as const;

/** The `service` dimension of the report step's metrics (its function name, as Powertools would set it). */
export const DR_REPORT_SERVICE = 'restore-test-dr-report';
/** The `service` dimension of the sweeper's metrics. */
export const DR_SWEEPER_SERVICE = 'restore-test-dr-sweeper';

/** Where the credentials step leaves a run's temporary master password for the verify step, and cleanup deletes it. */
export const RUN_CREDENTIALS_PREFIX = 'restore-runs/';

export function runCredentialsKey(copyId: string): string {
  return `${RUN_CREDENTIALS_PREFIX}${copyId}/credentials.json`;
}

/** The report section the DR restore test writes into the day's restore-test report. */
export const DR_REPORT_SECTION = 'drDatabase';
