import type { RestoreCheck, RestoreSection } from '../../shared/restore-report';

/**
 * The state both restore-test state machines pass from step to step. Every function receives the
 * whole state and returns only its own part, which the state machine stores under the key named here.
 */
export interface RestoreWorkflowState<Status extends CopyStatus = CopyStatus> {
  readonly run: RunInfo;
  readonly restore?: RestoreStarted;
  readonly status?: Status;
  readonly verify?: VerifyOutcome;
  readonly cleanup?: CleanupOutcome;
  /** Set by a Catch: the error of the step that failed. */
  readonly error?: TaskError;
  /** Set when the cleanup step itself failed after its retries. */
  readonly cleanupError?: TaskError;
}

/** Set by the first state from the execution's context object. */
export interface RunInfo {
  readonly kind: RestoreSection;
  readonly executionName: string;
  /** ISO time the execution started: the start of the measured RTO and the time the copy is named after. */
  readonly executionStartTime: string;
}

export interface RestoreStarted {
  /** RDS instance identifier or ElastiCache replication group id of the copy. */
  readonly copyId: string;
  /** What was restored: a snapshot id, or the source and point in time. */
  readonly source: string;
  /** ISO time the restored data stands for: snapshot creation time or the point in time. */
  readonly sourceTime: string;
  /** S3 key of the backup manifest for this snapshot, when the backup job wrote one. */
  readonly manifestKey?: string;
  /** ISO time after which the run gives up, cleans up and fails. */
  readonly deadline: string;
}

export interface CopyStatus {
  readonly ready: boolean;
  /** Status checks made so far in this run. */
  readonly polls: number;
  readonly status: string;
  readonly address?: string;
  readonly port?: number;
}

/** A check as the report shows it; `skipped` checks are neither passed nor failures. */
export interface VerificationCheck extends RestoreCheck {
  readonly skipped?: boolean;
}

export interface VerifyOutcome {
  /** True when no check failed (skipped checks do not count). */
  readonly passed: boolean;
  readonly checks: readonly VerificationCheck[];
  /** ISO time of the newest data found in the copy, when it could be measured. */
  readonly newestDataAt?: string;
  /** ISO time the checks finished: the end of the measured RTO. */
  readonly verifiedAt: string;
}

export interface CleanupOutcome {
  readonly copyId: string;
  readonly action: 'deleted' | 'already-deleting' | 'not-found' | 'refused';
  readonly detail: string;
}

/** What a Step Functions Catch stores: the error name and its cause (for Lambda errors, a JSON string). */
export interface TaskError {
  readonly Error: string;
  readonly Cause?: string;
}

export function verifyOutcome(checks: readonly VerificationCheck[], newestDataAt: string | undefined, verifiedAt: Date): VerifyOutcome {
  return {
    passed: checks.every((check) => check.passed || check.skipped === true),
    checks,
    newestDataAt,
    verifiedAt: verifiedAt.toISOString(),
  };
}

/** Errors the steps throw on purpose; their names are what the state machine and the report show. */
export class NoSnapshotAvailableError extends Error {
  override readonly name = 'NoSnapshotAvailableError';
}

export class RestoreDeadlineExceededError extends Error {
  override readonly name = 'RestoreDeadlineExceededError';
}

export class RestoreFailedError extends Error {
  override readonly name = 'RestoreFailedError';
}
