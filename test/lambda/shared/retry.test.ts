import { Readable } from 'node:stream';
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DEFAULT_RETRY, isQuotaError, isThrottlingError, isTransientError, withThrottlingRetry } from '../../../lambda/shared/retry';
import { retriedCallWorstCaseMs, SDK_CALL_LIMITS, sdkCallWorstCaseMs, sdkClientConfig } from '../../../lambda/shared/time-budget';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });
const noSleep = async () => undefined;

/** Runs withThrottlingRetry over a call that always fails with `error`; returns how often it was made. */
async function attemptsFor(error: Error, options = {}): Promise<number> {
  let calls = 0;
  await withThrottlingRetry(async () => {
    calls++;
    throw error;
  }, { sleep: noSleep, ...options }).catch(() => undefined);
  return calls;
}

describe('which errors are retried', () => {
  it.each(['SnapshotQuotaExceeded', 'InstanceQuotaExceededFault', 'ServiceQuotaExceededException', 'LimitExceededException', 'SnapshotQuotaExceededFault'])('%s is a quota, made once and never retried', async (name) => {
    expect(isQuotaError(named(name))).toBe(true);
    expect(isThrottlingError(named(name))).toBe(false);
    // A quota the SDK marks retryable, or answered with a 5xx, is still a quota.
    expect(isTransientError(named(name, { $metadata: { httpStatusCode: 503 } }))).toBe(false);
    expect(await attemptsFor(named(name, { $retryable: { throttling: true } }))).toBe(1);
  });

  it.each(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown'])('%s is throttling, tried DEFAULT_RETRY.attempts times in all', async (name) => {
    expect(isThrottlingError(named(name))).toBe(true);
    expect(isQuotaError(named(name))).toBe(false);
    expect(await attemptsFor(named(name))).toBe(DEFAULT_RETRY.attempts);
  });

  it('timeouts, dropped connections and 5xx answers are transient and retried as often', async () => {
    for (const error of [named('TimeoutError'), Object.assign(new Error('reset'), { code: 'ECONNRESET' }), named('InternalFailure', { $metadata: { httpStatusCode: 500 } })]) {
      expect(isTransientError(error)).toBe(true);
      expect(await attemptsFor(error)).toBe(DEFAULT_RETRY.attempts);
    }
  });

  it('validation and not-found errors are made once', async () => {
    expect(await attemptsFor(named('InvalidParameterValue'))).toBe(1);
    expect(await attemptsFor(named('DBSnapshotNotFound', { $metadata: { httpStatusCode: 404 } }))).toBe(1);
  });

  it("an API's own throttling name (Cost Explorer's LimitExceededException) is retried only where the caller says so", async () => {
    expect(await attemptsFor(named('LimitExceededException'), { alsoThrottling: ['LimitExceededException'] })).toBe(DEFAULT_RETRY.attempts);
    expect(await attemptsFor(named('LimitExceededException'))).toBe(1);
  });

  it('backs off with full jitter, doubling from the base delay', async () => {
    const sleeps: number[] = [];
    await withThrottlingRetry(async () => Promise.reject(named('Throttling')), { sleep: async (ms) => void sleeps.push(ms), random: () => 1, attempts: 4, baseDelayMs: 100 }).catch(() => undefined);
    expect(sleeps).toEqual([100, 200, 400]);
  });
});

describe('one retry layer with a finite worst case', () => {
  it('the SDK makes a single attempt with connection and request timeouts that throw', () => {
    expect(sdkClientConfig('eu-west-1')).toEqual({
      region: 'eu-west-1',
      maxAttempts: 1,
      requestHandler: { connectionTimeout: SDK_CALL_LIMITS.connectionTimeoutMs, requestTimeout: SDK_CALL_LIMITS.requestTimeoutMs, throwOnRequestTimeout: true },
    });
  });

  it('a retried call costs its attempts times one attempt plus the longest backoffs, and no more', () => {
    expect(sdkCallWorstCaseMs()).toBe(7_000);
    expect(retriedCallWorstCaseMs()).toBe(3 * 7_000 + 500 + 1_000);
    expect(retriedCallWorstCaseMs({ attempts: 1 })).toBe(7_000);
  });
});

describe('a real SDK client built from sdkClientConfig', () => {
  it('sends one HTTP request for a throttled call: the SDK adds no retries beneath withThrottlingRetry', async () => {
    let requests = 0;
    // The HTTP layer answers every request with RDS's throttling error.
    const throttled = {
      handle: async () => {
        requests++;
        const body = '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>';
        return { response: { statusCode: 400, reason: 'Bad Request', headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) } };
      },
    };
    const rds = new RDSClient({ ...sdkClientConfig('eu-west-1'), requestHandler: throttled, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    await expect(rds.send(new DescribeDBSnapshotsCommand({}))).rejects.toMatchObject({ name: 'Throttling' });
    expect(requests).toBe(1);
    requests = 0;
    await expect(withThrottlingRetry(() => rds.send(new DescribeDBSnapshotsCommand({})), { sleep: noSleep })).rejects.toMatchObject({ name: 'Throttling' });
    expect(requests).toBe(DEFAULT_RETRY.attempts);
  });
});
