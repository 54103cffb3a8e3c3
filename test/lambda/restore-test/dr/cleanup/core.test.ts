import type { DBInstance } from '@aws-sdk/client-rds';
import { cleanupDrRun } from '../../../../../lambda/restore-test/dr/cleanup/core';
import { DB_COPY, ourTags, started, state } from '../../common/fixtures';

function fakeRegion(instance: DBInstance | undefined, failCredentials = false) {
  const deleted: string[] = [];
  const credentialsDeleted: string[] = [];
  return {
    deleted,
    credentialsDeleted,
    ports: {
      describeInstance: async () => instance,
      deleteInstance: async (id: string) => void deleted.push(id),
      deleteCredentials: async (id: string) => {
        if (failCredentials) throw new Error('AccessDenied');
        credentialsDeleted.push(id);
      },
    },
  };
}

describe('cleanupDrRun', () => {
  it("deletes this run's copy and its password object", async () => {
    const region = fakeRegion({ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'available', TagList: ourTags() });
    const outcome = await cleanupDrRun(state({ restore: started() }), 'dev', region.ports);
    expect(region.deleted).toEqual([DB_COPY]);
    expect(region.credentialsDeleted).toEqual([DB_COPY]);
    expect(outcome).toEqual({ copyId: DB_COPY, action: 'deleted', detail: `${DB_COPY} deleted; password object deleted` });
  });

  it("leaves a copy another run made, but still deletes this run's password object", async () => {
    const region = fakeRegion({ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'available', TagList: ourTags('another-run') });
    const outcome = await cleanupDrRun(state({ restore: started() }), 'dev', region.ports);
    expect(region.deleted).toEqual([]);
    expect(region.credentialsDeleted).toEqual([DB_COPY]);
    expect(outcome.action).toBe('refused');
  });

  it('after a failed start, looks for the copy the start would have made, and its password object', async () => {
    const region = fakeRegion(undefined);
    const outcome = await cleanupDrRun(state({ error: { Error: 'RestoreFailedError' } }), 'dev', region.ports);
    expect(outcome).toMatchObject({ copyId: DB_COPY, action: 'not-found' });
    expect(region.credentialsDeleted).toEqual([DB_COPY]);
  });

  it('fails (so the workflow retries) when the password object could not be deleted, after handling the copy', async () => {
    const region = fakeRegion({ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'available', TagList: ourTags() }, true);
    await expect(cleanupDrRun(state({ restore: started() }), 'dev', region.ports)).rejects.toThrow(
      `The copy was handled (${DB_COPY} deleted), but its password object could not be deleted: AccessDenied`,
    );
    expect(region.deleted).toEqual([DB_COPY]);
  });
});
