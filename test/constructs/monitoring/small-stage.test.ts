import { Template } from 'aws-cdk-lib/assertions';
import { StageMonitoring, StageMonitoringProps } from '../../../lib/constructs/monitoring/stage-monitoring';
import { CfnTemplate, findDashboards } from '../../../scripts/dashboard-preview/body';
import { monitoredStage } from './stage-fixture';

// dev as it is deployed: no read replica, a single cache node, no cost metrics yet.
const stage = monitoredStage({ stage: 'dev', replicas: 0, cacheNodes: 1 });
const template = Template.fromStack(stage.stack);
const alarmNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName as string);
const [dashboard] = findDashboards(template.toJSON() as CfnTemplate);
const titles = dashboard.body.widgets.map((w) => String(w.properties?.title ?? w.properties?.markdown ?? ''));

describe('a dev stage without replicas, with one cache node and no cost metrics', () => {
  it('takes its thresholds from the dev config', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'dev-api-5xx-rate',
      Threshold: 5,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'dev-queue-oldest-message-age', Threshold: 3600, Period: 300 });
  });

  it('watches the primary only, with no replica-lag alarm', () => {
    expect(alarmNames.filter((n) => n.startsWith('dev-db-')).sort()).toEqual(
      ['cpu', 'free-storage', 'freeable-memory', 'connections', 'read-latency', 'write-latency'].map((m) => `dev-db-primary-${m}`).sort(),
    );
  });

  it('has no cache replication-lag alarm, since a single node replicates to nobody', () => {
    expect(alarmNames.filter((n) => n.startsWith('dev-cache-')).sort()).toEqual(
      ['engine-cpu', 'memory', 'evictions', 'connections'].map((m) => `dev-cache-node-1-${m}`).sort(),
    );
  });

  it('leaves out the replica-lag and replication-lag graphs and the Cost row', () => {
    expect(titles).not.toContain('Replica lag');
    expect(titles).not.toContain('Replication lag');
    expect(titles.some((t) => t.startsWith('### Cost'))).toBe(false);
    expect(titles.some((t) => t.startsWith('### Cache'))).toBe(true);
  });

  it('is named dev-overview and opens on 12 hours', () => {
    expect(dashboard.name).toBe('dev-overview');
    expect(dashboard.body.start).toBe('-PT12H');
  });
});

describe('StageMonitoring props', () => {
  it('refuses impossible database, target group and cache facts, naming each', () => {
    const props = {
      databaseAllocatedStorageGb: 0,
      databaseMaxConnections: 99.5,
      apiTargetGroups: [],
      cacheNodeIds: [],
    } as unknown as StageMonitoringProps;
    expect(() => new StageMonitoring(stage.stack, 'Bad', props)).toThrow(
      'StageMonitoring: databaseAllocatedStorageGb must be a positive number of GiB, got 0; databaseMaxConnections must be a positive integer, got 99.5; ' +
        "apiTargetGroups must list the API's production target groups (blue, and green with traffic shifting); " +
        'cacheNodeIds must list at least one node (cacheMemberIds(replicationGroupId, nodeCount) builds them).',
    );
  });
});
