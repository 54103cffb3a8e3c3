import type { RestoreResult } from '../../lambda/shared/restore-report';
import { RecoverInputError } from './recover-error';

/** The restore the plan's database estimate is based on. */
export interface MeasuredRestore {
  /** Start of the restore to a verified copy, in seconds (the restore test's measured RTO). */
  readonly durationSeconds: number;
  /** `dr` when it restored the off-site copy in the DR region (the rebuild's own case), else `primary`. */
  readonly kind: 'dr' | 'primary';
  readonly startedAt: string;
  /** What was restored, as the report names it. */
  readonly source: string;
  /** Where the report was read from (file or S3 key). */
  readonly report: string;
}

const isResult = (value: unknown): value is RestoreResult =>
  typeof value === 'object' && value !== null && typeof (value as RestoreResult).durationSeconds === 'number';

/**
 * Reads the day's restore-test report (`reports/<stage>/restore-tests/<date>.json`). A passing DR
 * restore (a section whose name starts with `dr`) is preferred: it restored the off-site copy where
 * the rebuild will. Otherwise the primary database restore test. A failed run measured nothing.
 */
export function readMeasuredRestore(body: string, report: string): MeasuredRestore {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new RecoverInputError([`--restore-report: ${report} is not JSON (${(error as Error).message})`]);
  }
  const sections = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed as Record<string, unknown>) : [];
  const dr = sections.find(([name, value]) => /^dr/i.test(name) && isResult(value) && value.succeeded);
  const primary = sections.find(([name, value]) => name === 'database' && isResult(value) && value.succeeded);
  const chosen = dr ?? primary;
  if (!chosen)
    throw new RecoverInputError([
      `--restore-report: ${report} holds no passing database restore (a "database" or "dr…" section with succeeded: true and durationSeconds); pass the report of the last passing run`,
    ]);
  const result = chosen[1] as RestoreResult;
  if (!(result.durationSeconds > 0))
    throw new RecoverInputError([
      `--restore-report: ${report} records a restore of ${result.durationSeconds} s; expected a positive duration`,
    ]);
  return {
    durationSeconds: result.durationSeconds,
    kind: dr ? 'dr' : 'primary',
    startedAt: result.startedAt,
    source: result.source,
    report,
  };
}
