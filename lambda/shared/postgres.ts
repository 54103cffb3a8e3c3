import { Client, type ClientConfig } from 'pg';

/** The fields of an RDS-generated database secret the functions use. */
export interface DatabaseSecret {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dbname: string;
}

/** Parses the secret's JSON; errors name the missing fields, never their values. */
export function parseDatabaseSecret(secretString: string | undefined): DatabaseSecret {
  let parsed: Record<string, unknown> | null;
  try {
    parsed = JSON.parse(secretString ?? '') as Record<string, unknown> | null;
  } catch {
    throw new Error('The database secret is not JSON; expected the RDS-generated format {host, port, username, password, dbname}');
  }
  const missing = ['host', 'username', 'password'].filter((k) => typeof parsed?.[k] !== 'string' || parsed[k] === '');
  if (missing.length > 0) throw new Error(`The database secret lacks ${missing.join(', ')}`);
  const secret = parsed as Record<string, unknown>;
  return {
    host: secret.host as string,
    port: Number(secret.port ?? 5432),
    username: secret.username as string,
    password: secret.password as string,
    dbname: typeof secret.dbname === 'string' && secret.dbname !== '' ? secret.dbname : 'postgres',
  };
}

/** Where to connect: a secret's fields, the password optional for a local test server with trust authentication. */
export type DatabaseTarget = Pick<DatabaseSecret, 'host' | 'port' | 'username' | 'dbname'> & { readonly password?: string };

export interface ConnectionOptions {
  /** Verify the server's certificate over TLS. Off only for a local test database. @default true */
  readonly tls?: boolean;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Server-side limit per statement, so one query cannot hold the function until it times out. @default no limit */
  readonly statementTimeoutMs?: number;
  /** Client-side limit per query, which also covers a server that stopped answering. @default no limit */
  readonly queryTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator can tell whose connection it is. @default none */
  readonly applicationName?: string;
}

/** The `pg` client settings for `target`. */
export function clientConfig(target: DatabaseTarget, options: ConnectionOptions = {}): ClientConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    database: target.dbname,
    // RDS certificates chain to the RDS CAs, which the Lambda runtime trusts through NODE_EXTRA_CA_CERTS;
    // pg checks the certificate against the host name (SNI included) by itself.
    ssl: options.tls === false ? false : { rejectUnauthorized: true },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    application_name: options.applicationName,
  };
}

/** A connected client; the caller ends it. A connection that fails leaves nothing open. */
export async function connectToDatabase(target: DatabaseTarget, options: ConnectionOptions = {}): Promise<Client> {
  const client = new Client(clientConfig(target, options));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}
