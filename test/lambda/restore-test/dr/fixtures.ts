import type { DBSnapshot } from '@aws-sdk/client-rds';
import { useHandlerEnvironment } from '../common/fixtures';

/** The DR test's handlers run in the DR region and report to the stage's own region. */
export const DR_REGION = 'eu-central-1';
export const PRIMARY_REGION = 'eu-west-1';
export const RUN_BUCKET = 'dev-dr-restore-test-runbucket';
export const MANIFEST_BUCKET = 'dev-dr-manifestcopies';

/** Environment of a DR step: the DR region is the function's own. */
export function useDrHandlerEnvironment(vars: Record<string, string>): void {
  useHandlerEnvironment({ AWS_REGION: DR_REGION, ...vars });
}

export const BACKUP_TAGS = [
  { Key: 'Stage', Value: 'dev' },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
  { Key: 'BackupKind', Value: 'daily' },
];

/** An off-site copy as DescribeDBSnapshots shows it in the DR region: copied some hours after it was taken. */
export function drCopy(id: string, takenAt: string, overrides: Partial<DBSnapshot> = {}): DBSnapshot {
  const taken = new Date(takenAt);
  return {
    DBSnapshotIdentifier: id,
    DBSnapshotArn: `arn:aws:rds:${DR_REGION}:111111111111:snapshot:${id}`,
    DBInstanceIdentifier: 'appdb',
    SnapshotType: 'manual',
    Status: 'available',
    OriginalSnapshotCreateTime: taken,
    SnapshotCreateTime: new Date(taken.getTime() + 90 * 60_000),
    TagList: BACKUP_TAGS,
    ...overrides,
  };
}
