import { RDSClient } from '@aws-sdk/client-rds';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { deleteDbCopy, findDbInstance } from '../../common/rds-copy';
import { ENV, type DbCleanupEvent, type DbCleanupResult } from './contract';
import { cleanupDatabaseCopy } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: DbCleanupEvent): Promise<DbCleanupResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-db-cleanup', env.STAGE);
  const rds = new RDSClient(sdkClientConfig());
  const outcome = await cleanupDatabaseCopy(event, env.STAGE, {
    describeInstance: (id) => findDbInstance(rds, id),
    deleteInstance: (id) => deleteDbCopy(rds, id),
  });
  logger.info('Restore copy cleanup', { ...outcome });
  return outcome;
}
