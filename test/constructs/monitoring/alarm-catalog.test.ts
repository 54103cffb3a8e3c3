import {
  ALARM_CATALOG,
  alarmName,
  criticalAlarmPatterns,
  describeAlarm,
  describeCondition,
  isCritical,
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
