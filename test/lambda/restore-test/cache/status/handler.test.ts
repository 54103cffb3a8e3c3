import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/cache/status';
import { awsError, CACHE_COPY, started, state, useHandlerEnvironment } from '../../common/fixtures';

const elasticache = mockClient(ElastiCacheClient);

beforeEach(() => {
  elasticache.reset();
  useHandlerEnvironment({ MAX_POLLS: '3' });
});

it('describes the copy by id', async () => {
  elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ Status: 'creating' }] });
  const result = await handler(state({ restore: started({ copyId: CACHE_COPY, deadline: '2999-01-01T00:00:00.000Z' }) }, 'cache'));
  expect(elasticache).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: CACHE_COPY });
  expect(result.ready).toBe(false);
});

it('stops the loop after MAX_POLLS status checks', async () => {
  elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ Status: 'creating' }] });
  const polled = state(
    {
      restore: started({ copyId: CACHE_COPY, deadline: '2999-01-01T00:00:00.000Z' }),
      status: { ready: false, polls: 2, status: 'creating' },
    },
    'cache',
  );
  await expect(handler(polled)).rejects.toMatchObject({ name: 'RestoreDeadlineExceededError' });
});

it('fails the step when the copy is gone', async () => {
  elasticache.on(DescribeReplicationGroupsCommand).rejects(awsError('ReplicationGroupNotFoundFault'));
  await expect(handler(state({ restore: started({ copyId: CACHE_COPY }) }, 'cache'))).rejects.toMatchObject({ name: 'RestoreFailedError' });
});
