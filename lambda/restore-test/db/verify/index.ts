import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { jsonSetting, numberSetting } from '../../common/env-values';
import { readManifest } from '../../../shared/manifest/store';
import { readSecretString } from '../../common/secret-lookup';
import type { RestoreSecret } from '../credentials/contract';
import { invocationDeadline, sdkClientConfig, type RemainingTime } from '../../../shared/time-budget';
import { ENV, FRESHNESS_QUERY_ENV, TIME_BUDGET, type DbVerifyEvent, type DbVerifyResult, type SqlCheck } from './contract';
import { verifyRestoredDatabase } from './core';

export async function handler(event: DbVerifyEvent, context?: RemainingTime): Promise<DbVerifyResult> {
  const started = Date.now();
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-db-verify', env.STAGE);
  const secrets = new SecretsManagerClient(sdkClientConfig());
  const s3 = new S3Client(sdkClientConfig());
  const outcome = await verifyRestoredDatabase(
    event,
    {
      expectedTables: jsonSetting<string[]>(ENV.expectedTables, env.EXPECTED_TABLES),
      rowCountTolerancePercent: numberSetting(ENV.rowCountTolerancePercent, env.ROW_COUNT_TOLERANCE_PERCENT),
      sqlChecks: jsonSetting<SqlCheck[]>(ENV.sqlChecks, env.SQL_CHECKS),
      freshnessQuery: process.env[FRESHNESS_QUERY_ENV] || undefined,
      tls: true,
      deadline: invocationDeadline(context, TIME_BUDGET, started),
    },
    {
      readSecret: async () => JSON.parse(await readSecretString(secrets, env.RESTORE_SECRET_ARN)) as RestoreSecret,
      readManifest: (key) => readManifest(s3, env.BACKUP_BUCKET, key),
    },
    () => new Date(),
  );
  logger.info('Restored database verified', { copyId: event.restore?.copyId, passed: outcome.passed, checks: outcome.checks });
  return outcome;
}
