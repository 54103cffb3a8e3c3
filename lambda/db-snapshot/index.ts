import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CopyDBSnapshotCommand, CreateDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BackupHandlerOptions } from '../shared/backup/handler-options';
import { findDbSnapshot, listManualDbSnapshots } from '../shared/backup/rds-snapshots';
import { backupJob } from '../shared/backup/job-handler';
import { manifestKey, type DatabaseBackupManifest } from '../shared/manifest/backup-manifest';
import { readManifest, s3ManifestWriter, writeManifest } from '../shared/manifest/store';
import { readEnvironment } from '../shared/env';
import { connectToDatabase, parseDatabaseSecret, type ConnectionOptions } from '../shared/postgres';
import { invocationDeadline, type RemainingTime } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';
import {
  COUNT_CONNECT_TIMEOUT_MS,
  COUNT_STATEMENT_TIMEOUT_MS,
  ENV,
  HANDLER_DIR,
  MAX_LISTING_PAGES,
  REQUIRED_ENV,
  ROW_COUNT_TABLES_METRIC,
  TIME_BUDGETS,
  type DbSnapshotResult,
} from './contract';
import { copyToDrRegion } from './copy';
import { parseEvent } from './event';
import { countRows, parseTableList } from './row-counts';
import { takeDailySnapshot } from './snapshot';

/** The counts' connection: each count sets its own statement_timeout (row-counts.ts); this bounds the rest. */
const ROW_COUNT_CONNECTION: ConnectionOptions = {
  connectTimeoutMs: COUNT_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: COUNT_STATEMENT_TIMEOUT_MS,
  // Client-side, for a server that stops answering altogether.
  queryTimeoutMs: COUNT_STATEMENT_TIMEOUT_MS + 5_000,
  applicationName: 'stage-platform-backup',
};

export interface DbSnapshotClients {
  readonly rds: RDSClient;
  /** RDS in the DR region, where copies are made. */
  readonly drRds: RDSClient;
  readonly s3: S3Client;
  /** S3 in the DR region, for the manifest copies. */
  readonly drS3: S3Client;
  readonly secrets: SecretsManagerClient;
}

/** The DR region is read from the environment, which Lambda fixes per container; each run still checks it is set. */
export function createClients(env: Record<string, string | undefined> = process.env): DbSnapshotClients {
  return {
    rds: new RDSClient(sdkClientConfig()),
    drRds: new RDSClient(sdkClientConfig(env[ENV.drRegion])),
    s3: new S3Client(sdkClientConfig()),
    drS3: new S3Client(sdkClientConfig(env[ENV.drRegion])),
    secrets: new SecretsManagerClient(sdkClientConfig()),
  };
}

export interface DbSnapshotHandlerOptions extends BackupHandlerOptions<DbSnapshotClients> {
  /** TLS to PostgreSQL; off only for a local test database. @default true */
  readonly tls?: boolean;
}

export function createHandler(
  options: DbSnapshotHandlerOptions = {},
): (event: unknown, context?: RemainingTime) => Promise<DbSnapshotResult> {
  const source = options.env ?? process.env;
  const clients = options.clients ?? createClients(source);
  return backupJob(
    HANDLER_DIR,
    async (event: unknown, { logger: log, context }) => {
      const { action } = parseEvent(event);
      const env = readEnvironment(REQUIRED_ENV, source);
      const now = (options.now ?? (() => new Date()))();
      const common = { stage: env[ENV.stage], dbInstanceId: env[ENV.dbInstanceId], now, log };
      const budget = TIME_BUDGETS[action];
      // Read when the deadline-bound step starts: the steps before it have used some of the time.
      const deadline = () => invocationDeadline(context, budget);
      if (action === 'snapshot') {
        return takeDailySnapshot(
          {
            findSnapshot: (id) => findDbSnapshot(clients.rds, id),
            // A bad table list fails only the count: the snapshot is still taken.
            countRows: async () => {
              const tables = parseTableList(source[ENV.countTables]);
              const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: env[ENV.dbSecretArn] }));
              const db = await connectToDatabase(parseDatabaseSecret(secret.SecretString), { ...ROW_COUNT_CONNECTION, tls: options.tls });
              db.on('error', () => undefined); // a dropped connection fails the running count; it must not crash the function
              try {
                return await countRows(db, tables, { deadline: deadline(), statementTimeoutMs: COUNT_STATEMENT_TIMEOUT_MS });
              } finally {
                await db.end().catch(() => undefined);
              }
            },
            putManifest: s3ManifestWriter(clients.s3, env[ENV.backupBucket]),
            createSnapshot: async (id, tags) => {
              await clients.rds.send(
                new CreateDBSnapshotCommand({ DBInstanceIdentifier: env[ENV.dbInstanceId], DBSnapshotIdentifier: id, Tags: tags }),
              );
            },
          },
          common,
        );
      }
      return copyToDrRegion(
        {
          listSourceSnapshots: () =>
            listManualDbSnapshots(clients.rds, { dbInstanceId: env[ENV.dbInstanceId], limits: { maxPages: MAX_LISTING_PAGES } }),
          findDrSnapshot: (id) => findDbSnapshot(clients.drRds, id),
          // The source ARN names the primary region; the SDK's RDS middleware presigns the cross-region request from it.
          copySnapshot: async (sourceArn, targetId) => {
            await clients.drRds.send(
              new CopyDBSnapshotCommand({
                SourceDBSnapshotIdentifier: sourceArn,
                TargetDBSnapshotIdentifier: targetId,
                KmsKeyId: env[ENV.drKmsKeyArn],
                CopyTags: true,
              }),
            );
          },
          copyManifest: async (snapshotId) => {
            const key = manifestKey(env[ENV.stage], 'database', snapshotId);
            const manifest = await readManifest<DatabaseBackupManifest>(clients.s3, env[ENV.backupBucket], key);
            if (!manifest) return `no manifest ${key} in the backup bucket; the DR restore test will report the copy unchecked`;
            // Kept if present: the copy of a snapshot never changes, and a second write would only cost a request.
            return writeManifest(s3ManifestWriter(clients.drS3, env[ENV.drManifestBucket]), manifest, snapshotId, true);
          },
        },
        { ...common, deadline },
      );
    },
    // No RowCountTables when nothing was counted on purpose (today's snapshot already existed).
    {
      extraMetrics: (result) =>
        result.rowCountTables === undefined
          ? []
          : [{ name: ROW_COUNT_TABLES_METRIC, unit: MetricUnit.Count, value: result.rowCountTables }],
      stage: () => source[ENV.stage],
    },
  );
}

/** Clients built once per container, at module scope; createHandler({ clients }) lets a test pass its own. */
export const handler = createHandler();
