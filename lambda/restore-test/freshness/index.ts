import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { readEnvironment } from '../../shared/env';
import { wrapHandler } from '../../shared/handler';
import { ENV, FRESHNESS_SERVICE, HOURS_SINCE_SUCCESS_METRICS, type FreshnessReading } from './contract';
import { readFreshness } from './core';
import { sdkClientConfig } from '../../shared/sdk-client';

export interface Clients {
  readonly sfn: SFNClient;
}

export const createClients = (): Clients => ({ sfn: new SFNClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(
    FRESHNESS_SERVICE,
    async (_event: unknown, { logger, metrics }): Promise<FreshnessReading[]> => {
      const { sfn } = clients;
      const env = readEnvironment(Object.values(ENV));
      const readings = await readFreshness(
        { database: env.DATABASE_STATE_MACHINE_ARN, cache: env.CACHE_STATE_MACHINE_ARN },
        {
          async lastSuccess(arn) {
            const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED', maxResults: 1 }));
            return out.executions?.[0]?.stopDate;
          },
          async createdAt(arn) {
            const out = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
            return out.creationDate!;
          },
        },
        new Date(),
      );
      for (const reading of readings) {
        metrics.addMetric(HOURS_SINCE_SUCCESS_METRICS[reading.kind], MetricUnit.Count, reading.hours);
        logger.info(`${reading.kind} restore test: ${reading.hours} h since ${reading.since}`, { ...reading });
      }
      return readings;
    },
    { publishesMetrics: true },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
