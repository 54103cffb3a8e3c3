import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ElastiCacheClient, paginateDescribeReplicationGroups } from '@aws-sdk/client-elasticache';
import { paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { readEnvironment } from '../../shared/env';
import { wrapHandler } from '../../shared/handler';
import { deleteCacheCopy, listCacheTags, deleteDbCopy } from '../common/copies';
import { numberSetting } from '../common/env-values';
import { allItems } from '../../shared/pages';
import { ENV, LEFTOVERS_METRIC, SWEEPER_SERVICE, type SweepResult, TIME_BUDGET } from './contract';
import { sweep } from './core';
import { invocationDeadline } from '../../shared/time-budget';
import { sdkClientConfig } from '../../shared/sdk-client';

export interface Clients {
  readonly rds: RDSClient;
  readonly elasticache: ElastiCacheClient;
}

export const createClients = (): Clients => ({
  rds: new RDSClient(sdkClientConfig()),
  elasticache: new ElastiCacheClient(sdkClientConfig()),
});

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(
    SWEEPER_SERVICE,
    async (_event: unknown, { logger, metrics, context }): Promise<SweepResult> => {
      const { rds, elasticache } = clients;
      const env = readEnvironment(Object.values(ENV));
      const deadline = invocationDeadline(context, TIME_BUDGET);
      // The account's instances and groups, however many: the deadline, not a page count, bounds the listings.
      const limits = { deadline };
      const result = await sweep(
        { stage: env.STAGE, maxAgeHours: numberSetting(ENV.maxAgeHours, env.MAX_AGE_HOURS) },
        {
          listDbInstances: () => allItems(paginateDescribeDBInstances({ client: rds }, {}), (page) => page.DBInstances, limits),
          deleteDbInstance: (id) => deleteDbCopy(rds, id),
          listCacheGroups: () =>
            allItems(paginateDescribeReplicationGroups({ client: elasticache }, {}), (page) => page.ReplicationGroups, limits),
          listCacheTags: (arn) => listCacheTags(elasticache, arn),
          deleteCacheGroup: (id) => deleteCacheCopy(elasticache, id),
        },
        new Date(),
        () => Date.now() >= deadline,
      );
      for (const decision of result.decisions) logger.info(`Sweep: ${decision.action} ${decision.kind} ${decision.id}`, { ...decision });
      if (result.deferred > 0)
        logger.warn(`Sweep stopped at its deadline: ${result.deferred} left for the next sweep (see the deferred decisions above)`);
      metrics.addMetric(LEFTOVERS_METRIC, MetricUnit.Count, result.deleted);
      // Failing the invocation makes the function's Errors metric (and its alarm) show the incomplete sweep.
      if (result.failed > 0)
        throw new Error(`Sweep incomplete: ${result.failed} lookup(s) or delete(s) failed; see the decisions logged above`);
      return result;
    },
    { publishesMetrics: true },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
