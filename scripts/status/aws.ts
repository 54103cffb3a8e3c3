import { type CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { type CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { type BackupKindName, FRESHNESS_METRICS, HANDLER_DIR as BACKUP_MONITOR } from '../../lambda/backup-monitor/contract';
import { DRILL_KIND_DIMENSION, METRIC as DRILL_METRIC } from '../../lambda/drill/report/contract';
import { REPORT_SERVICE as RESTORE_REPORT, RESTORE_METRICS } from '../../lambda/restore-test/report/contract';
import { METRICS_NAMESPACE } from '../../lambda/shared/observability';
import { STAGE_TAG_KEY } from '../../lambda/shared/stage-tags';
import type { AlarmState, BackupAge, CostState, DrillState, RecoveryState, RestoreTestState, ServicesState } from './model';

/**
 * The read-only AWS calls of `npm run status`, one reader per section. Each reader pages through
 * its answers and returns plain data; errors propagate so the caller marks that section unavailable.
 * IAM actions: cloudwatch:DescribeAlarms (on `*`, or composite alarms are left out),
 * cloudwatch:GetMetricData, cloudformation:ListStackResources, ecs:DescribeServices, ce:GetCostAndUsage.
 */

/** A loop guard: a token that never ends must not run the command forever. */
const MAX_PAGES = 20;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Every alarm of the stage (names start with `<stage>-`), metric and composite, in any state. */
export async function readAlarms(cloudwatch: CloudWatchClient, stage: string): Promise<AlarmState[]> {
  const alarms: AlarmState[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNamePrefix: `${stage}-`,
        // Without AlarmTypes only metric alarms come back, and the composite stage-unhealthy would be missed.
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: token,
      }),
    );
    for (const [list, composite] of [
      [page.MetricAlarms ?? [], false],
      [page.CompositeAlarms ?? [], true],
    ] as const)
      for (const a of list)
        alarms.push({
          name: a.AlarmName ?? '(unnamed)',
          state: a.StateValue ?? 'INSUFFICIENT_DATA',
          since: a.StateUpdatedTimestamp,
          reason: a.StateReason,
          composite,
        });
    token = page.NextToken;
  } while (token && ++pages < MAX_PAGES);
  return alarms;
}

/** The ECS cluster and services of `<stage>-services`, found in the stack's resources. */
export async function readServices(cloudformation: CloudFormationClient, ecs: ECSClient, stage: string): Promise<ServicesState> {
  const stackName = `${stage}-services`;
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token && ++pages < MAX_PAGES);
  const cluster = resources.find((r) => r.ResourceType === 'AWS::ECS::Cluster')?.PhysicalResourceId;
  if (!cluster) throw new Error(`stack ${stackName} has no ECS cluster`);
  const arns = resources.filter((r) => r.ResourceType === 'AWS::ECS::Service' && r.PhysicalResourceId).map((r) => r.PhysicalResourceId!);
  const services: ServicesState['services'][number][] = [];
  // DescribeServices takes at most 10 services a call.
  for (let i = 0; i < arns.length; i += 10) {
    const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }));
    for (const s of answer.services ?? []) {
      const primary = s.deployments?.find((d) => d.status === 'PRIMARY') ?? s.deployments?.[0];
      services.push({
        name: s.serviceName ?? s.serviceArn ?? '(unnamed)',
        running: s.runningCount ?? 0,
        desired: s.desiredCount ?? 0,
        pending: s.pendingCount ?? 0,
        status: s.status,
        lastDeployment: primary && {
          rolloutState: primary.rolloutState,
          startedAt: primary.createdAt,
          updatedAt: primary.updatedAt,
          taskDefinition: primary.taskDefinition,
        },
      });
    }
    for (const f of answer.failures ?? [])
      services.push({ name: `${f.arn?.split('/').pop() ?? '?'} (${f.reason ?? 'not found'})`, running: 0, desired: 0, pending: 0 });
  }
  return { cluster, services: services.sort((a, b) => a.name.localeCompare(b.name)) };
}

function query(id: string, metricName: string, dimensions: Record<string, string>, period: number, stat: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: METRICS_NAMESPACE,
        MetricName: metricName,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  };
}

/** The newest datapoint of one query: its time and value. */
export interface Latest {
  readonly at: Date;
  readonly value: number;
}

/** One GetMetricData over every page; the newest value of each query id. */
async function latestValues(
  cloudwatch: CloudWatchClient,
  queries: MetricDataQuery[],
  start: Date,
  end: Date,
): Promise<Map<string, Latest>> {
  const results: MetricDataResult[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampDescending',
        NextToken: token,
      }),
    );
    results.push(...(page.MetricDataResults ?? []));
    token = page.NextToken;
  } while (token && ++pages < MAX_PAGES);
  return newestByQuery(results);
}

/** Pure: per query id, the datapoint with the newest timestamp across all pages. */
export function newestByQuery(results: readonly MetricDataResult[]): Map<string, Latest> {
  const newest = new Map<string, Latest>();
  for (const r of results) {
    (r.Timestamps ?? []).forEach((at, i) => {
      const value = r.Values?.[i];
      if (!r.Id || value === undefined) return;
      const seen = newest.get(r.Id);
      if (!seen || at.getTime() > seen.at.getTime()) newest.set(r.Id, { at, value });
    });
  }
  return newest;
}

/** The backup monitor's newest reading of each kind's age (it reads every hour): 26 hours back, 5-minute buckets. */
export async function readBackupAges(
  cloudwatch: CloudWatchClient,
  stage: string,
  labels: Readonly<Record<BackupKindName, string>>,
  now: Date,
): Promise<BackupAge[]> {
  const kinds = Object.keys(FRESHNESS_METRICS) as BackupKindName[];
  const queries = kinds.map((kind, i) =>
    query(`b${i}`, FRESHNESS_METRICS[kind], { service: BACKUP_MONITOR, Stage: stage }, 300, 'Minimum'),
  );
  const latest = await latestValues(cloudwatch, queries, new Date(now.getTime() - 26 * HOUR_MS), now);
  return kinds.map((kind, i) => {
    const reading = latest.get(`b${i}`);
    return { kind, label: labels[kind], ageHours: reading?.value, readAt: reading?.at };
  });
}

export interface RecoverySettings {
  readonly restoreTestsEnabled: boolean;
  readonly rtoTargetSeconds: number;
  readonly drillsEnabled: boolean;
  readonly drillKinds: readonly string[];
  readonly drillTargetSeconds: number;
}

/** Far enough back for the weekly restore tests and the monthly drills (the dashboard's windows: 8 and 45 days). */
const RESTORE_WINDOW_DAYS = 8;
const DRILL_WINDOW_DAYS = 45;

/**
 * The last restore test of each kind (passed or not, its RTO and RPO) and the last drill of each
 * kind (its recovery time), from the metrics their report steps publish. One call, hourly buckets.
 */
export async function readRecovery(
  cloudwatch: CloudWatchClient,
  stage: string,
  settings: RecoverySettings,
  now: Date,
): Promise<RecoveryState> {
  const kinds = ['database', 'cache'] as const;
  const restoreDims = { service: RESTORE_REPORT, Stage: stage };
  const queries: MetricDataQuery[] = [];
  if (settings.restoreTestsEnabled)
    kinds.forEach((kind, i) => {
      const names = RESTORE_METRICS[kind];
      queries.push(
        query(`ok${i}`, names.succeeded, restoreDims, 3600, 'Minimum'),
        query(`rto${i}`, names.durationSeconds, restoreDims, 3600, 'Maximum'),
        query(`rpo${i}`, names.dataAgeSeconds, restoreDims, 3600, 'Maximum'),
      );
    });
  if (settings.drillsEnabled)
    settings.drillKinds.forEach((kind, i) => {
      const dimensions = { service: 'drill-report', Stage: stage, [DRILL_KIND_DIMENSION]: kind };
      queries.push(query(`drill${i}`, DRILL_METRIC.RECOVERY_SECONDS, dimensions, 3600, 'Maximum'));
    });
  const days = settings.drillsEnabled ? DRILL_WINDOW_DAYS : RESTORE_WINDOW_DAYS;
  const latest = queries.length
    ? await latestValues(cloudwatch, queries, new Date(now.getTime() - days * DAY_MS), now)
    : new Map<string, Latest>();
  const restoreSince = now.getTime() - RESTORE_WINDOW_DAYS * DAY_MS;
  const restoreTests: RestoreTestState[] = settings.restoreTestsEnabled
    ? kinds.map((kind, i) => {
        const ok = latest.get(`ok${i}`);
        if (!ok || ok.at.getTime() < restoreSince) return { kind };
        // RTO and RPO of that run: a failed run publishes no RTO, so an older value must not stand in for it.
        const sameRun = (l: Latest | undefined) => (l && l.at.getTime() === ok.at.getTime() ? l.value : undefined);
        return {
          kind,
          at: ok.at,
          succeeded: ok.value >= 1,
          rtoSeconds: sameRun(latest.get(`rto${i}`)),
          rpoSeconds: sameRun(latest.get(`rpo${i}`)),
        };
      })
    : [];
  const drills: DrillState[] = settings.drillsEnabled
    ? settings.drillKinds.map((kind, i) => {
        const d = latest.get(`drill${i}`);
        return { kind, at: d?.at, recoverySeconds: d?.value };
      })
    : [];
  return {
    restoreTestsEnabled: settings.restoreTestsEnabled,
    rtoTargetSeconds: settings.rtoTargetSeconds,
    restoreTests,
    drillsEnabled: settings.drillsEnabled,
    drillTargetSeconds: settings.drillTargetSeconds,
    drills,
  };
}

/** First of this month to today (UTC), end exclusive: the complete days Cost Explorer has counted. */
export function monthToDate(now: Date): { start: string; end: string } {
  const end = now.toISOString().slice(0, 10);
  return { start: `${end.slice(0, 8)}01`, end };
}

/** Month-to-date cost of the resources tagged with the stage; Cost Explorer's endpoint is in us-east-1. */
export async function readMonthToDateCost(costExplorer: CostExplorerClient, stage: string, now: Date): Promise<CostState> {
  const { start, end } = monthToDate(now);
  if (start === end) return { start, end, estimated: false };
  const answer = await costExplorer.send(
    new GetCostAndUsageCommand({
      TimePeriod: { Start: start, End: end },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      Filter: { Tags: { Key: STAGE_TAG_KEY, Values: [stage], MatchOptions: ['EQUALS'] } },
    }),
  );
  const result = answer.ResultsByTime?.[0];
  const amount = (metric: string) => {
    const m = result?.Total?.[metric];
    return m?.Amount === undefined ? undefined : { amount: Number(m.Amount), unit: m.Unit ?? 'USD' };
  };
  return { start, end, unblended: amount('UnblendedCost'), amortized: amount('AmortizedCost'), estimated: result?.Estimated === true };
}
