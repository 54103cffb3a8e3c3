import type { DBInstance } from '@aws-sdk/client-rds';
import { cleanupDatabaseCopy } from '../../../../../lambda/restore-test/db/cleanup/core';
import { DB_COPY, ourTags, STAGE, started, state } from '../../common/fixtures';

function fakeRds(instances: Record<string, DBInstance>) {
  const deleted: string[] = [];
  return {
    deleted,
    ports: { describeInstance: async (id: string) => instances[id], deleteInstance: async (id: string) => void deleted.push(id) },
  };
}

describe('cleanupDatabaseCopy', () => {
  it('deletes the instance this run restored', async () => {
    const rds = fakeRds({ [DB_COPY]: { DBInstanceStatus: 'available', TagList: ourTags() } });
    expect((await cleanupDatabaseCopy(state({ restore: started() }), STAGE, rds.ports)).action).toBe('deleted');
    expect(rds.deleted).toEqual([DB_COPY]);
  });

  it('finds the instance by the execution start when the start step failed after calling RDS', async () => {
    const rds = fakeRds({ [DB_COPY]: { DBInstanceStatus: 'creating', TagList: ourTags() } });
    await cleanupDatabaseCopy(state({ error: { Error: 'States.Timeout' } }), STAGE, rds.ports);
    expect(rds.deleted).toEqual([DB_COPY]);
  });

  it('does not delete an instance without the restore-test tags of this stage', async () => {
    const rds = fakeRds({ [DB_COPY]: { DBInstanceStatus: 'available', TagList: [{ Key: 'Stage', Value: STAGE }] } });
    expect((await cleanupDatabaseCopy(state({ restore: started() }), STAGE, rds.ports)).action).toBe('refused');
    expect(rds.deleted).toEqual([]);
  });
});
