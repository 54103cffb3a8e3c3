import { RDSClient } from '@aws-sdk/client-rds';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { deleteDbCopy, findDbInstance } from '../../common/copies';
import { ENV, type DbCleanupEvent, type DbCleanupResult } from './contract';
import { cleanupDatabaseCopy } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly rds: RDSClient;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-db-cleanup', async (event: DbCleanupEvent, { logger }): Promise<DbCleanupResult> => {
    const { rds } = clients;
    const env = readEnvironment(Object.values(ENV));
    const outcome = await cleanupDatabaseCopy(event, env.STAGE, {
      describeInstance: (id) => findDbInstance(rds, id),
      deleteInstance: (id) => deleteDbCopy(rds, id),
    });
    logger.info('Restore copy cleanup', { ...outcome });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
