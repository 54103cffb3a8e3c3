const THROTTLING_ERRORS = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SnapshotQuotaExceeded',
  'ProvisionedThroughputExceededException',
]);

/** True for errors an AWS API returns when the caller should slow down and try again. */
export function isThrottlingError(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: { throttling?: boolean } } | undefined;
  return !!e && (THROTTLING_ERRORS.has(e.name ?? '') || e.$retryable?.throttling === true);
}

/** What withThrottlingRetry does unless told otherwise; the time budgets read it too. */
export const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 200 } as const;

export interface RetryOptions {
  /** Attempts in all, the first included. @default 5 */
  readonly attempts?: number;
  /** Delay before the second attempt; doubles each time, with full jitter. @default 200 */
  readonly baseDelayMs?: number;
  /** Injected for tests. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected for tests. @default Math.random */
  readonly random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying only throttling errors with exponential backoff and full jitter.
 * Any other error is thrown at once: retrying a validation error only hides it.
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
      if (!isThrottlingError(error) || attempt >= attempts) throw error;
      await sleep(Math.round(random() * baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
