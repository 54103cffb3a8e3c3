import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { deleteCacheCopy, findReplicationGroup, listCacheTags } from '../../common/copies';
import { ENV, type CacheCleanupEvent, type CacheCleanupResult } from './contract';
import { cleanupCacheCopy } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly elasticache: ElastiCacheClient;
}

export const createClients = (): Clients => ({ elasticache: new ElastiCacheClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-cache-cleanup', async (event: CacheCleanupEvent, { logger }): Promise<CacheCleanupResult> => {
    const { elasticache } = clients;
    const env = readEnvironment(Object.values(ENV));
    const outcome = await cleanupCacheCopy(event, env.STAGE, {
      describeGroup: (id) => findReplicationGroup(elasticache, id),
      listTags: (arn) => listCacheTags(elasticache, arn),
      deleteGroup: (id) => deleteCacheCopy(elasticache, id),
    });
    logger.info('Restore copy cleanup', { ...outcome });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
