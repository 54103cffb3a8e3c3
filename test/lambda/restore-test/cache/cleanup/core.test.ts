import type { ReplicationGroup, Tag } from '@aws-sdk/client-elasticache';
import { cleanupCacheCopy } from '../../../../../lambda/restore-test/cache/cleanup/core';
import { CACHE_COPY, ourTags, STAGE, started, state } from '../../common/fixtures';

const ARN = `arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:${CACHE_COPY}`;

function fakeElastiCache(group: ReplicationGroup | undefined, tags: Tag[]) {
  const deleted: string[] = [];
  const tagged: string[] = [];
  return {
    deleted,
    tagged,
    ports: {
      describeGroup: async () => group,
      listTags: async (arn: string) => {
        tagged.push(arn);
        return tags;
      },
      deleteGroup: async (id: string) => void deleted.push(id),
    },
  };
}

describe('cleanupCacheCopy', () => {
  it('reads the tags by ARN and deletes the copy this run made', async () => {
    const cache = fakeElastiCache({ ReplicationGroupId: CACHE_COPY, ARN, Status: 'available' }, ourTags());
    expect((await cleanupCacheCopy(state({ restore: started({ copyId: CACHE_COPY }) }, 'cache'), STAGE, cache.ports)).action).toBe(
      'deleted',
    );
    expect(cache.tagged).toEqual([ARN]);
    expect(cache.deleted).toEqual([CACHE_COPY]);
  });

  it('names the copy from the execution start when the start step failed', async () => {
    const cache = fakeElastiCache({ ReplicationGroupId: CACHE_COPY, ARN, Status: 'creating' }, ourTags());
    await cleanupCacheCopy(state({ error: { Error: 'Lambda.Unknown' } }, 'cache'), STAGE, cache.ports);
    expect(cache.deleted).toEqual([CACHE_COPY]);
  });

  it('leaves a group without the restore-test tags', async () => {
    const cache = fakeElastiCache({ ReplicationGroupId: CACHE_COPY, ARN, Status: 'available' }, [{ Key: 'Purpose', Value: 'sessions' }]);
    expect((await cleanupCacheCopy(state({ restore: started({ copyId: CACHE_COPY }) }, 'cache'), STAGE, cache.ports)).action).toBe(
      'refused',
    );
    expect(cache.deleted).toEqual([]);
  });
});
