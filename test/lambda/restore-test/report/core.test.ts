import type { RestoreResult } from '../../../../lambda/shared/restore-report';
import {
  describeError,
  reportRestore,
  restoreMetrics,
  restoreResult,
  summarize,
  type MetricValue,
} from '../../../../lambda/restore-test/report/core';
import type { RestoreWorkflowState, VerifyOutcome } from '../../../../lambda/restore-test/common/workflow';
import { DB_COPY, started, state } from '../common/fixtures';

const now = new Date('2026-11-22T06:50:00Z');
const verified: VerifyOutcome = {
  passed: true,
  checks: [
    { name: 'backup-manifest', passed: true, detail: 'comparing with the counts recorded at 2026-11-22T02:59:00Z' },
    { name: 'row-count:app.orders', passed: true, detail: 'restored 20 rows, backup recorded 20 (allowed ±5%)' },
  ],
  newestDataAt: '2026-11-22T02:58:00.000Z',
  verifiedAt: '2026-11-22T06:42:00.000Z',
};
const deleted = { copyId: DB_COPY, action: 'deleted' as const, detail: `${DB_COPY} deleted` };
const passedRun = state({ restore: started(), verify: verified, cleanup: deleted });
const lambdaError = (type: string, message: string) => ({
  Error: type,
  Cause: JSON.stringify({ errorType: type, errorMessage: message, trace: ['at x'] }),
});

describe('restoreResult', () => {
  it('measures the RTO to the verified copy and the RPO from the newest row', () => {
    expect(restoreResult(passedRun, now)).toEqual({
      succeeded: true,
      source: 'dev-appdb-2026-11-22 (2026-11-22T03:00:00.000Z)',
      startedAt: '2026-11-22T06:00:00.000Z',
      finishedAt: '2026-11-22T06:50:00.000Z',
      durationSeconds: 42 * 60,
      dataAgeSeconds: 3 * 3600 + 2 * 60,
      checks: [...verified.checks, { name: 'cleanup', passed: true, detail: `${DB_COPY} deleted` }],
      error: undefined,
    });
  });

  it('takes the snapshot time as the newest data when no freshness query measured it', () => {
    const result = restoreResult(state({ restore: started(), verify: { ...verified, newestDataAt: undefined }, cleanup: deleted }), now);
    expect(result.dataAgeSeconds).toBe(3 * 3600);
  });

  it('counts skipped checks as neither passed nor failed', () => {
    const withSkip = { ...verified, checks: [...verified.checks, { name: 'freshness', passed: false, skipped: true, detail: 'no query' }] };
    expect(restoreResult(state({ restore: started(), verify: withSkip, cleanup: deleted }), now).succeeded).toBe(true);
  });

  it('records a failed start as a failed run with the error and without an RPO', () => {
    const failed = state({
      error: lambdaError('NoSnapshotAvailableError', 'No available manual snapshot of appdb'),
      cleanup: { copyId: DB_COPY, action: 'not-found', detail: 'nothing to delete' },
    });
    expect(restoreResult(failed, now)).toMatchObject({
      succeeded: false,
      source: 'nothing was restored',
      durationSeconds: 50 * 60,
      dataAgeSeconds: undefined,
      error: 'NoSnapshotAvailableError: No available manual snapshot of appdb',
      checks: [{ name: 'cleanup', passed: true, detail: 'nothing to delete' }],
    });
  });

  it('fails a run whose checks passed when the copy could not be deleted', () => {
    expect(
      restoreResult(state({ restore: started(), verify: verified, cleanup: { ...deleted, action: 'refused', detail: 'not ours' } }), now)
        .succeeded,
    ).toBe(false);
    const cleanupFailed = restoreResult(
      state({ restore: started(), verify: verified, cleanupError: lambdaError('InvalidDBInstanceStateFault', 'busy') }),
      now,
    );
    expect(cleanupFailed).toMatchObject({ succeeded: false, error: 'cleanup failed: InvalidDBInstanceStateFault: busy' });
  });

  it('fails a run with failing checks', () => {
    const failing = {
      ...verified,
      passed: false,
      checks: [{ name: 'row-count:app.orders', passed: false, detail: 'restored 2 rows, backup recorded 20 (allowed ±5%)' }],
    };
    expect(restoreResult(state({ restore: started(), verify: failing, cleanup: deleted }), now).succeeded).toBe(false);
  });
});

describe('restoreMetrics', () => {
  it('publishes success, RTO and RPO under the database names', () => {
    expect(restoreMetrics('database', restoreResult(passedRun, now))).toEqual([
      { name: 'RestoreTestSucceeded', unit: 'Count', value: 1 },
      { name: 'RestoreDurationSeconds', unit: 'Seconds', value: 2520 },
      { name: 'RestoredDataAgeSeconds', unit: 'Seconds', value: 10920 },
    ]);
  });

  it('publishes the cache names, and no RTO for a failed run', () => {
    const failed: RestoreResult = { ...restoreResult(passedRun, now), succeeded: false };
    expect(restoreMetrics('cache', failed)).toEqual([
      { name: 'CacheRestoreSucceeded', unit: 'Count', value: 0 },
      { name: 'CacheRestoredDataAgeSeconds', unit: 'Seconds', value: 10920 },
    ]);
  });
});

describe('summarize', () => {
  it('gives a short subject and the failing checks', () => {
    const failing = {
      ...verified,
      passed: false,
      checks: [{ name: 'sql:orders-have-customers', passed: false, detail: 'returned false; expected true' }],
    };
    const { subject, message } = summarize(
      { stage: 'dev', rtoTargetMinutes: 30 },
      'database',
      restoreResult(state({ restore: started(), verify: failing, cleanup: deleted }), now),
      'reports/dev/restore-tests/2026-11-22.json',
    );
    expect(subject).toBe('[dev] Database restore test FAILED');
    expect(message).toContain('  - sql:orders-have-customers: returned false; expected true');
    expect(message).toContain('Duration (RTO): 42 min, target 30 min - OVER TARGET');
    expect(message).toContain('Report: reports/dev/restore-tests/2026-11-22.json');
  });

  it('a restore verified in exactly the RTO target is on target; one a second slower is OVER TARGET', () => {
    const verifiedAfter = (seconds: number) =>
      restoreResult(
        state({
          restore: started(),
          verify: { ...verified, verifiedAt: new Date(Date.parse('2026-11-22T06:00:00Z') + seconds * 1000).toISOString() },
          cleanup: deleted,
        }),
        now,
      );
    const onTarget = summarize({ stage: 'dev', rtoTargetMinutes: 60 }, 'database', verifiedAfter(3600), 'k').message;
    const over = summarize({ stage: 'dev', rtoTargetMinutes: 60 }, 'database', verifiedAfter(3601), 'k').message;
    expect(onTarget).toContain('Duration (RTO): 1 h, target 60 min\n');
    expect(over).toContain('Duration (RTO): 1 h, target 60 min - OVER TARGET\n');
    // The same edge the RestoreSlow alarm uses (GreaterThanThreshold on rtoTargetMinutes * 60): the metric carries the exact seconds.
    expect(restoreMetrics('database', verifiedAfter(3600))).toContainEqual({
      name: 'RestoreDurationSeconds',
      unit: 'Seconds',
      value: 3600,
    });
    expect(restoreMetrics('database', verifiedAfter(3601))).toContainEqual({
      name: 'RestoreDurationSeconds',
      unit: 'Seconds',
      value: 3601,
    });
  });

  it('the RPO is the whole seconds from the newest data to the test start: a second of data newer or older moves it by one', () => {
    const newest = (iso: string) =>
      restoreResult(state({ restore: started(), verify: { ...verified, newestDataAt: iso }, cleanup: deleted }), now).dataAgeSeconds;
    expect(newest('2026-11-22T05:00:00.000Z')).toBe(3600);
    expect(newest('2026-11-22T04:59:59.000Z')).toBe(3601);
    expect(newest('2026-11-22T06:00:01.000Z')).toBe(0); // newer than the test start (clock skew): no data lost, never negative
  });

  it('says how long a passing test took', () => {
    expect(summarize({ stage: 'prod', rtoTargetMinutes: 60 }, 'cache', restoreResult(passedRun, now), 'k').subject).toBe(
      '[prod] Cache restore test passed in 42 min',
    );
  });
});

describe('describeError', () => {
  it('reads a Lambda error cause, and keeps other causes as text', () => {
    expect(describeError(lambdaError('RestoreDeadlineExceededError', 'still creating'))).toBe(
      'RestoreDeadlineExceededError: still creating',
    );
    expect(describeError({ Error: 'States.Timeout', Cause: 'Task timed out' })).toBe('States.Timeout: Task timed out');
    expect(describeError({ Error: 'States.Timeout' })).toBe('States.Timeout');
  });
});

describe('reportRestore', () => {
  function ports(write: () => Promise<string> = async () => 'reports/dev/restore-tests/2026-11-22.json') {
    const log: string[] = [];
    const emitted: MetricValue[] = [];
    return {
      log,
      emitted,
      ports: {
        emitMetrics: (metrics: readonly MetricValue[]) => {
          log.push('metrics');
          emitted.push(...metrics);
        },
        writeResult: async () => {
          log.push('write');
          return write();
        },
        notify: async (subject: string) => void log.push(`notify ${subject}`),
      },
    };
  }

  it('publishes metrics, writes the report section, then notifies', async () => {
    const p = ports();
    const result = await reportRestore(passedRun as RestoreWorkflowState, { stage: 'dev', rtoTargetMinutes: 60 }, p.ports, now);
    expect(p.log).toEqual(['metrics', 'write', 'notify [dev] Database restore test passed in 42 min']);
    expect(result).toEqual({
      succeeded: true,
      summary: '[dev] Database restore test passed in 42 min',
      reportKey: 'reports/dev/restore-tests/2026-11-22.json',
    });
  });

  it('has published the metrics even when the report cannot be written', async () => {
    const p = ports(async () => Promise.reject(new Error('AccessDenied')));
    await expect(reportRestore(passedRun as RestoreWorkflowState, { stage: 'dev', rtoTargetMinutes: 60 }, p.ports, now)).rejects.toThrow(
      'AccessDenied',
    );
    expect(p.emitted[0]).toEqual({ name: 'RestoreTestSucceeded', unit: 'Count', value: 1 });
  });
});
