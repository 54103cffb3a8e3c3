import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import { checkCacheCopy } from '../../../../../lambda/restore-test/cache/status/core';
import { CACHE_COPY, started, state } from '../../common/fixtures';

const now = new Date('2026-11-22T06:20:00Z');
const restore = started({ copyId: CACHE_COPY });
const ports = (group: ReplicationGroup | undefined) => ({ describeGroup: async () => group });

describe('checkCacheCopy', () => {
  it('is ready when available, with the primary endpoint', async () => {
    const group = { Status: 'available', NodeGroups: [{ PrimaryEndpoint: { Address: 'master.dev-rt.cache.amazonaws.com', Port: 6379 } }] };
    expect(await checkCacheCopy(state({ restore }, 'cache'), 100, ports(group), now)).toEqual({
      ready: true,
      polls: 1,
      status: 'available',
      address: 'master.dev-rt.cache.amazonaws.com',
      port: 6379,
    });
  });

  it('waits while the group is being created', async () => {
    expect(await checkCacheCopy(state({ restore }, 'cache'), 100, ports({ Status: 'creating' }), now)).toEqual({
      ready: false,
      polls: 1,
      status: 'creating',
    });
  });

  it('fails at once when the creation failed', async () => {
    await expect(checkCacheCopy(state({ restore }, 'cache'), 100, ports({ Status: 'create-failed' }), now)).rejects.toMatchObject({
      name: 'RestoreFailedError',
    });
  });
});
