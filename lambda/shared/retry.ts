/**
 * The one retry layer of every AWS call: the SDK clients make a single attempt (sdkClientConfig),
 * and this wrapper decides what is worth another. Ours rather than the SDK's because the SDK counts
 * LimitExceededException as throttling everywhere, while for most APIs (CloudWatch Logs' export
 * tasks, Lambda, ...) it is a quota that no backoff lifts; and because adapter tests see our retries.
 */
const THROTTLING_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

/** Timeouts and server errors: the same request may well succeed a moment later. */
const TRANSIENT_ERRORS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure', 'ServiceUnavailable']);
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const TRANSIENT_STATUS_CODES = new Set([500, 502, 503, 504]);

/**
 * Quotas (SnapshotQuotaExceeded, InstanceQuotaExceededFault, ServiceQuotaExceededException,
 * LimitExceededException, ...): the account or resource is at a limit that seconds of waiting do not
 * lift. Never retried, whatever else the error says.
 */
const QUOTA_ERROR = /Quota|LimitExceeded/;

interface AwsErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** True for a quota error (see QUOTA_ERROR), which is never retried. */
export function isQuotaError(error: unknown): boolean {
  const e = error as AwsErrorShape | undefined;
  return !!e && !THROTTLING_ERRORS.has(e.name ?? '') && QUOTA_ERROR.test(e.name ?? '');
}

/** True for errors an AWS API returns when the caller should slow down and try again. */
export function isThrottlingError(error: unknown, alsoThrottling: readonly string[] = []): boolean {
  const e = error as AwsErrorShape | undefined;
  if (!e) return false;
  if (alsoThrottling.includes(e.name ?? '') || THROTTLING_ERRORS.has(e.name ?? '')) return true;
  return !isQuotaError(e) && (e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429);
}

/** True for a timeout, a dropped connection or a 5xx: worth one more attempt, unless it is a quota. */
export function isTransientError(error: unknown): boolean {
  const e = error as AwsErrorShape | undefined;
  if (!e || isQuotaError(e)) return false;
  return TRANSIENT_ERRORS.has(e.name ?? '') || TRANSIENT_NODE_CODES.has(e.code ?? '') || TRANSIENT_STATUS_CODES.has(e.$metadata?.httpStatusCode ?? 0);
}

/** What withThrottlingRetry does unless told otherwise; the time budgets read it too. */
export const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 500 } as const;

export interface RetryOptions {
  /** Attempts in all, the first included. @default 3 */
  readonly attempts?: number;
  /** Longest delay before the second attempt; doubles each time, with full jitter. @default 500 */
  readonly baseDelayMs?: number;
  /**
   * Error names that mean throttling for this API although they mean a quota elsewhere
   * (Cost Explorer's LimitExceededException: "too many calls in a short period"). @default none
   */
  readonly alsoThrottling?: readonly string[];
  /** Injected for tests. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. @default Math.random */
  readonly random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying throttling and transient errors (at most `attempts` in all) with
 * exponential backoff and full jitter. Any other error, quotas included, is thrown at once:
 * retrying a validation error or a full quota only hides it.
 */
export async function withThrottlingRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = isThrottlingError(error, options.alsoThrottling) || isTransientError(error);
      if (!retryable || attempt >= attempts) throw error;
      await sleep(Math.round(random() * baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
