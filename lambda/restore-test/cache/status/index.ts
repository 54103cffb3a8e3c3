import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { findReplicationGroup } from '../../common/cache-copy';
import { numberSetting } from '../../common/env-values';
import { ENV, type CacheStatusEvent, type CacheStatusResult } from './contract';
import { checkCacheCopy } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: CacheStatusEvent): Promise<CacheStatusResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-cache-status', env.STAGE);
  const elasticache = new ElastiCacheClient(sdkClientConfig());
  const result = await checkCacheCopy(event, numberSetting(ENV.maxPolls, env.MAX_POLLS), { describeGroup: (id) => findReplicationGroup(elasticache, id) }, new Date());
  logger.info('Restore copy status', { copyId: event.restore?.copyId, ready: result.ready, status: result.status, polls: result.polls });
  return result;
}
