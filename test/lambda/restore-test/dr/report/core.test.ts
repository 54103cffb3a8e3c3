import type { RestoreResult } from '../../../../../lambda/shared/restore-report';
import { drRestoreMetrics, reportDrRestore, summarizeDr, type DrReportConfig } from '../../../../../lambda/restore-test/dr/report/core';
import type { DrMetricValue } from '../../../../../lambda/restore-test/dr/metrics';
import { DB_COPY, started, state } from '../../common/fixtures';

const config: DrReportConfig = { stage: 'dev', drRegion: 'eu-central-1', rtoTargetMinutes: 240, rpoTargetHours: 27 };
const now = new Date('2026-11-22T08:50:00Z');
const verified = {
  passed: true,
  checks: [{ name: 'row-count:app.orders', passed: true, detail: 'restored 20 rows, backup recorded 20 (allowed ±5%)' }],
  newestDataAt: '2026-11-22T02:58:00.000Z',
  verifiedAt: '2026-11-22T08:30:00.000Z',
};
const cleaned = { copyId: DB_COPY, action: 'deleted' as const, detail: `${DB_COPY} deleted; password object deleted` };

function fakeHome() {
  const metrics: DrMetricValue[] = [];
  const sections: RestoreResult[] = [];
  const messages: { subject: string; message: string }[] = [];
  const order: string[] = [];
  return {
    metrics,
    sections,
    messages,
    order,
    ports: {
      async publishMetrics(values: readonly DrMetricValue[]) {
        order.push('metrics');
        metrics.push(...values);
      },
      async writeResult(result: RestoreResult) {
        order.push('report');
        sections.push(result);
        return 'reports/dev/restore-tests/2026-11-22.json';
      },
      async notify(subject: string, message: string) {
        order.push('notify');
        messages.push({ subject, message });
      },
    },
  };
}

describe('reportDrRestore', () => {
  it('publishes the RTO and RPO of a passing run first, then writes the drDatabase section, then the summary', async () => {
    const home = fakeHome();
    const result = await reportDrRestore(state({ restore: started(), verify: verified, cleanup: cleaned }), config, home.ports, now);
    expect(home.order).toEqual(['metrics', 'report', 'notify']);
    expect(home.metrics).toEqual([
      { name: 'DrRestoreSucceeded', unit: 'Count', value: 1 },
      // 06:00 start to 08:30 verified; 02:58 newest row to the 06:00 start.
      { name: 'DrRestoreDurationSeconds', unit: 'Seconds', value: 9000 },
      { name: 'DrRestoredDataAgeSeconds', unit: 'Seconds', value: 10920 },
    ]);
    expect(home.sections[0]).toMatchObject({ succeeded: true, durationSeconds: 9000, dataAgeSeconds: 10920 });
    expect(result).toEqual({
      succeeded: true,
      summary: '[dev] DR restore test (eu-central-1) passed in 2 h 30 min',
      reportKey: 'reports/dev/restore-tests/2026-11-22.json',
    });
    expect(home.messages[0].message).toContain('Duration (RTO): 2 h 30 min, target 240 min\n');
    expect(home.messages[0].message).toContain('Data age at test start (RPO): 3 h 2 min, target 27 h\n');
  });

  it('a run that failed publishes 0 and no RTO, and its summary names the failure', async () => {
    const home = fakeHome();
    const failedStart = {
      Error: 'NoSnapshotAvailableError',
      Cause: JSON.stringify({ errorType: 'NoSnapshotAvailableError', errorMessage: 'No available off-site copy of stage dev' }),
    };
    const result = await reportDrRestore(
      state({ error: failedStart, cleanup: { ...cleaned, action: 'not-found', detail: 'gone' } }),
      config,
      home.ports,
      now,
    );
    expect(home.metrics).toEqual([{ name: 'DrRestoreSucceeded', unit: 'Count', value: 0 }]);
    expect(result.succeeded).toBe(false);
    expect(home.messages[0].message).toContain('Error: NoSnapshotAvailableError: No available off-site copy of stage dev');
  });
});

describe('summarizeDr', () => {
  it('marks an RTO and an RPO over their targets', () => {
    const result: RestoreResult = {
      succeeded: true,
      source: 'dev-appdb-2026-11-21 (2026-11-21T03:00:00.000Z)',
      startedAt: '2026-11-22T06:00:00.000Z',
      finishedAt: '2026-11-22T11:00:00.000Z',
      durationSeconds: 5 * 3600,
      dataAgeSeconds: 28 * 3600,
      checks: [],
    };
    const { message } = summarizeDr(config, result, 'reports/dev/restore-tests/2026-11-22.json');
    expect(message).toContain('Duration (RTO): 5 h, target 240 min - OVER TARGET');
    expect(message).toContain('Data age at test start (RPO): 28 h, target 27 h - OVER TARGET');
    expect(drRestoreMetrics(result).map((m) => m.name)).toEqual([
      'DrRestoreSucceeded',
      'DrRestoreDurationSeconds',
      'DrRestoredDataAgeSeconds',
    ]);
  });
});
