import { clientConfig, parseDatabaseSecret } from '../../../lambda/shared/postgres';
import { thrownBy } from '../backup-support/output';

describe('parseDatabaseSecret', () => {
  it('reads the RDS-generated secret', () => {
    expect(
      parseDatabaseSecret(JSON.stringify({ host: 'h', port: 5433, username: 'u', password: 'p', dbname: 'app', engine: 'postgres' })),
    ).toEqual({
      host: 'h',
      port: 5433,
      username: 'u',
      password: 'p',
      dbname: 'app',
    });
  });

  it('defaults the port and database when the secret leaves them out', () => {
    expect(parseDatabaseSecret(JSON.stringify({ host: 'h', username: 'u', password: 'p' }))).toMatchObject({
      port: 5432,
      dbname: 'postgres',
    });
  });

  it('names missing fields without ever echoing the secret', () => {
    const secret = JSON.stringify({ host: 'h', password: 'hunter2-secret' });
    expect(() => parseDatabaseSecret(secret)).toThrow(/^The database secret lacks username$/);
    expect(() => parseDatabaseSecret(JSON.stringify({ host: '', username: 'u', password: 'hunter2-secret' }))).toThrow(
      /^The database secret lacks host$/,
    );
    expect(() => parseDatabaseSecret('null')).toThrow(/^The database secret lacks host, username, password$/);
    expect(thrownBy(() => parseDatabaseSecret('{not json hunter2-secret')).message).not.toContain('hunter2');
    expect(thrownBy(() => parseDatabaseSecret(secret)).message).not.toContain('hunter2');
  });

  it('says what it expected when the secret is not JSON', () => {
    const notJson = /^The database secret is not JSON; expected the RDS-generated format \{host, port, username, password, dbname\}$/;
    expect(() => parseDatabaseSecret('hunter2')).toThrow(notJson);
    expect(() => parseDatabaseSecret(undefined)).toThrow(notJson);
  });
});

describe('clientConfig', () => {
  const target = { host: 'db.example.internal', port: 5432, username: 'u', password: 'p', dbname: 'app' };

  it('verifies the server certificate over TLS unless told otherwise', () => {
    expect(clientConfig(target).ssl).toEqual({ rejectUnauthorized: true });
    expect(clientConfig(target, { tls: true }).ssl).toEqual({ rejectUnauthorized: true });
    expect(clientConfig(target, { tls: false }).ssl).toBe(false);
  });

  it('maps the secret fields and limits onto pg settings', () => {
    expect(
      clientConfig(target, { connectTimeoutMs: 5000, statementTimeoutMs: 6000, queryTimeoutMs: 7000, applicationName: 'probe' }),
    ).toEqual({
      host: 'db.example.internal',
      port: 5432,
      user: 'u',
      password: 'p',
      database: 'app',
      ssl: { rejectUnauthorized: true },
      connectionTimeoutMillis: 5000,
      statement_timeout: 6000,
      query_timeout: 7000,
      application_name: 'probe',
    });
  });

  it('gives up connecting after 10 s by default and sets no statement limit of its own', () => {
    expect(clientConfig(target)).toMatchObject({ connectionTimeoutMillis: 10_000, statement_timeout: undefined, query_timeout: undefined });
  });
});
