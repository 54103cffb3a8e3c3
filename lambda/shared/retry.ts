import type { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import { SDK_RETRY } from './time-budget';

/**
 * Where the SDK's StandardRetryStrategy has lived, newest first: @smithy/core/retry since
 * @smithy/core 3.24 (2026-05), @smithy/util-retry before it, which the newest SDK no longer
 * installs. The Lambda runtime provides the SDK at a version that lags npm's and may differ by
 * region, so the strategy comes from whichever of the two it has. Literal requires, so esbuild
 * leaves both to the runtime like the rest of the SDK.
 */
export const STANDARD_RETRY_SOURCES: readonly (readonly [string, () => unknown])[] = [
  ['@smithy/core/retry', () => require('@smithy/core/retry')],
  ['@smithy/util-retry', () => require('@smithy/util-retry')],
];

/** The first source that loads and exports StandardRetryStrategy; if none does, an error naming each failure. */
export function loadStandardRetryStrategy(sources = STANDARD_RETRY_SOURCES): typeof StandardRetryStrategy {
  const failures: string[] = [];
  for (const [id, load] of sources) {
    try {
      const strategy = (load() as { StandardRetryStrategy?: unknown }).StandardRetryStrategy;
      if (typeof strategy === 'function') return strategy as typeof StandardRetryStrategy;
      failures.push(`${id} has no StandardRetryStrategy`);
    } catch (error) {
      failures.push(`${id}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`The runtime's AWS SDK has no StandardRetryStrategy (${failures.join('; ')}): bundle @smithy/core with the functions`);
}

/**
 * The one retry layer of every AWS call is the SDK's own standard retry (sdkClientConfig builds it
 * into each client). This module only says what it must not retry: the SDK counts
 * LimitExceededException as throttling for every API, while for most of ours (CloudWatch Logs'
 * export tasks, CloudFormation, Secrets Manager, ECS) it is a quota that no backoff lifts.
 */

/** Names that mean "slow down" although they contain LimitExceeded: never a quota. */
const THROTTLING_NAMES = new Set(['RequestLimitExceeded', 'BandwidthLimitExceeded']);

/**
 * Quotas (SnapshotQuotaExceeded, InstanceQuotaExceededFault, ServiceQuotaExceededException,
 * LimitExceededException, ...): the account or resource is at a limit that seconds of waiting do not
 * lift. Never retried, whatever else the error says.
 */
const QUOTA_ERROR = /Quota|LimitExceeded/;

/**
 * True for a quota error, which is never retried. `alsoThrottling` names the errors that mean
 * throttling for one API although they read as a quota elsewhere (Cost Explorer's
 * LimitExceededException: "You made too many calls in a short period of time").
 */
export function isQuotaError(error: unknown, alsoThrottling: readonly string[] = []): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return QUOTA_ERROR.test(name) && !THROTTLING_NAMES.has(name) && !alsoThrottling.includes(name);
}

export interface RetryPolicy {
  /** Error names this client's API uses for throttling although they read as a quota. @default none */
  readonly alsoThrottling?: readonly string[];
}

/**
 * The SDK's standard retry strategy (its error classes, backoff and retry quota) with two changes:
 * a quota error is thrown at once, and a Retry-After hint does not lengthen the backoff, so the
 * worst case of a call stays what sdkCallWorstCaseMs says.
 */
export class QuotaAwareRetryStrategy implements RetryStrategyV2 {
  readonly mode = SDK_RETRY.mode;
  private readonly standard: StandardRetryStrategy;

  constructor(
    readonly maxAttempts: number,
    readonly policy: RetryPolicy = {},
    standardStrategy: typeof StandardRetryStrategy = loadStandardRetryStrategy(),
  ) {
    this.standard = new standardStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const error = (errorInfo as { error?: unknown }).error;
    if (isQuotaError(error, this.policy.alsoThrottling)) return Promise.reject(new Error('A quota error is not retried'));
    const name = (error as { name?: string } | undefined)?.name ?? '';
    const errorType = this.policy.alsoThrottling?.includes(name) ? 'THROTTLING' : errorInfo.errorType;
    return this.standard.refreshRetryTokenForRetry(token as StandardRetryToken, { ...errorInfo, errorType, retryAfterHint: undefined });
  }

  recordSuccess(token: RetryToken): void {
    this.standard.recordSuccess(token as StandardRetryToken);
  }
}
