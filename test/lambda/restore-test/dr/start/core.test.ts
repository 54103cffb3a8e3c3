import type { RestoreDBInstanceFromDBSnapshotCommandInput } from '@aws-sdk/client-rds';
import { newestDrCopy, startDrRestore, type DrStartConfig } from '../../../../../lambda/restore-test/dr/start/core';
import { NoSnapshotAvailableError } from '../../../../../lambda/restore-test/common/workflow';
import { DB_COPY, EXECUTION, state } from '../../common/fixtures';
import { BACKUP_TAGS, drCopy } from '../fixtures';

const config: DrStartConfig = {
  stage: 'dev',
  instanceClass: 'db.t4g.micro',
  subnetGroupName: 'dr-landing-zone-subnets',
  securityGroupId: 'sg-dr-copy',
  timeoutMinutes: 300,
};

function fakeRds(
  snapshots = [drCopy('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z'), drCopy('dev-appdb-2026-11-22', '2026-11-22T03:00:00Z')],
) {
  const requests: RestoreDBInstanceFromDBSnapshotCommandInput[] = [];
  return {
    requests,
    ports: {
      listSnapshots: async () => snapshots,
      restoreFromSnapshot: async (r: RestoreDBInstanceFromDBSnapshotCommandInput) => void requests.push(r),
    },
  };
}

describe('newestDrCopy', () => {
  it("picks the newest available copy by when it was taken, and only this stage's backups by their tags, whatever their names", () => {
    const newest = newestDrCopy(
      [
        drCopy('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z'),
        // Copied later than the newer one, but taken earlier: the original time decides.
        drCopy('dev-appdb-2026-11-20', '2026-11-20T03:00:00Z', { SnapshotCreateTime: new Date('2026-11-22T09:00:00Z') }),
        drCopy('dev-appdb-2026-11-22', '2026-11-22T03:00:00Z', { Status: 'copying' }),
        drCopy('staging-appdb-2026-11-23', '2026-11-23T03:00:00Z', { TagList: [{ Key: 'Stage', Value: 'staging' }, BACKUP_TAGS[1]] }),
        drCopy('named-like-ours-2026-11-23', '2026-11-23T03:00:00Z', { TagList: [{ Key: 'Stage', Value: 'dev' }] }),
        drCopy('dev-appdb-automated', '2026-11-23T03:00:00Z', { SnapshotType: 'automated' }),
        drCopy('renamed-by-hand', '2026-11-21T04:00:00Z'),
      ],
      'dev',
    );
    expect(newest?.DBSnapshotIdentifier).toBe('renamed-by-hand');
  });
});

describe('startDrRestore', () => {
  it('restores the newest copy into the landing zone: small, private, single-AZ, deletable, tagged as a restore copy of this stage', async () => {
    const rds = fakeRds();
    const started = await startDrRestore(state(), config, rds.ports);
    expect(rds.requests).toEqual([
      {
        DBInstanceIdentifier: DB_COPY,
        DBSnapshotIdentifier: 'dev-appdb-2026-11-22',
        DBInstanceClass: 'db.t4g.micro',
        DBSubnetGroupName: 'dr-landing-zone-subnets',
        VpcSecurityGroupIds: ['sg-dr-copy'],
        Port: 5432,
        PubliclyAccessible: false,
        MultiAZ: false,
        DeletionProtection: false,
        AutoMinorVersionUpgrade: false,
        CopyTagsToSnapshot: false,
        BackupRetentionPeriod: 0,
        Tags: [
          { Key: 'Purpose', Value: 'restore-test' },
          { Key: 'Stage', Value: 'dev' },
          { Key: 'RestoreTestExecution', Value: EXECUTION },
        ],
      },
    ]);
    expect(started).toEqual({
      copyId: DB_COPY,
      source: 'dev-appdb-2026-11-22',
      // The RPO counts from when the data was taken, not from when it was copied.
      sourceTime: '2026-11-22T03:00:00.000Z',
      manifestKey: 'manifests/dev/database/dev-appdb-2026-11-22.json',
      deadline: '2026-11-22T11:00:00.000Z',
    });
  });

  it('restores nothing and says why when the DR region holds no copy of this stage', async () => {
    const rds = fakeRds([
      drCopy('prod-appdb-2026-11-22', '2026-11-22T03:00:00Z', { TagList: [{ Key: 'Stage', Value: 'prod' }, BACKUP_TAGS[1]] }),
    ]);
    const error = await startDrRestore(state(), config, rds.ports).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSnapshotAvailableError);
    expect((error as Error).message).toBe(
      'No available off-site copy of stage dev in this region (manual snapshots tagged Stage=dev, CreatedBy=stage-platform-backup); nothing was restored',
    );
    expect(rds.requests).toEqual([]);
  });
});
