import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../shared/env';
import { wrapHandler } from '../../shared/handler';
import { connectToDatabase, parseDatabaseSecret, type ConnectionOptions, type DatabaseSecret } from '../../shared/postgres';
import type { DbProbeResult } from './contract';
import { ENV, PROBE_CONNECT_TIMEOUT_MS, PROBE_QUERY_TIMEOUT_MS } from './contract';
import { Connection, probeDatabase } from './core';
import { sdkClientConfig } from '../../shared/sdk-client';

export interface DbProbeAdapterDependencies {
  readonly env?: Record<string, string | undefined>;
  readonly secrets?: () => SecretsManagerClient;
}

/** Short, so a failover in progress reads as "unhealthy" rather than a hung probe. RDS forces TLS, which is on by default. */
export const PROBE_CONNECTION: ConnectionOptions = {
  connectTimeoutMs: PROBE_CONNECT_TIMEOUT_MS,
  queryTimeoutMs: PROBE_QUERY_TIMEOUT_MS,
  statementTimeoutMs: PROBE_QUERY_TIMEOUT_MS,
  applicationName: 'drill-db-probe',
};

function connect(secret: DatabaseSecret, database: string): Promise<Connection> {
  return connectToDatabase({ ...secret, dbname: database }, PROBE_CONNECTION);
}

/**
 * The drill's database probe: reads the credentials, then writes and reads a heartbeat on the
 * primary. A missing or unreadable secret throws (the drill stops and reports); a database that
 * refuses the write answers `healthy: false`.
 */
export function createHandler(deps: DbProbeAdapterDependencies = {}) {
  // Built once per container: a drill polls this function every few seconds.
  const secrets = (deps.secrets ?? (() => new SecretsManagerClient(sdkClientConfig())))();
  return wrapHandler(
    'drill-db-probe',
    async (_event: unknown, { logger }): Promise<DbProbeResult> => {
      const env = readEnvironment([ENV.SECRET_ARN, ENV.DATABASE, 'STAGE'], deps.env);
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: env[ENV.SECRET_ARN] }));
      const secret = parseDatabaseSecret(value.SecretString);
      const result = await probeDatabase(`drill-db-probe:${env.STAGE}`, {
        connect: () => connect(secret, env[ENV.DATABASE]),
        clock: Date.now,
        newToken: randomUUID,
      });
      if (!result.healthy) logger.warn('Database probe failed', { error: result.error, latencyMs: result.latencyMs });
      return result;
    },
    { stage: () => (deps.env ?? process.env).STAGE },
  );
}

export const handler = createHandler();
