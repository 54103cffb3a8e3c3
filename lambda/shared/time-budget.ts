import { DEFAULT_RETRY, type RetryOptions } from './retry';

/**
 * Limits of one AWS SDK call as the functions' clients are built (sdkClientConfig). Without them
 * the SDK waits for a silent endpoint as long as the Lambda runs: its request timeout only warns
 * unless told to throw, and it sets no connection timeout.
 */
export const SDK_CALL_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 2_000, requestTimeoutMs: 5_000 } as const;

/** The SDK's standard retry: throttled calls wait up to 500 ms × 2^retry (capped at 20 s), and a Retry-After hint may add 5 s. */
const SDK_THROTTLING_BASE_MS = 500;
const SDK_MAX_DELAY_MS = 20_000;
const SDK_RETRY_AFTER_EXTRA_MS = 5_000;

/** Client settings that make one SDK call's worst case finite: pass to every client's constructor. */
export function sdkClientConfig(region?: string) {
  return {
    ...(region ? { region } : {}),
    maxAttempts: SDK_CALL_LIMITS.maxAttempts,
    requestHandler: { connectionTimeout: SDK_CALL_LIMITS.connectionTimeoutMs, requestTimeout: SDK_CALL_LIMITS.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

/** One `client.send`: every attempt times out and every retry waits its longest. */
export function sdkCallWorstCaseMs(): number {
  const { maxAttempts, connectionTimeoutMs, requestTimeoutMs } = SDK_CALL_LIMITS;
  let total = maxAttempts * (connectionTimeoutMs + requestTimeoutMs);
  for (let retry = 0; retry < maxAttempts - 1; retry++) total += Math.min(SDK_THROTTLING_BASE_MS * 2 ** retry, SDK_MAX_DELAY_MS) + SDK_RETRY_AFTER_EXTRA_MS;
  return total;
}

/**
 * One call wrapped in withThrottlingRetry: its attempts multiply the SDK's own, which is why the
 * functions with a tight budget pass fewer attempts.
 */
export function retriedCallWorstCaseMs(retry: Pick<RetryOptions, 'attempts' | 'baseDelayMs'> = {}): number {
  const attempts = retry.attempts ?? DEFAULT_RETRY.attempts;
  const base = retry.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  let sleeps = 0;
  for (let attempt = 1; attempt < attempts; attempt++) sleeps += base * 2 ** (attempt - 1);
  return attempts * sdkCallWorstCaseMs() + sleeps;
}

/**
 * A function's time budget as data: what runs one after another at its worst, the step that runs
 * until a deadline (the Lambda's remaining time minus `marginMs`) instead of to completion, and what
 * must still fit in that margin. The time-budget test checks it against the synthesized Timeout.
 */
export interface TimeBudget {
  /** The Lambda timeout the construct sets. */
  readonly timeoutSeconds: number;
  /** Worst case of the steps before the deadline-bound one, by name, in ms. */
  readonly before: Readonly<Record<string, number>>;
  /** The step that stops at the deadline, when there is one. */
  readonly deadlineBound?: string;
  /** Time kept back from the deadline-bound step for what follows it. */
  readonly marginMs: number;
  /** Worst case of the steps after the deadline-bound one, by name, in ms; they must fit in the margin. */
  readonly after: Readonly<Record<string, number>>;
}

export const sumMs = (steps: Readonly<Record<string, number>>): number => Object.values(steps).reduce((a, b) => a + b, 0);

/** The Lambda's end, less a margin: when a deadline-bound step must have stopped. */
export function deadlineFrom(remainingMs: number, marginMs: number, now: number = Date.now()): number {
  return now + Math.max(0, remainingMs - marginMs);
}

/** What the Lambda runtime's context offers; tests pass a fake. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}
