import { RDSClient } from '@aws-sdk/client-rds';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { numberSetting } from '../../common/env-values';
import { findDbInstance } from '../../common/rds-copy';
import { ENV, type DbStatusEvent, type DbStatusResult } from './contract';
import { checkDatabaseCopy } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: DbStatusEvent): Promise<DbStatusResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-db-status', env.STAGE);
  const rds = new RDSClient(sdkClientConfig());
  const result = await checkDatabaseCopy(event, numberSetting(ENV.maxPolls, env.MAX_POLLS), { describeInstance: (id) => findDbInstance(rds, id) }, new Date());
  logger.info('Restore copy status', { copyId: event.restore?.copyId, ready: result.ready, status: result.status, polls: result.polls });
  return result;
}
