import { paginateDescribeDBSnapshots, RDSClient, RestoreDBInstanceFromDBSnapshotCommand } from '@aws-sdk/client-rds';
import { allItems } from '../../../shared/pages';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { numberSetting } from '../../common/env-values';
import { ENV, MAX_SNAPSHOT_PAGES, type DrStartEvent, type DrStartResult } from './contract';
import { startDrRestore } from './core';

export interface Clients {
  /** RDS in the function's own region, the DR region. */
  readonly rds: RDSClient;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-dr-start', async (event: DrStartEvent, { logger }): Promise<DrStartResult> => {
    const { rds } = clients;
    const env = readEnvironment(Object.values(ENV));
    const started = await startDrRestore(
      event,
      {
        stage: env.STAGE,
        instanceClass: env.INSTANCE_CLASS,
        subnetGroupName: env.DB_SUBNET_GROUP_NAME,
        securityGroupId: env.SECURITY_GROUP_ID,
        timeoutMinutes: numberSetting(ENV.timeoutMinutes, env.TIMEOUT_MINUTES),
      },
      {
        listSnapshots: () =>
          allItems(paginateDescribeDBSnapshots({ client: rds }, { SnapshotType: 'manual' }), (page) => page.DBSnapshots, {
            maxPages: MAX_SNAPSHOT_PAGES,
          }),
        async restoreFromSnapshot(request) {
          await rds.send(new RestoreDBInstanceFromDBSnapshotCommand(request));
        },
      },
    );
    logger.info('DR restore started', { ...started });
    return started;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
