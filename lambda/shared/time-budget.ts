/** The SDK's retry, configured once for every client (sdk-client.ts): standard mode, this many attempts in all. */
export const SDK_RETRY = { mode: 'standard', maxAttempts: 3 } as const;

/**
 * Limits of one AWS SDK call as the functions' clients are built (sdkClientConfig). Without them
 * the SDK waits for a silent endpoint as long as the Lambda runs: its request timeout only warns
 * unless told to throw, and it sets no connection timeout. Retries are the SDK's own (SDK_RETRY),
 * configured once, so they never multiply.
 */
export const SDK_CALL_LIMITS = { maxAttempts: SDK_RETRY.maxAttempts, connectionTimeoutMs: 2_000, requestTimeoutMs: 5_000 } as const;

/**
 * The standard retry's backoff constants (@smithy/core/retry's MAXIMUM_RETRY_DELAY, Retry.delay and
 * Retry.throttlingDelay), written out so that contracts, and the config that reads them, load no
 * package; test/lambda/shared/retry.test.ts holds them equal to the SDK's.
 */
export const SDK_BACKOFF_MS = { base: 50, throttlingBase: 1_000, max: 20_000 } as const;

/** The longest backoff the SDK's standard retry waits before retry `retry` (0-based): a throttled call's. */
export function sdkBackoffCapMs(retry: number): number {
  return Math.min(SDK_BACKOFF_MS.max, Math.max(SDK_BACKOFF_MS.throttlingBase, SDK_BACKOFF_MS.base) * 2 ** retry);
}

/** One `client.send`: every attempt connects and answers at the last moment, and every backoff waits its longest. */
export function sdkCallWorstCaseMs(): number {
  const { maxAttempts, connectionTimeoutMs, requestTimeoutMs } = SDK_CALL_LIMITS;
  let sleeps = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry++) sleeps += sdkBackoffCapMs(retry);
  return maxAttempts * (connectionTimeoutMs + requestTimeoutMs) + sleeps;
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

/** The worst case of `count` SDK calls made one after another. */
export const callsMs = (count: number): number => count * sdkCallWorstCaseMs();

/** A budget whose steps all run to completion: no deadline, so their sum must fit the timeout. */
export function fixedBudget(timeoutSeconds: number, steps: Readonly<Record<string, number>>): TimeBudget {
  return { timeoutSeconds, before: steps, marginMs: 0, after: {} };
}

/**
 * A budget for work with no natural end (an account's listings, a queue): it runs until the
 * deadline and then stops starting calls. The margin holds the one call still in flight and what
 * follows (`after`).
 */
export function deadlineBudget(
  timeoutSeconds: number,
  step: string,
  after: Readonly<Record<string, number>>,
  before: Readonly<Record<string, number>> = {},
): TimeBudget {
  return {
    timeoutSeconds,
    before,
    deadlineBound: step,
    marginMs: sumMs({ callInFlight: sdkCallWorstCaseMs(), ...after }),
    after: { callInFlight: sdkCallWorstCaseMs(), ...after },
  };
}

/** Thrown when work that must not start past the deadline is asked to. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReached';
}

/** Throws DeadlineReachedError once `deadline` (epoch ms) has passed: call it before starting a call. */
export function assertBeforeDeadline(deadline: number | undefined, what: string, now: number = Date.now()): void {
  if (deadline !== undefined && now >= deadline)
    throw new DeadlineReachedError(`${what}: not started, the run reached its deadline (${new Date(deadline).toISOString()})`);
}

/** The deadline of an invocation: its remaining time (the budget's timeout when run outside Lambda) less the budget's margin. */
export function invocationDeadline(context: RemainingTime | undefined, budget: TimeBudget, now: number = Date.now()): number {
  return deadlineFrom(context?.getRemainingTimeInMillis() ?? budget.timeoutSeconds * 1000, budget.marginMs, now);
}
