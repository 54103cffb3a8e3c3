import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DeleteSnapshotCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DeleteDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { listManualCacheSnapshots } from '../shared/backup/cache-snapshots';
import { errorText } from '../shared/error-text';
import { cacheSnapshotPrefix, dbSnapshotPrefix } from '../shared/backup/names';
import type { BackupHandlerOptions } from '../shared/backup/handler-options';
import { listManualDbSnapshots } from '../shared/backup/rds-snapshots';
import { backupJob } from '../shared/backup/job-handler';
import { readEnvironment } from '../shared/env';
import {
  ENV,
  HANDLER_DIR,
  REQUIRED_ENV,
  SNAPSHOTS_DELETED_METRIC,
  SNAPSHOTS_KEPT_METRIC,
  TIME_BUDGET,
  type RetentionResult,
} from './contract';
import { applyRetention, type RetentionTarget } from './run';
import { parseSettings } from './settings';
import { invocationDeadline, type RemainingTime } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';

export interface RetentionClients {
  readonly rds: RDSClient;
  /** RDS in the DR region, where the copies live. */
  readonly drRds: RDSClient;
  readonly elasticache: ElastiCacheClient;
}

/** The DR region is read from the environment, which Lambda fixes per container; each run still checks it is set. */
export function createClients(env: Record<string, string | undefined> = process.env): RetentionClients {
  return {
    rds: new RDSClient(sdkClientConfig()),
    drRds: new RDSClient(sdkClientConfig(env[ENV.drRegion])),
    elasticache: new ElastiCacheClient(sdkClientConfig()),
  };
}

export type RetentionHandlerOptions = BackupHandlerOptions<RetentionClients>;

export function createHandler(options: RetentionHandlerOptions = {}) {
  const source = options.env ?? process.env;
  const clients = options.clients ?? createClients(source);
  const job = backupJob(
    HANDLER_DIR,
    async (_event: unknown, { logger: log, context }): Promise<RetentionResult> => {
      const deadline = invocationDeadline(context, TIME_BUDGET);
      // An account may hold thousands of snapshots: the deadline, not a page count, bounds the listing.
      const limits = { deadline };
      const settings = parseSettings(readEnvironment(REQUIRED_ENV, source));
      const dbPolicy = {
        stage: settings.stage,
        retentionDays: settings.snapshotRetentionDays,
        keepLatest: settings.keepLatest,
        namePrefix: dbSnapshotPrefix(settings.stage),
      };
      const rdsTarget = (name: string, rds: RDSClient): RetentionTarget => ({
        name,
        policy: dbPolicy,
        list: () => listManualDbSnapshots(rds, { limits }),
        remove: async (id) => {
          await rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: id }));
        },
      });
      const prefix = cacheSnapshotPrefix(settings.stage);
      const targets: RetentionTarget[] = [
        rdsTarget('rds-primary', clients.rds),
        rdsTarget(`rds-dr (${settings.drRegion})`, clients.drRds),
        {
          name: 'elasticache',
          policy: { ...dbPolicy, retentionDays: settings.cacheSnapshotRetentionDays, namePrefix: prefix },
          list: () =>
            listManualCacheSnapshots(clients.elasticache, {
              readTagsOf: (name) => name.startsWith(prefix),
              onTagError: (name, error) =>
                log.error(`elasticache: tags of ${name} could not be read; it is kept`, { id: name, error: errorText(error) }),
              limits,
            }),
          remove: async (name) => {
            await clients.elasticache.send(new DeleteSnapshotCommand({ SnapshotName: name }));
          },
        },
      ];
      return applyRetention({ targets, now: (options.now ?? (() => new Date()))(), dryRun: settings.dryRun, log, deadline });
    },
    {
      extraMetrics: (result) => [
        { name: SNAPSHOTS_DELETED_METRIC, unit: MetricUnit.Count, value: result.deleted },
        { name: SNAPSHOTS_KEPT_METRIC, unit: MetricUnit.Count, value: result.kept },
      ],
      stage: () => source[ENV.stage],
    },
  );
  return (event?: unknown, context?: RemainingTime) => job(event, context);
}

/** Clients built once per container, at module scope; createHandler({ clients }) lets a test pass its own. */
export const handler = createHandler();
