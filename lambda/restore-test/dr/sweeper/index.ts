import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { paginateDescribeDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { allItems } from '../../../shared/pages';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { invocationDeadline } from '../../../shared/time-budget';
import { deleteDbCopy } from '../../common/copies';
import { numberSetting } from '../../common/env-values';
import { DR_SWEEPER_SERVICE } from '../contract';
import { publishToPrimary } from '../metrics';
import { ENV, TIME_BUDGET, type DrSweepResult } from './contract';
import { drSweepMetrics, sweepDrRegion } from './core';

export interface Clients {
  /** RDS and Step Functions of the function's own region, the DR region. */
  readonly rds: RDSClient;
  readonly sfn: SFNClient;
  /** CloudWatch of the stage's own region, where the alarms are. */
  readonly cloudwatch: CloudWatchClient;
}

export function createClients(env: Record<string, string | undefined> = process.env): Clients {
  return {
    rds: new RDSClient(sdkClientConfig()),
    sfn: new SFNClient(sdkClientConfig()),
    cloudwatch: new CloudWatchClient(sdkClientConfig(env[ENV.primaryRegion])),
  };
}

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(DR_SWEEPER_SERVICE, async (_event: unknown, { logger, context }): Promise<DrSweepResult> => {
    const { rds, sfn, cloudwatch } = clients;
    const env = readEnvironment(Object.values(ENV));
    const deadline = invocationDeadline(context, TIME_BUDGET);
    const result = await sweepDrRegion(
      { stage: env.STAGE, maxAgeHours: numberSetting(ENV.maxAgeHours, env.MAX_AGE_HOURS) },
      {
        listDbInstances: () => allItems(paginateDescribeDBInstances({ client: rds }, {}), (page) => page.DBInstances, { deadline }),
        deleteDbInstance: (id) => deleteDbCopy(rds, id),
        async lastSuccess() {
          const out = await sfn.send(
            new ListExecutionsCommand({ stateMachineArn: env.STATE_MACHINE_ARN, statusFilter: 'SUCCEEDED', maxResults: 1 }),
          );
          return out.executions?.[0]?.stopDate;
        },
        async createdAt() {
          const out = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: env.STATE_MACHINE_ARN }));
          return out.creationDate!;
        },
      },
      new Date(),
      () => Date.now() >= deadline,
    );
    for (const decision of result.decisions) logger.info(`DR sweep: ${decision.action} ${decision.kind} ${decision.id}`, { ...decision });
    logger.info(`DR restore test: ${result.hoursSinceSuccess} h since ${result.since}`);
    await publishToPrimary(cloudwatch, DR_SWEEPER_SERVICE, env.STAGE, drSweepMetrics(result), new Date());
    // Failing the invocation makes the function's Errors metric show the incomplete sweep (the next one tries again).
    if (result.failed > 0)
      throw new Error(`DR sweep incomplete: ${result.failed} lookup(s) or delete(s) failed; see the decisions logged above`);
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
