import {
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/cache/cleanup';
import { awsError, CACHE_COPY, ourTags, started, state, useHandlerEnvironment } from '../../common/fixtures';

const elasticache = mockClient(ElastiCacheClient);
const ARN = `arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:${CACHE_COPY}`;

beforeEach(() => {
  elasticache.reset();
  useHandlerEnvironment({});
});

it('checks the tags, then deletes the whole group without keeping its primary', async () => {
  elasticache
    .on(DescribeReplicationGroupsCommand)
    .resolves({ ReplicationGroups: [{ ReplicationGroupId: CACHE_COPY, ARN, Status: 'available' }] });
  elasticache.on(ListTagsForResourceCommand).resolves({ TagList: ourTags() });
  elasticache.on(DeleteReplicationGroupCommand).resolves({});
  expect((await handler(state({ restore: started({ copyId: CACHE_COPY }) }, 'cache'))).action).toBe('deleted');
  expect(elasticache).toHaveReceivedCommandWith(ListTagsForResourceCommand, { ResourceName: ARN });
  expect(elasticache).toHaveReceivedCommandWith(DeleteReplicationGroupCommand, {
    ReplicationGroupId: CACHE_COPY,
    RetainPrimaryCluster: false,
  });
});

it('deletes nothing and fails for a retry when the tags cannot be read', async () => {
  elasticache
    .on(DescribeReplicationGroupsCommand)
    .resolves({ ReplicationGroups: [{ ReplicationGroupId: CACHE_COPY, ARN, Status: 'available' }] });
  elasticache.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied'));
  await expect(handler(state({ restore: started({ copyId: CACHE_COPY }) }, 'cache'))).rejects.toMatchObject({ name: 'AccessDenied' });
  expect(elasticache).not.toHaveReceivedCommand(DeleteReplicationGroupCommand);
});

it('reports not-found when the group was never created', async () => {
  elasticache.on(DescribeReplicationGroupsCommand).rejects(awsError('ReplicationGroupNotFoundFault'));
  expect((await handler(state({ error: { Error: 'NoSnapshotAvailableError' } }, 'cache'))).action).toBe('not-found');
  expect(elasticache).not.toHaveReceivedCommand(DeleteReplicationGroupCommand);
});
