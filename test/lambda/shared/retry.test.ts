import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { isQuotaError, loadStandardRetryStrategy, QuotaAwareRetryStrategy, STANDARD_RETRY_SOURCES } from '../../../lambda/shared/retry';
import { MAXIMUM_RETRY_DELAY, Retry, StandardRetryStrategy } from '@smithy/core/retry';
import { SDK_BACKOFF_MS, SDK_CALL_LIMITS, SDK_RETRY, sdkBackoffCapMs, sdkCallWorstCaseMs } from '../../../lambda/shared/time-budget';
import { sdkClientConfig } from '../../../lambda/shared/sdk-client';

// The SDK's own retry, as sdkClientConfig configures it, driven through a real client: only the
// HTTP layer is replaced, so the SDK's error parsing, classification and retry middleware all run.

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const named = (name: string) => Object.assign(new Error(name), { name });

/** An HTTP layer that answers with each of `answers` in turn (the last one for ever) and counts requests. */
function httpAnswering(answers: readonly { status: number; body: string; contentType: string }[]) {
  const handler = {
    requests: 0,
    handle: async () => {
      const answer = answers[Math.min(handler.requests, answers.length - 1)];
      handler.requests++;
      return {
        response: {
          statusCode: answer.status,
          reason: '',
          headers: { 'content-type': answer.contentType },
          body: Readable.from([Buffer.from(answer.body)]),
        },
      };
    },
  };
  return handler;
}

/** An RDS (query protocol) error answer. */
const rdsError = (code: string, status = 400) => ({
  status,
  contentType: 'text/xml',
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
});
const rdsOk = {
  status: 200,
  contentType: 'text/xml',
  body: '<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapshots/></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>',
};

async function rdsRequestsFor(
  answers: Parameters<typeof httpAnswering>[0],
  retryStrategy = sdkClientConfig('eu-west-1').retryStrategy,
): Promise<{ requests: number; outcome: unknown }> {
  const http = httpAnswering(answers);
  const rds = new RDSClient({ ...sdkClientConfig('eu-west-1'), retryStrategy, requestHandler: http, credentials });
  const outcome = await rds.send(new DescribeDBSnapshotsCommand({})).then(
    () => 'ok',
    (error: Error) => error.name,
  );
  return { requests: http.requests, outcome };
}

beforeEach(() => {
  // No backoff waits in these tests: the waits' bounds are checked on their own below.
  jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

describe('the SDK retry, configured once', () => {
  it('every client gets standard mode, the attempts and throwing timeouts from sdkClientConfig', () => {
    const config = sdkClientConfig('eu-west-1');
    expect(config).toMatchObject({
      region: 'eu-west-1',
      retryMode: 'standard',
      maxAttempts: SDK_RETRY.maxAttempts,
      requestHandler: {
        connectionTimeout: SDK_CALL_LIMITS.connectionTimeoutMs,
        requestTimeout: SDK_CALL_LIMITS.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
    });
    expect(config.retryStrategy.maxAttempts).toBe(SDK_RETRY.maxAttempts);
  });

  it('throttling is retried by the SDK, and a call that succeeds on its third attempt succeeds', async () => {
    expect(await rdsRequestsFor([rdsError('Throttling'), rdsError('Throttling'), rdsOk])).toEqual({ requests: 3, outcome: 'ok' });
  });

  it('throttling that persists fails after SDK_RETRY.maxAttempts requests, not more', async () => {
    expect(await rdsRequestsFor([rdsError('Throttling')])).toEqual({ requests: SDK_RETRY.maxAttempts, outcome: 'Throttling' });
  });

  it('a 5xx answer is retried', async () => {
    expect(await rdsRequestsFor([rdsError('InternalFailure', 500), rdsOk])).toEqual({ requests: 2, outcome: 'ok' });
  });

  it.each(['SnapshotQuotaExceeded', 'InstanceQuotaExceeded', 'LimitExceededException', 'StorageQuotaExceeded'])(
    '%s is a quota: one request, never retried as throttling',
    async (code) => {
      expect(await rdsRequestsFor([rdsError(code), rdsOk])).toEqual({
        requests: 1,
        outcome: expect.stringMatching(code.replace('Exception', '')),
      });
    },
  );

  it('a quota answered with a 429 is still a quota', async () => {
    expect(await rdsRequestsFor([rdsError('SnapshotQuotaExceeded', 429), rdsOk])).toMatchObject({ requests: 1 });
  });

  it('validation errors are sent once', async () => {
    expect(await rdsRequestsFor([rdsError('InvalidParameterValue'), rdsOk])).toEqual({ requests: 1, outcome: 'InvalidParameterValue' });
  });

  it("Cost Explorer's LimitExceededException is its throttling (its API reference: too many calls in a short period): retried where the client is configured so", async () => {
    const answer = {
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ __type: 'LimitExceededException', message: 'You made too many calls in a short period of time.' }),
    };
    const input = { TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Granularity: 'DAILY' as const, Metrics: ['UnblendedCost'] };
    const throttledCe = httpAnswering([answer]);
    const ce = new CostExplorerClient({
      ...sdkClientConfig('us-east-1', { alsoThrottling: ['LimitExceededException'] }),
      requestHandler: throttledCe,
      credentials,
    });
    await expect(ce.send(new GetCostAndUsageCommand(input))).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(throttledCe.requests).toBe(SDK_RETRY.maxAttempts);

    const quotaCe = httpAnswering([answer]);
    const plain = new CostExplorerClient({ ...sdkClientConfig('us-east-1'), requestHandler: quotaCe, credentials });
    await expect(plain.send(new GetCostAndUsageCommand(input))).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(quotaCe.requests).toBe(1);
  });
});

describe("the standard strategy, from whichever package the runtime's SDK has", () => {
  const missing = (id: string) => () => {
    throw new Error(`Cannot find module '${id}'\nRequire stack: ...`);
  };
  /** What a runtime whose SDK predates @smithy/core/retry has: @smithy/util-retry as published in 2025-10. */
  const runtime2025: typeof STANDARD_RETRY_SOURCES = [
    ['@smithy/core/retry', missing('@smithy/core/retry')],
    ['@smithy/util-retry', () => require('smithy-util-retry-runtime-2025')],
  ];

  it('takes @smithy/core/retry first, and both packages stay required from the runtime', () => {
    expect(STANDARD_RETRY_SOURCES.map(([id]) => id)).toEqual(['@smithy/core/retry', '@smithy/util-retry']);
    expect(loadStandardRetryStrategy()).toBe(StandardRetryStrategy);
  });

  it('falls back to @smithy/util-retry, and a real client retries through it as through the new one', async () => {
    const legacy = loadStandardRetryStrategy(runtime2025);
    expect(legacy).not.toBe(StandardRetryStrategy);
    expect(legacy).toBe(require('smithy-util-retry-runtime-2025').StandardRetryStrategy);
    const strategy = () => new QuotaAwareRetryStrategy(SDK_RETRY.maxAttempts, {}, legacy);
    expect(await rdsRequestsFor([rdsError('Throttling'), rdsError('Throttling'), rdsOk], strategy())).toEqual({
      requests: 3,
      outcome: 'ok',
    });
    expect(await rdsRequestsFor([rdsError('Throttling')], strategy())).toEqual({ requests: SDK_RETRY.maxAttempts, outcome: 'Throttling' });
    expect(await rdsRequestsFor([rdsError('SnapshotQuotaExceeded'), rdsOk], strategy())).toMatchObject({ requests: 1 });
  });

  it('skips a package without the export, and names every failure when none has it', () => {
    const empty: typeof STANDARD_RETRY_SOURCES = [
      ['@smithy/core/retry', () => ({})],
      ['@smithy/util-retry', missing('@smithy/util-retry')],
    ];
    expect(() => loadStandardRetryStrategy(empty)).toThrow(
      "The runtime's AWS SDK has no StandardRetryStrategy (@smithy/core/retry has no StandardRetryStrategy; @smithy/util-retry: Cannot find module '@smithy/util-retry'): bundle @smithy/core with the functions",
    );
    expect(loadStandardRetryStrategy([empty[0], runtime2025[1]])).toBe(require('smithy-util-retry-runtime-2025').StandardRetryStrategy);
  });
});

describe('every client of every function', () => {
  it('is built from sdkClientConfig, so the retry is configured in one place', () => {
    const lambdaDir = join(__dirname, '../../../lambda');
    const sources = readdirSync(lambdaDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(lambdaDir, f));
    const constructions = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new (\w+Client)\(([^;]*)/g)].map((m) => ({ file, client: m[1], args: m[2] })),
    );
    expect(constructions.length).toBeGreaterThan(20);
    expect(
      constructions
        .filter((c) => !c.args.startsWith('sdkClientConfig('))
        .map((c) => `${relative(lambdaDir, c.file)}: new ${c.client}(${c.args}`),
    ).toEqual([]);
  });
});

describe('which errors are quotas', () => {
  it.each([
    'SnapshotQuotaExceeded',
    'SnapshotQuotaExceededFault',
    'InstanceQuotaExceededFault',
    'ServiceQuotaExceededException',
    'LimitExceededException',
    'NodeQuotaForCustomerExceededFault',
  ])('%s is a quota', (name) => {
    expect(isQuotaError(named(name))).toBe(true);
  });

  it.each(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'BandwidthLimitExceeded', 'SlowDown', 'InternalFailure'])(
    '%s is not',
    (name) => {
      expect(isQuotaError(named(name))).toBe(false);
    },
  );

  it("an API's own throttling name is not a quota for that API's client", () => {
    expect(isQuotaError(named('LimitExceededException'), ['LimitExceededException'])).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });
});

describe('a finite worst case per call', () => {
  it("reckons with the SDK's own backoff constants, written out so contracts load no package", () => {
    expect(SDK_BACKOFF_MS).toEqual({ base: Retry.delay(), throttlingBase: Retry.throttlingDelay(), max: MAXIMUM_RETRY_DELAY });
  });

  it('the longest backoffs are the SDK throttling delays, doubling: 1 s then 2 s', () => {
    expect([sdkBackoffCapMs(0), sdkBackoffCapMs(1)]).toEqual([1_000, 2_000]);
  });

  it('a call costs its attempts times one attempt plus the longest backoffs, and no more', () => {
    expect(sdkCallWorstCaseMs()).toBe(3 * (2_000 + 5_000) + 1_000 + 2_000);
  });

  it('the SDK waits no longer than sdkBackoffCapMs before each retry, even with the largest jitter', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const strategy = sdkClientConfig().retryStrategy;
    let token = await strategy.acquireInitialRetryToken('');
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      waits.push(ms ?? 0);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    for (let retry = 0; retry < SDK_RETRY.maxAttempts - 1; retry++) {
      token = await strategy.refreshRetryTokenForRetry(token, {
        errorType: 'THROTTLING',
        error: named('Throttling'),
        retryAfterHint: new Date(Date.now() + 60_000),
      } as never);
    }
    expect(waits).toHaveLength(SDK_RETRY.maxAttempts - 1);
    for (const [retry, ms] of waits.entries()) expect(ms).toBeLessThanOrEqual(sdkBackoffCapMs(retry));
    await expect(
      strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING', error: named('Throttling') } as never),
    ).rejects.toThrow();
  });
});
