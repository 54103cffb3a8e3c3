import type { RestoreCheck, RestoreResult, RestoreSection } from '../../shared/restore-report';
import { dataAgeSeconds, formatSeconds, secondsBetween } from '../common/data-age';
import type { CleanupOutcome, TaskError, VerificationCheck } from '../common/workflow';
import { RESTORE_METRICS, type ReportEvent, type ReportResult } from './contract';

export interface MetricValue {
  readonly name: string;
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
}

export interface ReportPorts {
  emitMetrics(metrics: readonly MetricValue[]): void;
  /** Writes the section into the day's report; returns the S3 key. */
  writeResult(section: RestoreSection, result: RestoreResult): Promise<string>;
  notify(subject: string, message: string): Promise<void>;
}

export interface ReportConfig {
  readonly stage: string;
  readonly rtoTargetMinutes: number;
}

/** Metrics first (they feed the alarms even if S3 or SNS fail), then the report, then the summary. */
export async function reportRestore(state: ReportEvent, config: ReportConfig, ports: ReportPorts, now: Date): Promise<ReportResult> {
  const kind = state.run.kind;
  const result = restoreResult(state, now);
  ports.emitMetrics(restoreMetrics(kind, result));
  const reportKey = await ports.writeResult(kind, result);
  const { subject, message } = summarize(config, kind, result, reportKey);
  await ports.notify(subject, message);
  return { succeeded: result.succeeded, summary: subject, reportKey };
}

/**
 * The run as the report records it. It succeeded only when no step failed, every check passed or
 * was skipped, and the copy is gone. The duration runs from the execution's start to the verified
 * copy (the RTO), or to now when it never got there.
 */
export function restoreResult(state: ReportEvent, now: Date): RestoreResult {
  const { run, restore, verify } = state;
  const checks: VerificationCheck[] = [...(verify?.checks ?? []), cleanupCheck(state.cleanup, state.cleanupError)];
  const error = state.error
    ? describeError(state.error)
    : state.cleanupError
      ? `cleanup failed: ${describeError(state.cleanupError)}`
      : undefined;
  // Without a freshness measurement the snapshot (or point in time) is the newest data the copy can claim.
  const newestDataAt = verify ? (verify.newestDataAt ?? restore?.sourceTime) : undefined;
  return {
    succeeded: !state.error && verify?.passed === true && checks.every((check) => check.passed || check.skipped === true),
    source: restore ? `${restore.source} (${restore.sourceTime})` : 'nothing was restored',
    startedAt: run.executionStartTime,
    finishedAt: now.toISOString(),
    durationSeconds: secondsBetween(run.executionStartTime, verify?.verifiedAt ?? now.toISOString()),
    dataAgeSeconds: newestDataAt ? dataAgeSeconds(run.executionStartTime, newestDataAt) : undefined,
    checks,
    error,
  };
}

/** Succeeded is always published (1 or 0); the RTO only for a verified copy; the RPO whenever it was measured. */
export function restoreMetrics(kind: RestoreSection, result: RestoreResult): MetricValue[] {
  const names = RESTORE_METRICS[kind];
  return [
    { name: names.succeeded, unit: 'Count', value: result.succeeded ? 1 : 0 },
    ...(result.succeeded ? [{ name: names.durationSeconds, unit: 'Seconds' as const, value: result.durationSeconds }] : []),
    ...(result.dataAgeSeconds !== undefined
      ? [{ name: names.dataAgeSeconds, unit: 'Seconds' as const, value: result.dataAgeSeconds }]
      : []),
  ];
}

export function summarize(
  config: ReportConfig,
  kind: RestoreSection,
  result: RestoreResult,
  reportKey: string,
): { subject: string; message: string } {
  const label = kind === 'database' ? 'Database' : 'Cache';
  const subject =
    `[${config.stage}] ${label} restore test ${result.succeeded ? `passed in ${formatSeconds(result.durationSeconds)}` : 'FAILED'}`.slice(
      0,
      100,
    );
  const failed = result.checks.filter((check) => !check.passed && !(check as VerificationCheck).skipped);
  const overTarget = result.durationSeconds > config.rtoTargetMinutes * 60;
  const lines = [
    `${label} restore test of ${config.stage}: ${result.succeeded ? 'PASSED' : 'FAILED'}`,
    `Source: ${result.source}`,
    `Duration (RTO): ${formatSeconds(result.durationSeconds)}, target ${config.rtoTargetMinutes} min${overTarget ? ' - OVER TARGET' : ''}`,
    `Data age at test start (RPO): ${result.dataAgeSeconds === undefined ? 'not measured' : formatSeconds(result.dataAgeSeconds)}`,
    failed.length > 0
      ? `Failed checks:\n${failed.map((check) => `  - ${check.name}: ${check.detail}`).join('\n')}`
      : `Checks: all ${result.checks.length} passed or skipped`,
    ...(result.error ? [`Error: ${result.error}`] : []),
    `Report: ${reportKey}`,
  ];
  return { subject, message: lines.join('\n') };
}

function cleanupCheck(cleanup: CleanupOutcome | undefined, cleanupError: TaskError | undefined): RestoreCheck {
  const name = 'cleanup';
  if (cleanupError)
    return {
      name,
      passed: false,
      detail: `cleanup failed after retries (${describeError(cleanupError)}); the sweeper will delete the copy`,
    };
  if (!cleanup) return { name, passed: false, detail: 'cleanup did not run' };
  return { name, passed: cleanup.action !== 'refused', detail: cleanup.detail };
}

/** A Lambda error's cause is JSON with errorType and errorMessage; other causes are plain text. */
export function describeError(error: TaskError): string {
  let text = error.Cause ? `${error.Error}: ${error.Cause}` : error.Error;
  try {
    const cause = JSON.parse(error.Cause ?? '') as { errorType?: string; errorMessage?: string };
    if (cause.errorMessage) text = `${cause.errorType ?? error.Error}: ${cause.errorMessage}`;
  } catch {
    // not JSON: keep the plain text
  }
  return text.slice(0, 1000);
}
