import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type GetMetricDataInput,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../scripts/status/cli';

const NOW = new Date('2026-12-04T19:30:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const CREDENTIALS = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' });

const cloudwatch = mockClient(CloudWatchClient);
const cloudformation = mockClient(CloudFormationClient);
const ecs = mockClient(ECSClient);
const costExplorer = mockClient(CostExplorerClient);

function alarm(name: string, state: StateValue, minutes = 30, reason = `Threshold Crossed: ${name}`) {
  return { AlarmName: name, StateValue: state, StateUpdatedTimestamp: minutesAgo(minutes), StateReason: reason };
}

const HEALTHY_ALARMS = [
  alarm('staging-api-5xx-rate', 'OK'),
  alarm('staging-queue-depth', 'OK'),
  alarm('staging-db-replica1-replica-lag', 'INSUFFICIENT_DATA'),
];

/** Answers each GetMetricData query id with one datapoint, by the metric it names. */
function metricAnswers(values: Record<string, { minutes: number; value: number }>) {
  return (input: GetMetricDataInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const name = q.MetricStat?.Metric?.MetricName ?? '';
      const kind = q.MetricStat?.Metric?.Dimensions?.find((d) => d.Name === 'DrillKind')?.Value;
      const v = values[kind ? `${name}:${kind}` : name];
      return { Id: q.Id, Timestamps: v ? [minutesAgo(v.minutes)] : [], Values: v ? [v.value] : [] };
    }),
  });
}

const HEALTHY_METRICS = {
  LatestDbSnapshotAgeHours: { minutes: 12, value: 3 },
  LatestDrSnapshotAgeHours: { minutes: 12, value: 5.5 },
  LatestCacheSnapshotAgeHours: { minutes: 12, value: 20 },
  LatestDbDumpAgeHours: { minutes: 12, value: 9999 },
  LatestConfigBackupAgeHours: { minutes: 12, value: 1 },
  RestoreTestSucceeded: { minutes: 15 * 60, value: 1 },
  RestoreDurationSeconds: { minutes: 15 * 60, value: 1380 },
  RestoredDataAgeSeconds: { minutes: 15 * 60, value: 900 },
  CacheRestoreSucceeded: { minutes: 15 * 60, value: 1 },
  CacheRestoreDurationSeconds: { minutes: 15 * 60, value: 420 },
  CacheRestoredDataAgeSeconds: { minutes: 15 * 60, value: 3600 },
  'FailoverRecoverySeconds:database': { minutes: 20 * 24 * 60, value: 95 },
  'FailoverRecoverySeconds:cache': { minutes: 20 * 24 * 60, value: 150 },
};

function answerHealthy(): void {
  cloudwatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: HEALTHY_ALARMS, CompositeAlarms: [alarm('staging-stage-unhealthy', 'OK')] });
  cloudwatch.on(GetMetricDataCommand).callsFake(metricAnswers(HEALTHY_METRICS));
  cloudformation.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      { ResourceType: 'AWS::ECS::Cluster', LogicalResourceId: 'Cluster', PhysicalResourceId: 'staging-services-Cluster1' },
      {
        ResourceType: 'AWS::ECS::Service',
        LogicalResourceId: 'ApiService',
        PhysicalResourceId: 'arn:aws:ecs:eu-west-1:222222222222:service/staging-services-Cluster1/api',
      },
      {
        ResourceType: 'AWS::ECS::Service',
        LogicalResourceId: 'WorkerService',
        PhysicalResourceId: 'arn:aws:ecs:eu-west-1:222222222222:service/staging-services-Cluster1/worker',
      },
    ].map((r) => ({ ...r, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: NOW })),
  });
  ecs.on(DescribeServicesCommand).resolves({
    services: ['api', 'worker'].map((name) => ({
      serviceName: name,
      runningCount: 2,
      desiredCount: 2,
      pendingCount: 0,
      status: 'ACTIVE',
      deployments: [
        {
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          createdAt: minutesAgo(9 * 60 + 5),
          updatedAt: minutesAgo(9 * 60),
          taskDefinition: `arn:aws:ecs:eu-west-1:222222222222:task-definition/staging-${name}:42`,
        },
      ],
    })),
  });
  costExplorer.on(GetCostAndUsageCommand).resolves({
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-12-01', End: '2026-12-04' },
        Total: { UnblendedCost: { Amount: '123.456', Unit: 'USD' }, AmortizedCost: { Amount: '120.10', Unit: 'USD' } },
        Estimated: true,
      },
    ],
  });
}

async function status(args: string[], credentials = CREDENTIALS) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { credentials, now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeEach(() => {
  for (const m of [cloudwatch, cloudformation, ecs, costExplorer]) m.reset();
  answerHealthy();
});

it('prints one screen for a healthy stage, every section from its own read', async () => {
  const { code, out, err } = await status(['--stage', 'staging']);
  expect(code).toBe(0);
  expect(err).toContain('[staging] reading alarms, services, backups, recovery and cost in eu-west-1…');
  expect(out).toContain('staging in account 222222222222, eu-west-1, at 2026-12-04 19:30 UTC');
  expect(out).toContain('  none in ALARM of 4 (OK 3, INSUFFICIENT_DATA 1)');
  expect(out).toContain('  cluster staging-services-Cluster1');
  expect(out).toMatch(/ {2}api {5}running 2\/2 {2}last deployment COMPLETED 2026-12-04 10:30 UTC \(9 h ago\), staging-api:42\n/);
  expect(out).toMatch(/database snapshot\s+3 h 12 min old\s+\(monitor read 12 min ago\)/);
  expect(out).toMatch(/database dump\s+none found \(monitor read 12 min ago\)/);
  expect(out).toMatch(/restore test, database\s+passed 2026-12-04 04:30 UTC \(15 h ago\)\s+RTO 23 min \(target 1 h\)\s+RPO 15 min/);
  expect(out).toMatch(/restore test, cache\s+passed .*RTO 7 min \(target 1 h\)\s+RPO 1 h/);
  expect(out).toMatch(/drill, database\s+recovered 2026-11-14 19:30 UTC \(20 d ago\)\s+RTO 1 min 35 s \(target 2 min\)/);
  expect(out).toMatch(/drill, cache\s+SLOW .*RTO 2 min 30 s \(over 2 min\)/);
  expect(out).toMatch(/drill, tasks\s+no run in the last 45 days/);
  expect(out).toContain('  $123.46 unblended, $120.10 amortized, 2026-12-01 to 2026-12-04 (exclusive), estimated (not final)');
  expect(out).not.toContain('unavailable');
});

it('sends only read calls, scoped to the stage, with Cost Explorer in us-east-1', async () => {
  await status(['--stage', 'staging']);
  expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({
    AlarmNamePrefix: 'staging-',
    AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    MaxRecords: 100,
  });
  expect(cloudformation.commandCalls(ListStackResourcesCommand)[0].args[0].input).toEqual({ StackName: 'staging-services' });
  expect(ecs.commandCalls(DescribeServicesCommand)[0].args[0].input).toEqual({
    cluster: 'staging-services-Cluster1',
    services: [
      'arn:aws:ecs:eu-west-1:222222222222:service/staging-services-Cluster1/api',
      'arn:aws:ecs:eu-west-1:222222222222:service/staging-services-Cluster1/worker',
    ],
  });
  const [ce] = costExplorer.commandCalls(GetCostAndUsageCommand);
  expect(ce.args[0].input).toEqual({
    TimePeriod: { Start: '2026-12-01', End: '2026-12-04' },
    Granularity: 'MONTHLY',
    Metrics: ['UnblendedCost', 'AmortizedCost'],
    Filter: { Tags: { Key: 'Stage', Values: ['staging'], MatchOptions: ['EQUALS'] } },
  });
  expect(await (ce.thisValue as CostExplorerClient).config.region()).toBe('us-east-1');
  const metricCalls = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
  expect(metricCalls).toHaveLength(2);
  const backupQuery = metricCalls[0].MetricDataQueries?.[0];
  expect(backupQuery?.MetricStat?.Metric).toEqual({
    Namespace: 'StagePlatform',
    MetricName: 'LatestDbSnapshotAgeHours',
    Dimensions: [
      { Name: 'service', Value: 'backup-monitor' },
      { Name: 'Stage', Value: 'staging' },
    ],
  });
  expect(metricCalls[0].ScanBy).toBe('TimestampDescending');
});

it('groups firing alarms by severity, critical first, with since and reason', async () => {
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      ...HEALTHY_ALARMS,
      alarm('staging-synthetic-availability', 'ALARM', 20, 'Threshold Crossed: 5 datapoints were less than the threshold (1.0).'),
      alarm('staging-backup-db-snapshot-stale', 'ALARM', 25),
      alarm('staging-db-replica1-cpu', 'ALARM', 40),
      alarm('staging-queue-depth', 'ALARM', 90),
      alarm('staging-backup-something-new', 'ALARM', 5),
    ],
    CompositeAlarms: [alarm('staging-stage-unhealthy', 'ALARM', 19)],
  });
  const { code, out } = await status(['--stage', 'staging']);
  expect(code).toBe(0);
  expect(out).toContain('  6 in ALARM of 9 (OK 2, INSUFFICIENT_DATA 1)');
  const alarms = out.slice(out.indexOf('Alarms'), out.indexOf('Services'));
  const lines = alarms.split('\n').map((l) => l.trim().split(/\s{2,}/)[0]);
  expect(lines.filter(Boolean)).toEqual([
    'Alarms',
    '6 in ALARM of 9 (OK 2, INSUFFICIENT_DATA 1)',
    'critical (3)',
    'staging-backup-db-snapshot-stale',
    'staging-synthetic-availability',
    'staging-stage-unhealthy',
    'warning (2)',
    'staging-queue-depth',
    'staging-db-replica1-cpu',
    'not in the alarm catalog (1)',
    'staging-backup-something-new',
  ]);
  expect(alarms).toMatch(/staging-synthetic-availability\s+since 2026-12-04 19:10 UTC \(20 min ago\)\s+Threshold Crossed: 5 datapoints/);
});

it('says plainly that there are no credentials, exit 1, and calls nothing', async () => {
  const missing = async () => {
    const error = new Error('Could not load credentials from any providers');
    error.name = 'CredentialsProviderError';
    throw error;
  };
  const { code, out, err } = await status(['--stage', 'staging'], missing);
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err).toContain('no AWS credentials: set AWS_PROFILE or pass --profile <name>');
  expect(err).toContain('Could not load credentials from any providers');
  for (const m of [cloudwatch, cloudformation, ecs, costExplorer]) expect(m.calls()).toHaveLength(0);
});

it('says the credentials were refused when every read fails with an expired token, exit 1', async () => {
  const expired = () => {
    const error = new Error('The security token included in the request is expired');
    error.name = 'ExpiredTokenException';
    return error;
  };
  cloudwatch.on(DescribeAlarmsCommand).rejects(expired()).on(GetMetricDataCommand).rejects(expired());
  cloudformation.on(ListStackResourcesCommand).rejects(expired());
  costExplorer.on(GetCostAndUsageCommand).rejects(expired());
  const { code, out, err } = await status(['--stage', 'staging']);
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err).toContain('AWS refused the credentials (ExpiredTokenException: The security token included in the request is expired)');
  expect(err).toContain('aws sso login');
});

it('marks a denied section unavailable with the reason and prints the others', async () => {
  const denied = new Error(
    'User: arn:aws:sts::222222222222:assumed-role/ReadOnly/me is not authorized to perform: ce:GetCostAndUsage on resource: *',
  );
  denied.name = 'AccessDeniedException';
  costExplorer.on(GetCostAndUsageCommand).rejects(denied);
  const stackGone = new Error('Stack with id staging-services does not exist');
  stackGone.name = 'ValidationError';
  cloudformation.on(ListStackResourcesCommand).rejects(stackGone);
  const { code, out } = await status(['--stage', 'staging']);
  expect(code).toBe(0);
  expect(out).toContain(
    'Cost, month to date (tag Stage=staging)\n  unavailable: AccessDeniedException: User: arn:aws:sts::222222222222:assumed-role/ReadOnly/me is not authorized to perform: ce:GetCostAndUsage',
  );
  expect(out).toContain('Services\n  unavailable: ValidationError: Stack with id staging-services does not exist');
  expect(out).toContain('  none in ALARM of 4');
  expect(out).toMatch(/restore test, database\s+passed/);
});

it('flags an alarm query that finds nothing: likely the wrong account or region', async () => {
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
  const { out } = await status(['--stage', 'staging', '--region', 'us-west-2']);
  expect(out).toContain("no alarm named staging-* in us-west-2: is this the stage's account and region?");
});

it('reads every page of alarms', async () => {
  cloudwatch
    .on(DescribeAlarmsCommand)
    .resolvesOnce({ MetricAlarms: [alarm('staging-queue-depth', 'ALARM')], NextToken: 'page-2' })
    .resolves({ MetricAlarms: [alarm('staging-api-5xx-rate', 'ALARM')] });
  const { out } = await status(['--stage', 'staging']);
  expect(out).toContain('2 in ALARM of 2');
  expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[1].args[0].input.NextToken).toBe('page-2');
});

it('outputs JSON with each alarm severity under --json', async () => {
  cloudwatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: [alarm('staging-synthetic-availability', 'ALARM'), alarm('staging-api-5xx-rate', 'ALARM')] });
  const parsed = JSON.parse((await status(['--stage', 'staging', '--json'])).out);
  expect(parsed.alarms.value).toEqual([
    expect.objectContaining({ name: 'staging-synthetic-availability', state: 'ALARM', severity: 'critical' }),
    expect.objectContaining({ name: 'staging-api-5xx-rate', state: 'ALARM', severity: 'warning' }),
  ]);
  expect(parsed.cost.value.unblended).toEqual({ amount: 123.456, unit: 'USD' });
});

it('answers --help, and rejects an unknown or missing stage with exit 2 before any call', async () => {
  const help = await status(['--help']);
  expect(help.code).toBe(0);
  expect(help.out).toContain('Usage: npm run status -- --stage <stage>');
  const unknown = await status(['--stage', 'qa']);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('unknown stage "qa"; known stages: dev, staging, prod');
  expect((await status([])).code).toBe(2);
  expect((await status(['--stage', 'dev', '--watch'])).err).toContain("Unknown option '--watch'");
  for (const m of [cloudwatch, cloudformation, ecs, costExplorer]) expect(m.calls()).toHaveLength(0);
});
