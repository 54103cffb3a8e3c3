import {
  RestoreDeadlineExceededError,
  RestoreFailedError,
  type CopyStatus,
  type RestoreStarted,
  type RestoreWorkflowState,
} from './workflow';

/** The run's overall deadline: its start plus the configured timeout. */
export function runDeadline(executionStartTime: string, timeoutMinutes: number): string {
  return new Date(Date.parse(executionStartTime) + timeoutMinutes * 60_000).toISOString();
}

/** What one look at the copy found; `details` (endpoint and the like) matter only once it is ready. */
export interface CopyObservation<Details> {
  readonly status: string;
  readonly ready: boolean;
  readonly details: Details;
}

/**
 * One status check inside the state machine's wait loop. It throws, so that the Catch cleans up, when
 * the copy vanished, reached a state it does not leave by waiting, or the run used its time or its
 * status checks. The state machine's own timeout is no substitute: a timed-out execution runs no Catch.
 */
export async function checkCopy<Details extends object>(
  state: RestoreWorkflowState,
  maxPolls: number,
  now: Date,
  deadEnds: ReadonlySet<string>,
  observe: (copyId: string) => Promise<CopyObservation<Details> | undefined>,
): Promise<CopyStatus & Partial<Details>> {
  const restore = state.restore;
  if (!restore) throw new RestoreFailedError('No restore was started; nothing to wait for');
  const polls = (state.status?.polls ?? 0) + 1;
  const seen = await observe(restore.copyId);
  if (!seen) throw new RestoreFailedError(`${restore.copyId} does not exist (any more)`);
  if (deadEnds.has(seen.status)) throw new RestoreFailedError(`${restore.copyId} is "${seen.status}"`);
  if (seen.ready) return { ...seen.details, ready: true, polls, status: seen.status };
  assertPollBudget(restore, polls, maxPolls, now, seen.status);
  return { ready: false, polls, status: seen.status } as CopyStatus & Partial<Details>;
}

function assertPollBudget(restore: RestoreStarted, polls: number, maxPolls: number, now: Date, status: string): void {
  if (now.getTime() >= Date.parse(restore.deadline)) {
    throw new RestoreDeadlineExceededError(`${restore.copyId} was still "${status}" at the deadline ${restore.deadline}`);
  }
  if (polls >= maxPolls) {
    throw new RestoreDeadlineExceededError(`${restore.copyId} was still "${status}" after ${polls} status checks`);
  }
}
