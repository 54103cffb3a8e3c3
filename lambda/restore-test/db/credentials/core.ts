import { randomBytes } from 'node:crypto';
import type { DbCredentialsEvent, DbCredentialsResult, RestoreSecret } from './contract';

export interface DbCredentialsPorts {
  storeSecret(secretString: string): Promise<void>;
  setMasterPassword(instanceId: string, password: string): Promise<void>;
}

/** PostgreSQL's default database, used when the snapshot's instance was created without a database name. */
const DEFAULT_DATABASE = 'postgres';

/** Stores the new password before setting it, so the instance never has a password nobody can read. */
export async function resetMasterPassword(
  state: DbCredentialsEvent,
  ports: DbCredentialsPorts,
  now: Date,
  password = newPassword(),
): Promise<DbCredentialsResult> {
  const { restore, status } = state;
  if (!restore || !status?.address || !status.port || !status.masterUsername) {
    throw new Error('The restored instance has no endpoint or master user name yet; cannot set its password');
  }
  const secret: RestoreSecret = {
    engine: 'postgres',
    host: status.address,
    port: status.port,
    username: status.masterUsername,
    password,
    dbname: status.dbName ?? DEFAULT_DATABASE,
    dbInstanceIdentifier: restore.copyId,
  };
  await ports.storeSecret(JSON.stringify(secret));
  await ports.setMasterPassword(restore.copyId, password);
  return { passwordResetAt: now.toISOString() };
}

/** 32 characters from [A-Za-z0-9_-]: none of the characters RDS refuses (/ " @ and space). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}
