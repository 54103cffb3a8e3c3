import {
  paginateDescribeDBSnapshots,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { choiceSetting, numberSetting } from '../../common/env-values';
import { allItems } from '../../../shared/pages';
import { findDbInstance } from '../../common/copies';
import { ENV, MAX_SNAPSHOT_PAGES, RESTORE_MODES, SNAPSHOT_SOURCES, type DbStartEvent, type DbStartResult } from './contract';
import { startDatabaseRestore, type DbStartConfig, type DbStartPorts } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly rds: RDSClient;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-db-start', async (event: DbStartEvent, { logger }): Promise<DbStartResult> => {
    const { rds } = clients;
    const env = readEnvironment(Object.values(ENV));
    const config: DbStartConfig = {
      stage: env.STAGE,
      sourceInstanceId: env.SOURCE_DB_INSTANCE_ID,
      mode: choiceSetting(ENV.mode, env.RESTORE_MODE, RESTORE_MODES),
      snapshotSource: choiceSetting(ENV.snapshotSource, env.SNAPSHOT_SOURCE, SNAPSHOT_SOURCES),
      instanceClass: env.INSTANCE_CLASS,
      subnetGroupName: env.DB_SUBNET_GROUP_NAME,
      securityGroupId: env.SECURITY_GROUP_ID,
      timeoutMinutes: numberSetting(ENV.timeoutMinutes, env.TIMEOUT_MINUTES),
    };
    const started = await startDatabaseRestore(event, config, rdsPorts(rds, config.sourceInstanceId), new Date());
    logger.info('Database restore started', { ...started, mode: config.mode });
    return started;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();

function rdsPorts(rds: RDSClient, sourceInstanceId: string): DbStartPorts {
  return {
    listSnapshots: (type) =>
      allItems(
        paginateDescribeDBSnapshots({ client: rds }, { DBInstanceIdentifier: sourceInstanceId, SnapshotType: type }),
        (page) => page.DBSnapshots,
        {
          maxPages: MAX_SNAPSHOT_PAGES,
        },
      ),
    latestRestorableTime: async () => (await findDbInstance(rds, sourceInstanceId))?.LatestRestorableTime,
    async restoreFromSnapshot(request) {
      await rds.send(new RestoreDBInstanceFromDBSnapshotCommand(request));
    },
    async restoreToPointInTime(request) {
      await rds.send(new RestoreDBInstanceToPointInTimeCommand(request));
    },
  };
}
