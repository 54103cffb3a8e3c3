import { newPassword, resetMasterPassword, type DbCredentialsPorts } from '../../../../../lambda/restore-test/db/credentials/core';
import { DB_COPY, started, state } from '../../common/fixtures';

const ready = {
  ready: true,
  polls: 12,
  status: 'available',
  address: 'copy.example',
  port: 5432,
  masterUsername: 'platform',
  dbName: 'app',
};
const now = new Date('2026-11-22T06:40:00Z');

function recorder() {
  const steps: string[] = [];
  const ports: DbCredentialsPorts = {
    storeSecret: async (secret) => void steps.push(`store ${secret}`),
    setMasterPassword: async (id, password) => void steps.push(`set ${id} ${password}`),
  };
  return { steps, ports };
}

describe('resetMasterPassword', () => {
  it('stores the new password with the connection details first, then sets it on the copy', async () => {
    const { steps, ports } = recorder();
    const result = await resetMasterPassword(state({ restore: started(), status: ready }), ports, now, 'new-Passw0rd');
    expect(steps).toEqual([
      `store ${JSON.stringify({ engine: 'postgres', host: 'copy.example', port: 5432, username: 'platform', password: 'new-Passw0rd', dbname: 'app', dbInstanceIdentifier: DB_COPY })}`,
      `set ${DB_COPY} new-Passw0rd`,
    ]);
    expect(result).toEqual({ passwordResetAt: '2026-11-22T06:40:00.000Z' });
    expect(JSON.stringify(result)).not.toContain('new-Passw0rd');
  });

  it('does not set a password it could not store', async () => {
    const { steps, ports } = recorder();
    ports.storeSecret = async () => Promise.reject(new Error('AccessDenied'));
    await expect(resetMasterPassword(state({ restore: started(), status: ready }), ports, now, 'new-Passw0rd')).rejects.toThrow(
      'AccessDenied',
    );
    expect(steps).toEqual([]);
  });

  it('connects to the postgres database when the snapshot had no database name', async () => {
    const { steps, ports } = recorder();
    await resetMasterPassword(state({ restore: started(), status: { ...ready, dbName: undefined } }), ports, now, 'pw');
    expect(steps[0]).toContain('"dbname":"postgres"');
  });

  it('refuses to run before the copy has an endpoint', async () => {
    const { steps, ports } = recorder();
    await expect(
      resetMasterPassword(state({ restore: started(), status: { ready: false, polls: 1, status: 'creating' } }), ports, now),
    ).rejects.toThrow(/no endpoint/);
    expect(steps).toEqual([]);
  });
});

describe('newPassword', () => {
  it('is 32 characters RDS accepts, and new each time', () => {
    const passwords = Array.from({ length: 20 }, () => newPassword());
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(passwords).size).toBe(20);
  });
});
