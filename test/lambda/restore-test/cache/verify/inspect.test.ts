import {
  inspectCache,
  sentinelCheck,
  type CacheExpectations,
  type RedisTarget,
} from '../../../../../lambda/restore-test/cache/verify/inspect';
import { claimScratchCache, LOCAL_REDIS } from './scratch-cache';

/** 49 data keys + the sentinel + the claim key. */
const DATA_KEYS = 49;
const KEY_COUNT = DATA_KEYS + 2;
const SNAPSHOT_TIME = '2026-11-22T03:00:00.000Z';
const SENTINEL_TIME = '2026-11-22T02:59:48.000Z';

let scratch: Awaited<ReturnType<typeof claimScratchCache>>;
let target: RedisTarget;
let expectations: CacheExpectations;

beforeAll(async () => {
  scratch = await claimScratchCache();
  for (let i = 0; i < DATA_KEYS; i++) await scratch.client.set(`${scratch.prefix}:session:${i}`, `value ${i}`);
  await scratch.client.set(`${scratch.prefix}:sentinel`, SENTINEL_TIME);
  target = { ...LOCAL_REDIS, ...scratch.user, tls: false, database: scratch.database };
  expectations = { keyCount: KEY_COUNT, tolerancePercent: 10, sentinelKey: `${scratch.prefix}:sentinel`, snapshotTime: SNAPSHOT_TIME };
});
afterAll(() => scratch?.release());

describe('inspectCache against a real Redis', () => {
  it('passes with the key count within tolerance and finds the sentinel', async () => {
    const findings = await inspectCache(target, expectations);
    expect(findings.checks).toEqual([
      { name: 'connect', passed: true, detail: `connected to 127.0.0.1:6379` },
      { name: 'key-count', passed: true, detail: `restored ${KEY_COUNT} keys, backup recorded ${KEY_COUNT} (allowed ±10%)` },
      { name: 'sentinel', passed: true, detail: `written ${SENTINEL_TIME}, 12 s before the snapshot` },
    ]);
    expect(findings.newestDataAt).toBe(SENTINEL_TIME);
  });

  it('fails when the key count is outside the tolerance', async () => {
    const findings = await inspectCache(target, { ...expectations, keyCount: 100 });
    expect(findings.checks.find((c) => c.name === 'key-count')).toEqual({
      name: 'key-count',
      passed: false,
      detail: `restored ${KEY_COUNT} keys, backup recorded 100 (allowed ±10%)`,
    });
  });

  it('fails when the sentinel is missing', async () => {
    const findings = await inspectCache(target, { ...expectations, sentinelKey: `${scratch.prefix}:no-sentinel` });
    expect(findings.checks.find((c) => c.name === 'sentinel')).toEqual({
      name: 'sentinel',
      passed: false,
      detail: `sentinel key ${scratch.prefix}:no-sentinel is missing from the copy`,
    });
    expect(findings.newestDataAt).toBeUndefined();
  });

  it('reports a wrong AUTH token as one failed check instead of throwing', async () => {
    const findings = await inspectCache({ ...target, password: 'not-the-token' }, expectations);
    expect(findings.checks).toEqual([{ name: 'connect', passed: false, detail: expect.stringContaining('WRONGPASS') }]);
  });

  it('reports a refused connection as one failed check instead of throwing', async () => {
    const findings = await inspectCache({ ...target, port: 1 }, expectations);
    expect(findings.checks).toEqual([
      { name: 'connect', passed: false, detail: expect.stringMatching(/^could not connect to 127\.0\.0\.1:1: .*ECONNREFUSED/) },
    ]);
  });

  it('fails cleanly when TLS is demanded of a server that does not speak it: the handshake never completes, so the connect timeout ends it', async () => {
    const began = Date.now();
    const findings = await inspectCache({ ...target, tls: true, connectTimeoutMs: 500 }, expectations);
    expect(findings.checks).toEqual([
      {
        name: 'connect',
        passed: false,
        detail: `could not connect to ${target.host}:${target.port}: ETIMEDOUT: no TLS session with ${target.host}:${target.port} within 500 ms`,
      },
    ]);
    expect(Date.now() - began).toBeLessThan(3000);
  });
});

describe('sentinelCheck', () => {
  const expect_ = { sentinelKey: 'platform:backup-sentinel', snapshotTime: SNAPSHOT_TIME };

  it('fails a sentinel much older than the snapshot: the snapshot missed recent writes', () => {
    expect(sentinelCheck(expect_, '2026-11-22T02:00:00Z').check).toMatchObject({
      passed: false,
      detail: expect.stringContaining('missed recent writes'),
    });
  });

  it('a sentinel written exactly 15 minutes before the snapshot passes; one written a second earlier fails', () => {
    expect(sentinelCheck(expect_, '2026-11-22T02:45:00.000Z')).toEqual({
      check: { name: 'sentinel', passed: true, detail: 'written 2026-11-22T02:45:00.000Z, 15 min before the snapshot' },
      writtenAt: '2026-11-22T02:45:00.000Z',
    });
    expect(sentinelCheck(expect_, '2026-11-22T02:44:59.000Z')).toEqual({
      check: {
        name: 'sentinel',
        passed: false,
        detail: 'written 2026-11-22T02:44:59.000Z, 15 min before the snapshot (more than 15 min: the snapshot missed recent writes)',
      },
      writtenAt: '2026-11-22T02:44:59.000Z',
    });
  });

  it('measures the lag in whole seconds: 900.4 s rounds to the limit and passes, 900.5 s rounds past it and fails', () => {
    expect(sentinelCheck(expect_, '2026-11-22T02:44:59.600Z').check.passed).toBe(true);
    expect(sentinelCheck(expect_, '2026-11-22T02:44:59.500Z').check.passed).toBe(false);
  });

  it('a sentinel stamped after the snapshot (clock skew between writer and snapshot) reads as no lag and passes', () => {
    expect(sentinelCheck(expect_, '2026-11-22T03:00:05.000Z').check).toEqual({
      name: 'sentinel',
      passed: true,
      detail: 'written 2026-11-22T03:00:05.000Z, 0 s before the snapshot',
    });
  });

  it('fails a sentinel that is not a time, without echoing much of it', () => {
    expect(sentinelCheck(expect_, 'x'.repeat(500)).check).toMatchObject({ passed: false, detail: expect.stringContaining('not a time') });
    expect(sentinelCheck(expect_, 'x'.repeat(500)).check.detail.length).toBeLessThan(120);
  });
});
