import { CreateReplicationGroupCommand, ElastiCacheClient, paginateDescribeSnapshots } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { numberSetting } from '../../common/env-values';
import { allItems } from '../../../shared/pages';
import { readCacheAuthToken } from '../../common/secrets';
import { ENV, MAX_SNAPSHOT_PAGES, OPTIONAL_ENV, type CacheStartEvent, type CacheStartResult } from './contract';
import { startCacheRestore } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly elasticache: ElastiCacheClient;
  readonly secrets: SecretsManagerClient;
}

export const createClients = (): Clients => ({
  elasticache: new ElastiCacheClient(sdkClientConfig()),
  secrets: new SecretsManagerClient(sdkClientConfig()),
});

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-cache-start', async (event: CacheStartEvent, { logger }): Promise<CacheStartResult> => {
    const { elasticache, secrets } = clients;
    const env = readEnvironment(Object.values(ENV));
    const started = await startCacheRestore(
      event,
      {
        stage: env.STAGE,
        sourceReplicationGroupId: env.SOURCE_REPLICATION_GROUP_ID,
        cacheNodeType: env.CACHE_NODE_TYPE,
        subnetGroupName: env.CACHE_SUBNET_GROUP_NAME,
        securityGroupId: env.SECURITY_GROUP_ID,
        timeoutMinutes: numberSetting(ENV.timeoutMinutes, env.TIMEOUT_MINUTES),
        kmsKeyId: process.env[OPTIONAL_ENV.kmsKeyId] || undefined,
      },
      {
        // The request takes `user` (or `system`); `manual` is only what a response calls such a snapshot.
        listSnapshots: () =>
          allItems(
            paginateDescribeSnapshots(
              { client: elasticache },
              { ReplicationGroupId: env.SOURCE_REPLICATION_GROUP_ID, SnapshotSource: 'user' },
            ),
            (page) => page.Snapshots,
            {
              maxPages: MAX_SNAPSHOT_PAGES,
            },
          ),
        readAuthToken: () => readCacheAuthToken(secrets, env.AUTH_SECRET_ARN, process.env[OPTIONAL_ENV.authSecretJsonKey] || undefined),
        async createReplicationGroup(request) {
          await elasticache.send(new CreateReplicationGroupCommand(request));
        },
      },
    );
    logger.info('Cache restore started', { ...started });
    return started;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
