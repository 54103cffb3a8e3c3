import type { DBInstance } from '@aws-sdk/client-rds';
import { drSweepMetrics, sweepDrRegion } from '../../../../../lambda/restore-test/dr/sweeper/core';
import { ourTags } from '../../common/fixtures';

const now = new Date('2026-12-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const instance = (id: string, ageHours: number, tags = ourTags('run')): DBInstance => ({
  DBInstanceIdentifier: id,
  DBInstanceStatus: 'available',
  InstanceCreateTime: hoursAgo(ageHours),
  TagList: tags,
});

function fakeRegion(instances: DBInstance[], lastSuccess?: Date) {
  const deleted: string[] = [];
  return {
    deleted,
    ports: {
      listDbInstances: async () => instances,
      deleteDbInstance: async (id: string) => void deleted.push(id),
      lastSuccess: async () => lastSuccess,
      createdAt: async () => hoursAgo(48),
    },
  };
}

describe('sweepDrRegion', () => {
  it("deletes only this stage's restore copies past the age limit, and reads the hours since the last pass", async () => {
    const region = fakeRegion(
      [
        instance('dev-restore-test-202611300600', 30),
        instance('dev-restore-test-202612011000', 2),
        instance('dev-restore-test-202611290600', 50, ourTags('run', 'prod')),
        instance('dev-appdb', 500, []),
      ],
      hoursAgo(24 * 30),
    );
    const result = await sweepDrRegion({ stage: 'dev', maxAgeHours: 8 }, region.ports, now);
    expect(region.deleted).toEqual(['dev-restore-test-202611300600']);
    expect(result).toMatchObject({ deleted: 1, failed: 0, hoursSinceSuccess: 720, since: 'last-success' });
    expect(drSweepMetrics(result)).toEqual([
      { name: 'DrRestoreLeftoversDeleted', unit: 'Count', value: 1 },
      { name: 'HoursSinceDrRestoreSucceeded', unit: 'Count', value: 720 },
    ]);
  });

  it('counts from the workflow creation while no run has passed, so a new stage is not alarmed on day one', async () => {
    const result = await sweepDrRegion({ stage: 'dev', maxAgeHours: 8 }, fakeRegion([]).ports, now);
    expect(result).toMatchObject({ hoursSinceSuccess: 48, since: 'workflow-created', decisions: [] });
  });
});
