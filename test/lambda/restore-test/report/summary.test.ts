import { describeError, restoreResult, summarize } from '../../../../lambda/restore-test/report/core';
import type { RestoreResult } from '../../../../lambda/shared/restore-report';
import { DB_COPY, started, state } from '../common/fixtures';

// The restore-test email as the person on call reads it, line by line, and the result it summarizes
// at the edges: a skipped check, cleanup that never ran, a verify without a freshness reading.

const CONFIG = { stage: 'prod', rtoTargetMinutes: 60 };
const base: RestoreResult = {
  succeeded: true,
  source: 'prod-appdb-2026-11-22 (2026-11-22T03:00:00.000Z)',
  startedAt: '2026-11-22T04:00:00.000Z',
  finishedAt: '2026-11-22T04:50:00.000Z',
  durationSeconds: 2520,
  dataAgeSeconds: 3720,
  checks: [
    { name: 'row-count:app.orders', passed: true, detail: 'ok' },
    {
      name: 'row-count:app.big',
      passed: false,
      skipped: true,
      detail: 'not verified: the verify step reached its deadline first',
    } as never,
    { name: 'cleanup', passed: true, detail: 'deleted' },
  ],
};

describe('the summary', () => {
  it('a passed run: subject with its duration, every line in order', () => {
    expect(summarize(CONFIG, 'database', base, 'reports/prod/restore-tests/2026-11-22.json')).toEqual({
      subject: '[prod] Database restore test passed in 42 min',
      message: [
        'Database restore test of prod: PASSED',
        'Source: prod-appdb-2026-11-22 (2026-11-22T03:00:00.000Z)',
        'Duration (RTO): 42 min, target 60 min',
        'Data age at test start (RPO): 1 h 2 min',
        'Checks: all 3 passed or skipped',
        'Report: reports/prod/restore-tests/2026-11-22.json',
      ].join('\n'),
    });
  });

  it('a failed cache run over its target: the failed checks (not the skipped), the error, no RPO', () => {
    const failed: RestoreResult = {
      ...base,
      succeeded: false,
      durationSeconds: 3601,
      dataAgeSeconds: undefined,
      checks: [...base.checks, { name: 'key-count', passed: false, detail: 'restored 0 keys' }],
      error: 'CacheVerifyError: no keys',
    };
    const { subject, message } = summarize(CONFIG, 'cache', failed, 'key');
    expect(subject).toBe('[prod] Cache restore test FAILED');
    expect(message.split('\n')).toEqual([
      'Cache restore test of prod: FAILED',
      'Source: prod-appdb-2026-11-22 (2026-11-22T03:00:00.000Z)',
      'Duration (RTO): 1 h, target 60 min - OVER TARGET',
      'Data age at test start (RPO): not measured',
      'Failed checks:',
      '  - key-count: restored 0 keys',
      'Error: CacheVerifyError: no keys',
      'Report: key',
    ]);
  });

  it('exactly at the target is not over it', () => {
    expect(summarize(CONFIG, 'database', { ...base, durationSeconds: 3600 }, 'k').message).toContain(
      'Duration (RTO): 1 h, target 60 min\n',
    );
  });
});

describe('the result at its edges', () => {
  const now = new Date('2026-11-22T06:50:00Z');
  const deleted = { copyId: DB_COPY, action: 'deleted' as const, detail: `${DB_COPY} deleted` };

  it('a skipped check does not fail the run; a failed one does', () => {
    const verify = (passed: boolean, skipped: boolean) => ({
      passed: true,
      checks: [{ name: 'row-count:a', passed, skipped, detail: 'd' }],
      newestDataAt: '2026-11-22T02:58:00.000Z',
      verifiedAt: '2026-11-22T06:42:00.000Z',
    });
    expect(restoreResult(state({ restore: started(), verify: verify(false, true), cleanup: deleted }), now).succeeded).toBe(true);
    expect(restoreResult(state({ restore: started(), verify: verify(false, false), cleanup: deleted }), now).succeeded).toBe(false);
  });

  it('cleanup that never ran fails the run with its own check', () => {
    const result = restoreResult(
      state({ restore: started(), verify: { passed: true, checks: [], verifiedAt: '2026-11-22T06:42:00.000Z' } }),
      now,
    );
    expect(result.succeeded).toBe(false);
    expect(result.checks).toEqual([{ name: 'cleanup', passed: false, detail: 'cleanup did not run' }]);
  });

  it('without a freshness reading, the snapshot time is the newest data; without a verify, no age at all', () => {
    const noFreshness = restoreResult(
      state({ restore: started(), verify: { passed: true, checks: [], verifiedAt: '2026-11-22T06:42:00.000Z' }, cleanup: deleted }),
      now,
    );
    expect(noFreshness.dataAgeSeconds).toBeGreaterThan(0);
    expect(restoreResult(state({ restore: started(), cleanup: deleted }), now).dataAgeSeconds).toBeUndefined();
    expect(restoreResult(state({ cleanup: deleted }), now).source).toBe('nothing was restored');
  });

  it('describes an error by its JSON cause, else its text, at most 1000 characters', () => {
    expect(describeError({ Error: 'States.TaskFailed', Cause: JSON.stringify({ errorMessage: 'boom' }) })).toBe('States.TaskFailed: boom');
    expect(describeError({ Error: 'X', Cause: JSON.stringify({ errorType: 'Y', errorMessage: 'boom' }) })).toBe('Y: boom');
    expect(describeError({ Error: 'X', Cause: 'plain' })).toBe('X: plain');
    expect(describeError({ Error: 'X' })).toBe('X');
    expect(describeError({ Error: 'X', Cause: 'c'.repeat(2000) })).toHaveLength(1000);
  });
});
