import type { ClientConfig } from 'pg';

/** The fields of an RDS-generated secret the probe needs. */
export interface DatabaseSecret {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

export function parseDatabaseSecret(json: string | undefined): DatabaseSecret {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(json ?? '') as Record<string, unknown>;
  } catch {
    throw new Error('Database secret is not JSON');
  }
  const missing = ['host', 'username', 'password'].filter((key) => typeof value[key] !== 'string');
  // Names only: the secret's values must never reach a log.
  if (missing.length) throw new Error(`Database secret lacks ${missing.join(', ')}`);
  return { host: value.host as string, port: Number(value.port ?? 5432), username: value.username as string, password: value.password as string };
}

export interface ConnectionOptions {
  readonly database: string;
  /** Verify the server certificate over TLS; off only for a local test server. */
  readonly tls: boolean;
  /** Short, so a failover in progress reads as "unhealthy" rather than a hung probe. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** @default 5000 */
  readonly queryTimeoutMs?: number;
}

export function clientConfig(secret: DatabaseSecret, options: ConnectionOptions): ClientConfig {
  const queryTimeout = options.queryTimeoutMs ?? 5000;
  return {
    host: secret.host,
    port: secret.port,
    user: secret.username,
    password: secret.password,
    database: options.database,
    ssl: options.tls ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    query_timeout: queryTimeout,
    statement_timeout: queryTimeout,
    application_name: 'drill-db-probe',
  };
}
