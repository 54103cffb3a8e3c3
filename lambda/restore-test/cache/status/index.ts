import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { findReplicationGroup } from '../../common/copies';
import { numberSetting } from '../../common/env-values';
import { ENV, type CacheStatusEvent, type CacheStatusResult } from './contract';
import { checkCacheCopy } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly elasticache: ElastiCacheClient;
}

export const createClients = (): Clients => ({ elasticache: new ElastiCacheClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-cache-status', async (event: CacheStatusEvent, { logger }): Promise<CacheStatusResult> => {
    const { elasticache } = clients;
    const env = readEnvironment(Object.values(ENV));
    const result = await checkCacheCopy(
      event,
      numberSetting(ENV.maxPolls, env.MAX_POLLS),
      { describeGroup: (id) => findReplicationGroup(elasticache, id) },
      new Date(),
    );
    logger.info('Restore copy status', { copyId: event.restore?.copyId, ready: result.ready, status: result.status, polls: result.polls });
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
