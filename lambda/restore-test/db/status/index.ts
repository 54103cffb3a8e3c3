import { RDSClient } from '@aws-sdk/client-rds';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { numberSetting } from '../../common/env-values';
import { findDbInstance } from '../../common/copies';
import { ENV, type DbStatusEvent, type DbStatusResult } from './contract';
import { checkDatabaseCopy } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly rds: RDSClient;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-db-status', async (event: DbStatusEvent, { logger }): Promise<DbStatusResult> => {
    const { rds } = clients;
    const env = readEnvironment(Object.values(ENV));
    const result = await checkDatabaseCopy(
      event,
      numberSetting(ENV.maxPolls, env.MAX_POLLS),
      { describeInstance: (id) => findDbInstance(rds, id) },
      new Date(),
    );
    logger.info('Restore copy status', { copyId: event.restore?.copyId, ready: result.ready, status: result.status, polls: result.polls });
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
