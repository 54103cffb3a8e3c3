import type { DatabaseBackupManifest } from '../../../shared/manifest/backup-manifest';
import { manifestCheck, usableManifest } from '../../common/checks';
import { verifyOutcome, type VerifyOutcome } from '../../common/workflow';
import type { RestoreSecret } from '../credentials/contract';
import type { DbVerifyEvent, SqlCheck } from './contract';
import { inspectDatabase } from './inspect';

export interface DbVerifyConfig {
  readonly expectedTables: readonly string[];
  readonly rowCountTolerancePercent: number;
  readonly sqlChecks: readonly SqlCheck[];
  readonly freshnessQuery?: string;
  /** Always true when deployed; false lets tests use a local PostgreSQL without TLS. */
  readonly tls: boolean;
  /** Epoch ms after which no check starts (the Lambda's remaining time less TIME_BUDGET.marginMs). @default none */
  readonly deadline?: number;
}

export interface DbVerifyPorts {
  readSecret(): Promise<RestoreSecret>;
  readManifest(key: string): Promise<DatabaseBackupManifest | undefined>;
}

export async function verifyRestoredDatabase(
  state: DbVerifyEvent,
  config: DbVerifyConfig,
  ports: DbVerifyPorts,
  now: () => Date,
): Promise<VerifyOutcome> {
  const restore = state.restore;
  if (!restore) throw new Error('No restore was started; nothing to verify');
  const secret = await ports.readSecret();
  if (secret.dbInstanceIdentifier !== restore.copyId) {
    // Another run reset the secret for its own copy: connecting would test the wrong instance.
    throw new Error(`The restore-test secret is for ${secret.dbInstanceIdentifier}, not ${restore.copyId}; another run may be in progress`);
  }
  const manifest = restore.manifestKey ? await ports.readManifest(restore.manifestKey) : undefined;
  const manifestStatus = manifestCheck(restore, manifest);
  const findings = await inspectDatabase(
    { host: secret.host, port: secret.port, username: secret.username, password: secret.password, dbname: secret.dbname, tls: config.tls },
    {
      expectedTables: config.expectedTables,
      rowCounts: usableManifest(manifestStatus, manifest)?.rowCounts,
      notCounted: usableManifest(manifestStatus, manifest)?.notCounted,
      deadline: config.deadline,
      tolerancePercent: config.rowCountTolerancePercent,
      sqlChecks: config.sqlChecks,
      freshnessQuery: config.freshnessQuery,
    },
  );
  return verifyOutcome([manifestStatus, ...findings.checks], findings.newestDataAt, now());
}
