import type { DBInstance } from '@aws-sdk/client-rds';
import { checkDatabaseCopy } from '../../../../../lambda/restore-test/db/status/core';
import { started, state } from '../../common/fixtures';

const now = new Date('2026-11-22T06:30:00Z');
const ports = (instance: DBInstance | undefined) => ({ describeInstance: async () => instance });
const available: DBInstance = {
  DBInstanceStatus: 'available',
  Endpoint: { Address: 'copy.abc.eu-west-1.rds.amazonaws.com', Port: 5432 },
  MasterUsername: 'platform',
  DBName: 'app',
};

describe('checkDatabaseCopy', () => {
  it('is ready when available, with what the next steps need to connect', async () => {
    expect(await checkDatabaseCopy(state({ restore: started() }), 100, ports(available), now)).toEqual({
      ready: true,
      polls: 1,
      status: 'available',
      address: 'copy.abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      masterUsername: 'platform',
      dbName: 'app',
    });
  });

  it('is not ready while a new master password is pending, even when RDS still says available', async () => {
    const pending = { ...available, PendingModifiedValues: { MasterUserPassword: '****' } };
    expect(await checkDatabaseCopy(state({ restore: started() }), 100, ports(pending), now)).toEqual({
      ready: false,
      polls: 1,
      status: 'available',
    });
  });

  it.each(['creating', 'backing-up', 'resetting-master-credentials', 'modifying'])('waits while the instance is %s', async (status) => {
    expect((await checkDatabaseCopy(state({ restore: started() }), 100, ports({ DBInstanceStatus: status }), now)).ready).toBe(false);
  });

  it.each(['incompatible-restore', 'failed', 'storage-full'])('fails at once when the instance is %s', async (status) => {
    await expect(checkDatabaseCopy(state({ restore: started() }), 100, ports({ DBInstanceStatus: status }), now)).rejects.toMatchObject({
      name: 'RestoreFailedError',
    });
  });
});
