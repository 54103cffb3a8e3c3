import { CreateSnapshotCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BackupHandlerOptions } from '../shared/backup/handler-options';
import { backupJob } from '../shared/backup/job-handler';
import { s3ManifestWriter } from '../shared/manifest/store';
import { readEnvironment } from '../shared/env';
import { ENV, HANDLER_DIR, REQUIRED_ENV, type CacheSnapshotResult } from './contract';
import { connectToCache, parseAuthToken, recordSentinel } from './redis';
import { takeCacheSnapshot } from './snapshot';
import { sdkClientConfig } from '../shared/sdk-client';
import type { RemainingTime } from '../shared/time-budget';

export interface CacheSnapshotClients {
  readonly elasticache: ElastiCacheClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
}

export function createClients(): CacheSnapshotClients {
  return {
    elasticache: new ElastiCacheClient(sdkClientConfig()),
    s3: new S3Client(sdkClientConfig()),
    secrets: new SecretsManagerClient(sdkClientConfig()),
  };
}

export interface CacheSnapshotHandlerOptions extends BackupHandlerOptions<CacheSnapshotClients> {
  /** Opens the cache connection (TLS and AUTH on). Tests point it at a local server. @default connectToCache */
  readonly connectCache?: typeof connectToCache;
}

export function createHandler(
  options: CacheSnapshotHandlerOptions = {},
): (event?: unknown, context?: RemainingTime) => Promise<CacheSnapshotResult> {
  const source = options.env ?? process.env;
  const clients = options.clients ?? createClients();
  const job = backupJob(
    HANDLER_DIR,
    async (_event: unknown, { logger }) => {
      const env = readEnvironment(REQUIRED_ENV, source);
      const port = Number(env[ENV.cachePort]);
      if (!Number.isInteger(port) || port <= 0) throw new Error(`${ENV.cachePort} must be a port number; got "${env[ENV.cachePort]}"`);
      const connect = options.connectCache ?? connectToCache;
      return takeCacheSnapshot(
        {
          recordSentinel: async (key, value) => {
            const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: env[ENV.cacheAuthSecretArn] }));
            const cache = await connect({ host: env[ENV.cacheHost], port, authToken: parseAuthToken(secret.SecretString) });
            try {
              return await recordSentinel(cache, key, value);
            } finally {
              await cache.quit();
            }
          },
          createSnapshot: async (name, tags) => {
            await clients.elasticache.send(
              new CreateSnapshotCommand({ ReplicationGroupId: env[ENV.replicationGroupId], SnapshotName: name, Tags: tags }),
            );
          },
          putManifest: s3ManifestWriter(clients.s3, env[ENV.backupBucket]),
        },
        {
          stage: env[ENV.stage],
          replicationGroupId: env[ENV.replicationGroupId],
          now: (options.now ?? (() => new Date()))(),
          log: logger,
        },
      );
    },
    { stage: () => source[ENV.stage] },
  );
  return (event, context) => job(event, context);
}

/** Clients built once per container, at module scope; createHandler({ clients }) lets a test pass its own. */
export const handler = createHandler();
