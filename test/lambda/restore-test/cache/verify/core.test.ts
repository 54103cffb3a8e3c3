import type { CacheBackupManifest } from '../../../../../lambda/shared/manifest/backup-manifest';
import { verifyRestoredCache } from '../../../../../lambda/restore-test/cache/verify/core';
import { CACHE_COPY, started, state } from '../../common/fixtures';
import { claimScratchCache, LOCAL_REDIS } from './scratch-cache';

const SNAPSHOT = 'dev-cache-20261122-0300';
let scratch: Awaited<ReturnType<typeof claimScratchCache>>;

beforeAll(async () => {
  scratch = await claimScratchCache();
  for (let i = 0; i < 8; i++) await scratch.client.set(`${scratch.prefix}:k:${i}`, 'v');
  await scratch.client.set(`${scratch.prefix}:sentinel`, '2026-11-22T02:59:50.000Z');
});
afterAll(() => scratch?.release());

const restore = started({
  copyId: CACHE_COPY,
  source: SNAPSHOT,
  sourceTime: '2026-11-22T03:00:00.000Z',
  manifestKey: `manifests/dev/cache/${SNAPSHOT}.json`,
});
const ready = { ready: true, polls: 9, status: 'available', ...LOCAL_REDIS, address: LOCAL_REDIS.host };
const verifiedAt = new Date('2026-11-22T06:20:00Z');

function manifest(keyCount: number): CacheBackupManifest {
  return {
    kind: 'cache',
    stage: 'dev',
    snapshotName: SNAPSHOT,
    recordedAt: '2026-11-22T02:59:50.000Z',
    keyCount,
    sentinelKey: `${scratch.prefix}:sentinel`,
  };
}

function run(found: CacheBackupManifest | undefined) {
  const config = { keyCountTolerancePercent: 10, tls: false, database: scratch.database };
  return verifyRestoredCache(
    state({ restore, status: ready }, 'cache'),
    config,
    // The local Redis has no AUTH, and a token it does not expect is refused (inspect.test.ts).
    { readAuthToken: async () => undefined, readManifest: async () => found },
    () => verifiedAt,
  );
}

describe('verifyRestoredCache', () => {
  it('checks the copy against its manifest and reports the sentinel as the newest data', async () => {
    const outcome = await run(manifest(10)); // 8 keys + sentinel + claim key
    expect(outcome).toMatchObject({ passed: true, newestDataAt: '2026-11-22T02:59:50.000Z', verifiedAt: '2026-11-22T06:20:00.000Z' });
    expect(outcome.checks.map((c) => c.name)).toEqual(['backup-manifest', 'connect', 'key-count', 'sentinel']);
  });

  it('fails when the key count is far from the manifest', async () => {
    expect((await run(manifest(40))).passed).toBe(false);
  });

  it('fails without a manifest, and then looks for the standard sentinel key', async () => {
    const outcome = await run(undefined);
    expect(outcome.passed).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'sentinel')?.detail).toContain('platform:backup-sentinel is missing');
  });

  it('refuses to run before the copy has an endpoint', async () => {
    await expect(
      verifyRestoredCache(
        state({ restore }, 'cache'),
        { keyCountTolerancePercent: 10, tls: false },
        { readAuthToken: async () => 'x', readManifest: async () => undefined },
        () => verifiedAt,
      ),
    ).rejects.toThrow(/no endpoint/);
  });
});
