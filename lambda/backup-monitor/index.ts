import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, ListObjectsV2Command, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { listManualCacheSnapshots } from '../shared/backup/cache-snapshots';
import { cacheSnapshotPrefix } from '../shared/backup/names';
import type { BackupHandlerOptions } from '../shared/backup/handler-options';
import { allItems } from '../shared/pages';
import { listManualDbSnapshots } from '../shared/backup/rds-snapshots';
import { backupJob } from '../shared/backup/job-handler';
import type { MetricValue } from '../shared/backup/report-run';
import { readEnvironment } from '../shared/env';
import {
  configBackupKey,
  DUMP_MIN_SIZE_BYTES,
  dumpPrefix,
  DUMP_SIZE_METRIC,
  DUMPS_CHECKED,
  ENV,
  FRESHNESS_METRICS,
  HANDLER_DIR,
  REQUIRED_ENV,
  TIME_BUDGET,
  type MonitorResult,
} from './contract';
import { newestCompleteDump } from './dumps';
import { measureFreshness, newestUsableSnapshot } from './freshness';
import { assertBeforeDeadline, invocationDeadline, type RemainingTime } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';

export interface MonitorClients {
  readonly rds: RDSClient;
  readonly drRds: RDSClient;
  readonly elasticache: ElastiCacheClient;
  readonly s3: S3Client;
}

/** The DR region is read from the environment, which Lambda fixes per container; each run still checks it is set. */
export function createClients(env: Record<string, string | undefined> = process.env): MonitorClients {
  return {
    rds: new RDSClient(sdkClientConfig()),
    drRds: new RDSClient(sdkClientConfig(env[ENV.drRegion])),
    elasticache: new ElastiCacheClient(sdkClientConfig()),
    s3: new S3Client(sdkClientConfig()),
  };
}

export type MonitorHandlerOptions = BackupHandlerOptions<MonitorClients>;

export function createHandler(options: MonitorHandlerOptions = {}) {
  const source = options.env ?? process.env;
  const { rds, drRds, elasticache, s3 } = options.clients ?? createClients(source);
  const job = backupJob(
    HANDLER_DIR,
    async (_event: unknown, { logger, context }): Promise<MonitorResult> => {
      // However many snapshots and dumps there are, no listing page or read starts past the deadline; that reading then fails.
      const deadline = invocationDeadline(context, TIME_BUDGET);
      const limits = { deadline };
      const env = readEnvironment(REQUIRED_ENV, source);
      const stage = env[ENV.stage];
      const bucket = env[ENV.backupBucket];
      return measureFreshness(
        {
          dbSnapshot: async () => newestUsableSnapshot(await listManualDbSnapshots(rds, { limits }), stage),
          drSnapshot: async () => newestUsableSnapshot(await listManualDbSnapshots(drRds, { limits }), stage),
          cacheSnapshot: async () =>
            newestUsableSnapshot(
              await listManualCacheSnapshots(elasticache, { readTagsOf: (name) => name.startsWith(cacheSnapshotPrefix(stage)), limits }),
              stage,
            ),
          dbDump: async () =>
            newestCompleteDump(
              stage,
              (
                await allItems(
                  paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: dumpPrefix(stage) }),
                  (page) => page.Contents,
                  limits,
                )
              ).map((o) => ({
                key: o.Key,
                lastModified: o.LastModified,
                size: o.Size,
              })),
              async (key) => {
                assertBeforeDeadline(deadline, `Reading ${key}`);
                const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
                const text = (await object.Body?.transformToString()) ?? '';
                try {
                  return JSON.parse(text) as unknown;
                } catch {
                  return undefined; // an unreadable sidecar records no size: the dump is not counted
                }
              },
              { minSizeBytes: DUMP_MIN_SIZE_BYTES, maxChecked: DUMPS_CHECKED },
            ),
          // A listing, not HeadObject: with list access limited to this prefix, a missing object reads as absent, not as access denied.
          configBackup: async () => {
            const key = configBackupKey(stage);
            assertBeforeDeadline(deadline, `Listing ${key}`);
            const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 10 }));
            const latest = page.Contents?.find((o) => o.Key === key);
            return latest?.LastModified ? { name: key, at: latest.LastModified } : undefined;
          },
        },
        (options.now ?? (() => new Date()))(),
        logger,
      );
    },
    {
      extraMetrics: (result) =>
        result.readings.flatMap((r): MetricValue[] => {
          if (r.ageHours === undefined) return [];
          const age = { name: FRESHNESS_METRICS[r.kind], unit: MetricUnit.NoUnit, value: r.ageHours };
          return r.kind === 'dbDump' ? [age, { name: DUMP_SIZE_METRIC, unit: MetricUnit.Bytes, value: r.sizeBytes ?? 0 }] : [age];
        }),
      stage: () => source[ENV.stage],
    },
  );
  return (event?: unknown, context?: RemainingTime) => job(event, context);
}

/** Clients built once per container, at module scope; createHandler({ clients }) lets a test pass its own. */
export const handler = createHandler();
