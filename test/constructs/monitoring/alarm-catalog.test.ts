import {
  ALARM_CATALOG,
  AlarmKind,
  alarmName,
  criticalAlarmPatterns,
  describeAlarm,
  describeCondition,
  isCritical,
  runbookName,
  severityOf,
  severityText,
} from '../../../lib/catalogs/alarm-catalog';
import { ALARM_THRESHOLD_LIMITS, MONITORING_ALARM_KEYS } from '../../../lib/config/monitoring';

const settings = { threshold: 10, periodSeconds: 300 as const, evaluationPeriods: 3, datapointsToAlarm: 2 };

describe('alarm catalog', () => {
  it('names alarms `<stage>-…` and fills in the subject', () => {
    expect(alarmName('prod', 'api5xxRate')).toBe('prod-api-5xx-rate');
    expect(alarmName('staging', 'dbCpu', 'replica-2')).toBe('staging-db-replica-2-cpu');
    expect(() => alarmName('prod', 'dbCpu')).toThrow(/Alarm kind "dbCpu" \(db-\{subject\}-cpu\) needs a subject/);
  });

  it('gives every configured alarm kind the unit its threshold is validated in', () => {
    for (const key of MONITORING_ALARM_KEYS) expect([key, ALARM_CATALOG[key].unit]).toEqual([key, ALARM_THRESHOLD_LIMITS[key].unit]);
  });

  it('describes the condition as an operator reads it', () => {
    expect(describeCondition('dbFreeStorage', settings)).toBe('below 10 % for 2 of 3 datapoints of 5 min');
    expect(describeCondition('queueOldestMessageAge', { ...settings, periodSeconds: 60 })).toBe(
      'above 10 s for 2 of 3 datapoints of 1 min',
    );
  });

  it("puts meaning, condition and first check in the description, within CloudWatch's 1024 characters", () => {
    const description = describeAlarm('serviceCpu', settings, 'worker');
    expect(description).toBe(
      'The worker service uses more CPU than it should for a sustained time; auto scaling is not keeping up. Fires when above 10 % for 2 of 3 datapoints of 5 min. ' +
        'First check: Running vs desired tasks on the Services row (is it at its maximum task count?), then request or queue volume.',
    );
    for (const key of MONITORING_ALARM_KEYS) expect(describeAlarm(key, settings, 'replica-12').length).toBeLessThanOrEqual(1024);
  });

  it('marks critical alarms per subject', () => {
    expect(isCritical('serviceTasksMissing', 'api')).toBe(true);
    expect(isCritical('serviceTasksMissing', 'worker')).toBe(false);
    expect(isCritical('cacheMemory', 'node-3')).toBe(true);
    expect(isCritical('queueDepth')).toBe(false);
    expect(criticalAlarmPatterns()).toEqual([
      'api-5xx-rate',
      'api-unhealthy-hosts',
      'api-tasks-below-desired',
      'db-primary-cpu',
      'db-*-free-storage',
      'cache-*-memory',
    ]);
  });
});

describe('alarm severities', () => {
  const kinds = Object.keys(ALARM_CATALOG) as AlarmKind[];

  it('gives every entry a severity and the reason for it', () => {
    for (const kind of kinds) {
      expect([kind, ['critical', 'warning']]).toEqual([kind, expect.arrayContaining([severityOf(kind, 'prod')])]);
      expect([kind, ALARM_CATALOG[kind].severityReason.length > 20]).toEqual([kind, true]);
    }
  });

  it('pages for the composite, stale and failed backups and the synthetic check in every stage', () => {
    for (const stage of ['dev', 'staging', 'prod'])
      for (const kind of ['stageUnhealthy', 'backupStale', 'backupFailed', 'syntheticAvailability'] as const)
        expect([stage, kind, severityOf(kind, stage)]).toEqual([stage, kind, 'critical']);
  });

  it('pages for failed restore tests in prod only', () => {
    for (const kind of ['restoreTestFailed', 'restoreWorkflowFailed', 'restoreWorkflowTimedOut'] as const) {
      expect(severityOf(kind, 'prod')).toBe('critical');
      expect(severityOf(kind, 'staging')).toBe('warning');
      expect(severityText(kind)).toBe('critical in prod, else warning');
    }
  });

  it('keeps the members of stage-unhealthy warnings, so an incident pages once, through the composite', () => {
    const members = kinds.filter((kind) => ALARM_CATALOG[kind].critical !== undefined);
    expect(members.length).toBeGreaterThan(3);
    for (const kind of members) expect([kind, severityOf(kind, 'prod')]).toEqual([kind, 'warning']);
  });

  it('states the condition and where the threshold is set for every alarm whose threshold is not stage config', () => {
    for (const kind of kinds.filter((k) => !(MONITORING_ALARM_KEYS as readonly string[]).includes(k))) {
      expect([kind, typeof ALARM_CATALOG[kind].thresholdSource]).toEqual([kind, 'string']);
    }
  });

  it('names a runbook per entry: the alarm name, or the catalog key in kebab case for a {subject} family', () => {
    expect(runbookName('api5xxRate')).toBe('api-5xx-rate');
    expect(runbookName('dbCpu')).toBe('db-cpu');
    expect(runbookName('stageUnhealthy')).toBe('stage-unhealthy');
    expect(new Set(kinds.map(runbookName)).size).toBe(kinds.length);
  });
});
