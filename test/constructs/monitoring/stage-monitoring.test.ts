import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { CfnTemplate, DashboardWidget, findDashboards } from '../../../scripts/dashboard-preview/body';
import { nagFindings } from '../../support/fixtures';
import { monitoredStage } from './stage-fixture';

// One prod stage (two replicas, two cache nodes, cost metrics) synthesized once for the whole file.
const stage = monitoredStage({ stage: 'prod', cost: true });
const { stack, parts } = stage;
stage.monitoring.dashboard.addRow('Backups', [new cloudwatch.TextWidget({ markdown: 'added by a later feature', width: 24, height: 2 })]);
const template = Template.fromStack(stack);
const json = template.toJSON() as CfnTemplate;

const id = (construct: IConstruct) => stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const ref = (construct: IConstruct) => ({ Ref: id(construct) });
const getAtt = (construct: IConstruct, attribute: string) => ({ 'Fn::GetAtt': [id(construct), attribute] });
const topicRef = ref(stage.alertTopic.topic);

const lbDims = [{ Name: 'LoadBalancer', Value: getAtt(parts.loadBalancer, 'LoadBalancerFullName') }];
// Both dimensions are plain attributes: no name split out of the listener ARN (a cross-stack reference cannot sit inside Fn::Split).
const tgDims = [...lbDims, { Name: 'TargetGroup', Value: getAtt(parts.apiTargetGroup, 'TargetGroupFullName') }];
const serviceDims = (service: IConstruct) => [
  { Name: 'ClusterName', Value: ref(parts.cluster) },
  { Name: 'ServiceName', Value: getAtt(service, 'Name') },
];
const queueDims = (queue: IConstruct) => [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }];
const dbDims = (instance: IConstruct) => [{ Name: 'DBInstanceIdentifier', Value: ref(instance) }];
const nodeDims = (n: number) => [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['', [ref(parts.cache), `-00${n}`]] } }];

/** Alarm properties that depend on the period: a plain metric or metric math with its inputs. */
type MetricPart = (period: number) => Record<string, unknown>;

function metric(namespace: string, metricName: string, dimensions: unknown, stat: string): MetricPart {
  const statistic = stat.startsWith('p') ? { ExtendedStatistic: stat } : { Statistic: stat };
  return (period) => ({ Namespace: namespace, MetricName: metricName, Dimensions: dimensions, Period: period, ...statistic });
}

type MathInput = [id: string, namespace: string, metricName: string, dimensions: unknown, stat: string];
function math(expression: string, inputs: MathInput[]): MetricPart {
  return (period) => ({
    Metrics: Match.arrayWith([
      Match.objectLike({ Expression: expression, ReturnData: true }),
      ...inputs.map(([inputId, namespace, metricName, dimensions, stat]) =>
        Match.objectLike({
          Id: inputId,
          ReturnData: false,
          MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions }, Period: period, Stat: stat },
        }),
      ),
    ]),
  });
}

interface Condition {
  readonly threshold: number;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
}
const above = (threshold: number, period: number, evaluationPeriods: number): Condition => ({
  threshold,
  period,
  evaluationPeriods,
  comparison: 'GreaterThanThreshold',
});
const below = (threshold: number, period: number, evaluationPeriods: number): Condition => ({
  threshold,
  period,
  evaluationPeriods,
  comparison: 'LessThanThreshold',
});

const ALB = 'AWS/ApplicationELB';
const RDS = 'AWS/RDS';
const CACHE = 'AWS/ElastiCache';
const databases = [
  ['primary', parts.database],
  ['replica-1', parts.replicas[0]],
  ['replica-2', parts.replicas[1]],
] as const;

const cases: Array<[name: string, metric: MetricPart, condition: Condition]> = [
  [
    'prod-api-5xx-rate',
    math('IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests)', [
      ['target5xx', ALB, 'HTTPCode_Target_5XX_Count', lbDims, 'Sum'],
      ['elb5xx', ALB, 'HTTPCode_ELB_5XX_Count', lbDims, 'Sum'],
      ['requests', ALB, 'RequestCount', lbDims, 'Sum'],
    ]),
    above(1, 60, 5),
  ],
  ['prod-api-latency-p95', metric(ALB, 'TargetResponseTime', lbDims, 'p95'), above(2, 60, 5)],
  ['prod-api-unhealthy-hosts', metric(ALB, 'UnHealthyHostCount', tgDims, 'Maximum'), above(0, 60, 2)],
  ['prod-alb-rejected-connections', metric(ALB, 'RejectedConnectionCount', lbDims, 'Sum'), above(0, 300, 1)],
  ...(['api', 'worker'] as const).flatMap((name): Array<[string, MetricPart, Condition]> => {
    const service = name === 'api' ? parts.apiService : parts.workerService;
    return [
      [`prod-${name}-cpu`, metric('AWS/ECS', 'CPUUtilization', serviceDims(service), 'Average'), above(70, 300, 3)],
      [`prod-${name}-memory`, metric('AWS/ECS', 'MemoryUtilization', serviceDims(service), 'Average'), above(80, 300, 3)],
      [
        // desired 0 and running 0 gives 0, which is not above 0: a stage scaled to zero stays OK.
        `prod-${name}-tasks-below-desired`,
        math(`desired_${name} - FILL(running_${name}, 0)`, [
          [`desired_${name}`, 'ECS/ContainerInsights', 'DesiredTaskCount', serviceDims(service), 'Average'],
          [`running_${name}`, 'ECS/ContainerInsights', 'RunningTaskCount', serviceDims(service), 'Average'],
        ]),
        above(0, 60, 5),
      ],
    ];
  }),
  ['prod-queue-depth', metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', queueDims(parts.queue), 'Maximum'), above(1000, 300, 2)],
  [
    'prod-queue-oldest-message-age',
    metric('AWS/SQS', 'ApproximateAgeOfOldestMessage', queueDims(parts.queue), 'Maximum'),
    above(900, 300, 2),
  ],
  [
    'prod-dlq-messages',
    metric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', queueDims(parts.deadLetterQueue), 'Maximum'),
    above(0, 300, 1),
  ],
  ...databases.flatMap(([label, instance]): Array<[string, MetricPart, Condition]> => {
    const key = label.replace('-', '_');
    const rows: Array<[string, MetricPart, Condition]> = [
      [`prod-db-${label}-cpu`, metric(RDS, 'CPUUtilization', dbDims(instance), 'Average'), above(80, 300, 3)],
      [
        `prod-db-${label}-free-storage`,
        math(`100 * free_${key} / ${100 * 1024 ** 3}`, [[`free_${key}`, RDS, 'FreeStorageSpace', dbDims(instance), 'Minimum']]),
        below(10, 300, 1),
      ],
      [
        `prod-db-${label}-freeable-memory`,
        math(`memory_${key} / 1048576`, [[`memory_${key}`, RDS, 'FreeableMemory', dbDims(instance), 'Minimum']]),
        below(256, 300, 3),
      ],
      [
        `prod-db-${label}-connections`,
        math(`100 * conns_${key} / 400`, [[`conns_${key}`, RDS, 'DatabaseConnections', dbDims(instance), 'Maximum']]),
        above(80, 300, 2),
      ],
      [
        `prod-db-${label}-read-latency`,
        math(`1000 * read_${key}`, [[`read_${key}`, RDS, 'ReadLatency', dbDims(instance), 'Average']]),
        above(20, 300, 3),
      ],
      [
        `prod-db-${label}-write-latency`,
        math(`1000 * write_${key}`, [[`write_${key}`, RDS, 'WriteLatency', dbDims(instance), 'Average']]),
        above(20, 300, 3),
      ],
    ];
    if (label !== 'primary')
      rows.push([`prod-db-${label}-replica-lag`, metric(RDS, 'ReplicaLag', dbDims(instance), 'Maximum'), above(30, 60, 5)]);
    return rows;
  }),
  ...[1, 2].flatMap(
    (n): Array<[string, MetricPart, Condition]> => [
      [`prod-cache-node-${n}-engine-cpu`, metric(CACHE, 'EngineCPUUtilization', nodeDims(n), 'Average'), above(80, 300, 3)],
      [`prod-cache-node-${n}-memory`, metric(CACHE, 'DatabaseMemoryUsagePercentage', nodeDims(n), 'Maximum'), above(80, 300, 2)],
      [`prod-cache-node-${n}-evictions`, metric(CACHE, 'Evictions', nodeDims(n), 'Sum'), above(0, 300, 3)],
      [`prod-cache-node-${n}-connections`, metric(CACHE, 'CurrConnections', nodeDims(n), 'Maximum'), above(1000, 300, 2)],
      [`prod-cache-node-${n}-replication-lag`, metric(CACHE, 'ReplicationLag', nodeDims(n), 'Maximum'), above(30, 60, 5)],
    ],
  ),
];

function alarmsByName(): Map<string, { logicalId: string; properties: Record<string, unknown> }> {
  const found = template.findResources('AWS::CloudWatch::Alarm');
  return new Map(
    Object.entries(found).map(([logicalId, r]) => [r.Properties.AlarmName as string, { logicalId, properties: r.Properties }]),
  );
}

describe('stage alarms', () => {
  // Each of these is a warning (the composite pages for those that matter): ALARM notifies, OK does not.
  it.each(cases)('%s: metric, threshold, window, comparison, SNS on ALARM only', (name, metricPart, c) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      ...metricPart(c.period),
      Threshold: c.threshold,
      EvaluationPeriods: c.evaluationPeriods,
      DatapointsToAlarm: c.evaluationPeriods,
      ComparisonOperator: c.comparison,
      AlarmActions: [topicRef],
      OKActions: Match.absent(),
    });
  });

  it('creates exactly these alarms and no others', () => {
    expect([...alarmsByName().keys()].sort()).toEqual(cases.map(([name]) => name).sort());
    template.resourceCountIs('AWS::CloudWatch::Alarm', 43);
  });

  it('the primary has no replica-lag alarm', () => {
    expect(alarmsByName().has('prod-db-primary-replica-lag')).toBe(false);
  });

  it('every description says what it means and what to check first', () => {
    for (const [name, { properties }] of alarmsByName()) {
      expect([name, properties.AlarmDescription]).toEqual([
        name,
        expect.stringMatching(/\. Fires when (above|below) .+\. First check: .+/),
      ]);
    }
    expect(alarmsByName().get('prod-db-replica-2-replica-lag')?.properties.AlarmDescription).toMatch(
      /^Read replica replica-2 is behind the primary/,
    );
  });

  it('count and rate alarms stay OK without data (no requests, no messages); resource alarms show missing data', () => {
    const alarms = alarmsByName();
    expect(alarms.get('prod-api-5xx-rate')?.properties.TreatMissingData).toBe('notBreaching');
    expect(alarms.get('prod-dlq-messages')?.properties.TreatMissingData).toBe('notBreaching');
    expect(alarms.get('prod-db-primary-cpu')?.properties.TreatMissingData).toBe('missing');
  });
});

describe('composite "stage unhealthy" alarm', () => {
  const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));

  it('is one alarm named after the stage, notifying on ALARM and OK', () => {
    expect(composite).toHaveLength(1);
    expect(composite[0].Properties).toMatchObject({ AlarmName: 'prod-stage-unhealthy', AlarmActions: [topicRef], OKActions: [topicRef] });
  });

  it('fires when any critical alarm fires: 5xx, unhealthy hosts, API tasks missing, primary CPU, any storage, any cache memory', () => {
    const [, parts] = composite[0].Properties.AlarmRule['Fn::Join'] as [string, unknown[]];
    const text = parts.map((p) => (typeof p === 'string' ? p : `<${(p as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}>`)).join('');
    const byId = new Map([...alarmsByName()].map(([name, a]) => [a.logicalId, name]));
    const watched = [...text.matchAll(/ALARM\("<([^>]+)>"\)/g)].map((m) => byId.get(m[1]));
    expect(watched.sort()).toEqual(
      [
        'prod-api-5xx-rate',
        'prod-api-unhealthy-hosts',
        'prod-api-tasks-below-desired',
        'prod-db-primary-cpu',
        'prod-db-primary-free-storage',
        'prod-db-replica-1-free-storage',
        'prod-db-replica-2-free-storage',
        'prod-cache-node-1-memory',
        'prod-cache-node-2-memory',
      ].sort(),
    );
    expect(text.split(' OR ')).toHaveLength(9);
  });
});

describe('stage dashboard', () => {
  const [dashboard] = findDashboards(json);
  const widgets = dashboard.body.widgets;
  const texts = widgets.filter((w) => w.type === 'text').map((w) => String(w.properties?.markdown));
  const titled = (title: string): DashboardWidget => {
    const widget = widgets.find((w) => w.properties?.title === title);
    if (!widget) throw new Error(`no widget titled ${title}`);
    return widget;
  };

  it('is named after the stage and opens on the configured range', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'prod-overview' });
    expect(dashboard.body.start).toBe('-PT3H');
  });

  it('has a header, then the rows in order, then rows added later', () => {
    expect(texts[0]).toMatch(/^# prod: stage health/);
    const rows = texts.filter((t) => t.startsWith('### ')).map((t) => t.replace(/^### (\w+).*$/, '$1'));
    expect(rows).toEqual(['Alarms', 'Traffic', 'Services', 'Queue', 'Database', 'Cache', 'Cost', 'Backups']);
  });

  it('shows the stage verdict beside the header, and the alarms by severity in the Alarms row', () => {
    const statusWidgets = widgets.filter((w) => w.type === 'alarm');
    const alarmNames = (w: DashboardWidget) => (w.properties!.alarms as string[]).map((arn) => arn.slice(arn.lastIndexOf(':') + 1));
    expect(statusWidgets.map((w) => w.properties?.title)).toEqual([
      'Stage verdict',
      'prod critical alarms (page)',
      'prod warnings: traffic, services, data',
    ]);
    expect(alarmNames(statusWidgets[0])).toEqual(['prod-stage-unhealthy']);
    expect(statusWidgets[0].y).toBe(0);
    expect(alarmNames(statusWidgets[1])).toEqual(['prod-stage-unhealthy']);
    expect(alarmNames(statusWidgets[2]).sort()).toEqual(cases.map(([name]) => name).sort());
    // No automation here: CloudWatch refuses an alarm widget without alarms, so a text says so.
    expect(texts).toContain('**prod warnings: automation, backups, restore tests, drills**\n\nNone in this stage.');
  });

  it('puts units on the axes and alarm thresholds on the graphs', () => {
    const latency = titled('Response time p50 / p95 / p99').properties ?? {};
    expect(latency.yAxis).toMatchObject({ left: { label: 'Seconds', min: 0 } });
    expect((latency.metrics as unknown[][]).map((m) => (m[m.length - 1] as { stat: string }).stat)).toEqual(['p50', 'p95', 'p99']);
    expect(latency.annotations).toEqual({ horizontal: [expect.objectContaining({ value: 2, label: 'p95 alarm 2 s' })] });
    expect(titled('Errors: 4xx / 5xx').properties?.yAxis).toMatchObject({ left: { label: 'Count' }, right: { label: '%' } });
    for (const graph of widgets.filter((w) => w.type === 'metric' && w.properties?.view === 'timeSeries')) {
      expect([graph.properties?.title, (graph.properties!.yAxis as { left?: { label?: string } }).left?.label]).toEqual([
        graph.properties?.title,
        expect.any(String),
      ]);
    }
  });

  it('shows running against desired tasks, replica lag, cache hit rate and the cost figures', () => {
    const series = (title: string) => JSON.stringify(titled(title).properties?.metrics);
    expect(series('Tasks: running / desired')).toMatch(/RunningTaskCount.*DesiredTaskCount.*RunningTaskCount.*DesiredTaskCount/);
    expect(series('Replica lag')).toMatch(/replica-1 replica lag.*replica-2 replica lag/);
    expect(series('Hit rate')).toContain('CacheHitRate');
    expect(series('This month (USD)')).toMatch(/MonthToDateCost.*ForecastCost/);
  });

  it('fits the 24-column grid', () => {
    for (const w of widgets) expect((w.x ?? 0) + (w.width ?? 0)).toBeLessThanOrEqual(24);
  });
});

describe('alert topic', () => {
  const keyId = id(stage.alertTopic.key);
  const topicId = id(stage.alertTopic.topic);
  const PUBLISHERS = ['budgets.amazonaws.com', 'cloudwatch.amazonaws.com', 'events.amazonaws.com'];

  it('encrypts the topic with its own customer-managed key that rotates', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      DisplayName: 'prod platform alerts',
    });
  });

  it('lets CloudWatch, EventBridge and Budgets use the key to publish', () => {
    const key = template.findResources('AWS::KMS::Key')[keyId];
    const statement = key.Properties.KeyPolicy.Statement.find((s: { Sid?: string }) => s.Sid === 'AllowAlertPublishersToEncrypt');
    expect(statement.Effect).toBe('Allow');
    expect([...statement.Principal.Service].sort()).toEqual(PUBLISHERS);
    expect([...statement.Action].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  it("refuses publishing without TLS and lets only this account's services publish", () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'AllowAlertPublishersFromThisAccount',
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: PUBLISHERS },
            Resource: { Ref: topicId },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });

  it('subscribes every configured email address', () => {
    const emails = stage.config.alerts.critical.emails;
    expect(emails.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::SNS::Subscription', emails.length);
    for (const address of emails) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address, TopicArn: { Ref: topicId } });
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing in the alert topic, the deployment alarms or the monitoring construct', () => {
    const deploymentAlarms = stack.node.findChild('ApiDeploymentAlarms');
    expect([...nagFindings(stage.alertTopic), ...nagFindings(deploymentAlarms), ...nagFindings(stage.monitoring)]).toEqual([]);
  });
});
