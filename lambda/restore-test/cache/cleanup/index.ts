import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { deleteCacheCopy, findReplicationGroup, listCacheTags } from '../../common/cache-copy';
import { ENV, type CacheCleanupEvent, type CacheCleanupResult } from './contract';
import { cleanupCacheCopy } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: CacheCleanupEvent): Promise<CacheCleanupResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-cache-cleanup', env.STAGE);
  const elasticache = new ElastiCacheClient(sdkClientConfig());
  const outcome = await cleanupCacheCopy(event, env.STAGE, {
    describeGroup: (id) => findReplicationGroup(elasticache, id),
    listTags: (arn) => listCacheTags(elasticache, arn),
    deleteGroup: (id) => deleteCacheCopy(elasticache, id),
  });
  logger.info('Restore copy cleanup', { ...outcome });
  return outcome;
}
