import { Client } from 'pg';

/** The RDS-generated secret's fields this function uses. */
export interface DatabaseSecret {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dbname: string;
}

/** Parses the secret's JSON; errors name the missing fields, never their values. */
export function parseDatabaseSecret(secretString: string | undefined): DatabaseSecret {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(secretString ?? '') as Record<string, unknown>;
  } catch {
    throw new Error('The database secret is not JSON; expected the RDS-generated format {host, port, username, password, dbname}');
  }
  const missing = ['host', 'username', 'password'].filter((k) => typeof parsed?.[k] !== 'string' || parsed[k] === '');
  if (missing.length > 0) throw new Error(`The database secret lacks ${missing.join(', ')}`);
  return {
    host: parsed.host as string,
    port: Number(parsed.port ?? 5432),
    username: parsed.username as string,
    password: parsed.password as string,
    dbname: typeof parsed.dbname === 'string' && parsed.dbname !== '' ? parsed.dbname : 'postgres',
  };
}

export interface ConnectionOptions {
  /** Verify the server's certificate over TLS. Off only for a local test database. @default true */
  readonly tls?: boolean;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Server-side limit per statement, so a huge table cannot hold the function until it times out. @default 240000 */
  readonly statementTimeoutMs?: number;
}

/** A connected client; the caller ends it. */
export async function connectToDatabase(secret: Pick<DatabaseSecret, 'host' | 'port' | 'username' | 'dbname'> & { password?: string }, options: ConnectionOptions = {}): Promise<Client> {
  const client = new Client({
    host: secret.host,
    port: secret.port,
    user: secret.username,
    password: secret.password,
    database: secret.dbname,
    // RDS certificates chain to the RDS CA, which the Lambda runtime trusts via NODE_EXTRA_CA_CERTS.
    ssl: options.tls === false ? false : { rejectUnauthorized: true, servername: secret.host },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 240_000,
    application_name: 'stage-platform-backup',
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}
