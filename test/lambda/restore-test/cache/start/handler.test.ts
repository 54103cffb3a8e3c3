import { CreateReplicationGroupCommand, DescribeSnapshotsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/cache/start';
import { awsError, CACHE_COPY, state, useHandlerEnvironment } from '../../common/fixtures';

const elasticache = mockClient(ElastiCacheClient);
const secrets = mockClient(SecretsManagerClient);
const AUTH = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:cache-auth';

beforeEach(() => {
  elasticache.reset();
  secrets.reset();
  useHandlerEnvironment({
    SOURCE_REPLICATION_GROUP_ID: 'dev-valkey', // not the snapshot prefix dev-cache-, so the recorded snapshot name reads as <stage>-cache-…
    CACHE_NODE_TYPE: 'cache.t4g.micro',
    CACHE_SUBNET_GROUP_NAME: 'restore-cache-subnets',
    SECURITY_GROUP_ID: 'sg-cache-restore',
    AUTH_SECRET_ARN: AUTH,
    TIMEOUT_MINUTES: '120',
    KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111111111111:key/abc',
  });
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'the-auth-token' });
});

// What DescribeSnapshots returns for a Valkey 8.0 group: the full version, and SnapshotSource `manual` in the response.
const snapshotPage = {
  Snapshots: [
    {
      SnapshotName: 'dev-cache-20261122-0300',
      SnapshotSource: 'manual',
      SnapshotStatus: 'available',
      Engine: 'valkey',
      EngineVersion: '8.0.1',
      NodeSnapshots: [{ SnapshotCreateTime: new Date('2026-11-22T03:00:10Z') }],
    },
  ],
};

it('lists the source\'s user snapshots (SnapshotSource "user", the only request value for them) and creates a major.minor copy with the AUTH token and KMS key', async () => {
  elasticache.on(DescribeSnapshotsCommand).resolves(snapshotPage);
  elasticache.on(CreateReplicationGroupCommand).resolves({});
  await handler(state({}, 'cache'));
  expect(elasticache).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { ReplicationGroupId: 'dev-valkey', SnapshotSource: 'user' });
  expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: AUTH });
  expect(elasticache).toHaveReceivedCommandWith(CreateReplicationGroupCommand, {
    ReplicationGroupId: CACHE_COPY,
    SnapshotName: 'dev-cache-20261122-0300',
    Engine: 'valkey',
    EngineVersion: '8.0',
    TransitEncryptionEnabled: true,
    AuthToken: 'the-auth-token',
    KmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/abc',
  });
});

it('fails under the ElastiCache error name when the node quota is exceeded', async () => {
  elasticache.on(DescribeSnapshotsCommand).resolves(snapshotPage);
  elasticache.on(CreateReplicationGroupCommand).rejects(awsError('NodeQuotaForCustomerExceededFault'));
  await expect(handler(state({}, 'cache'))).rejects.toMatchObject({ name: 'NodeQuotaForCustomerExceededFault' });
});
