import { Duration, Fn } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { pickDashboard } from '../../../scripts/dashboard-preview';
import { CfnTemplate, findDashboards, flattenIntrinsic, readableId } from '../../../scripts/dashboard-preview/body';
import { chromiumArgs } from '../../../scripts/dashboard-preview/chromium';
import {
  markdownToHtml,
  pageHeight,
  placeWidgets,
  renderDashboardHtml,
  ROW_PX,
  summarizeWidget,
} from '../../../scripts/dashboard-preview/html';
import { testStack } from '../../support/fixtures';

// A small real dashboard: a text header with a token, a graph with metric math and a threshold, an alarm status.
const stack = testStack();
const queue = new sqs.Queue(stack, 'Jobs');
const depth = queue.metricApproximateNumberOfMessagesVisible({ label: 'Visible', period: Duration.minutes(1) });
const alarm = new cloudwatch.Alarm(stack, 'DepthAlarm', {
  alarmName: 'prod-queue-depth',
  metric: depth,
  threshold: 1000,
  evaluationPeriods: 2,
});
const dashboard = new cloudwatch.Dashboard(stack, 'Overview', { dashboardName: 'prod-overview' });
dashboard.addWidgets(
  new cloudwatch.TextWidget({
    markdown: `# prod: stage health\n\nQueue **${Fn.select(5, Fn.split(':', queue.queueArn))}**`,
    width: 24,
    height: 2,
  }),
);
dashboard.addWidgets(
  new cloudwatch.GraphWidget({
    title: 'Queue <depth>',
    left: [
      depth,
      new cloudwatch.MathExpression({
        expression: 'visible * 2',
        usingMetrics: { visible: queue.metricApproximateNumberOfMessagesVisible() },
        label: 'Doubled',
      }),
    ],
    leftYAxis: { label: 'Messages', min: 0 },
    leftAnnotations: [{ value: 1000, label: 'alarm 1000 messages' }],
    width: 12,
    height: 6,
  }),
  new cloudwatch.AlarmStatusWidget({ title: 'All alarms', alarms: [alarm], width: 12, height: 3 }),
);
const template = Template.fromStack(stack).toJSON() as CfnTemplate;
const [found] = findDashboards(template);
const [header, graph, status] = found.body.widgets;

describe('flattening a synthesized DashboardBody', () => {
  it('drops the hash CDK appends to logical ids', () => {
    expect(readableId('ApiServiceC2D9A0B1')).toBe('ApiService');
    expect(readableId('Short')).toBe('Short');
  });

  it('turns intrinsics into readable placeholders', () => {
    expect(flattenIntrinsic({ Ref: 'ClusterEB0386A7' })).toBe('${Cluster}');
    expect(flattenIntrinsic({ 'Fn::GetAtt': ['ApiService99815FA9', 'Name'] })).toBe('${ApiService.Name}');
    expect(flattenIntrinsic({ Ref: 'AWS::Region' })).toBe('${AWS::Region}');
    expect(flattenIntrinsic({ 'Fn::Join': ['/', ['a', { Ref: 'X' }]] })).toBe('a/${X}');
    expect(flattenIntrinsic({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'AlbHttp7966E42E' }] }] })).toBe('${AlbHttp[1]}');
    expect(
      flattenIntrinsic({ 'Fn::GetStackOutput': { StackName: 'prod-services', OutputName: 'PublishOutputRefApiTaskLogsA609058225AB327B' } }),
    ).toBe('${prod-services:ApiTaskLogs}');
  });

  it('parses the body into widgets with their grid positions', () => {
    expect(found.name).toBe('prod-overview');
    expect(found.body.widgets.map((w) => [w.type, w.x, w.y, w.width, w.height])).toEqual([
      ['text', 0, 0, 24, 2],
      ['metric', 0, 2, 12, 6],
      ['alarm', 12, 2, 12, 3],
    ]);
    expect(header.properties?.markdown).toBe('# prod: stage health\n\nQueue **${Jobs.Arn[5]}**');
  });

  it('reads alarm references as alarm names', () => {
    expect(summarizeWidget(status)).toMatchObject({ title: 'All alarms', kind: 'alarm status', alarms: ['prod-queue-depth'] });
  });

  it('summarizes a graph: visible series with statistics, unit, thresholds; hidden math inputs left out', () => {
    expect(summarizeWidget(graph)).toEqual({
      title: 'Queue <depth>',
      kind: 'graph',
      series: ['Visible (Maximum)', 'Doubled'],
      units: ['left: Messages'],
      thresholds: ['alarm 1000 messages'],
      alarms: [],
      markdown: undefined,
    });
  });

  it('a template whose body is not JSON after flattening is an error naming the dashboard', () => {
    const broken: CfnTemplate = {
      Resources: { BoardAB12CD34: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: '{"widgets": [' } } },
    };
    expect(() => findDashboards(broken)).toThrow(/Dashboard BoardAB12CD34: the flattened DashboardBody is not JSON/);
  });
});

describe('laying the widgets out as HTML', () => {
  const placed = placeWidgets(found.body.widgets, 1600);

  it('maps 24 columns onto the page width and grid rows onto fixed-height rows', () => {
    const column = (1600 - 32) / 24;
    expect(placed[2].left).toBeCloseTo(16 + 12 * column);
    expect(placed[2].width).toBeCloseTo(12 * column);
    expect(placed[1].top - placed[0].top).toBe(2 * ROW_PX);
    expect(placed[1].height).toBe(6 * ROW_PX);
  });

  it('makes the page tall enough for the lowest widget', () => {
    expect(pageHeight(placed)).toBe(Math.ceil(placed[1].top + placed[1].height + 16));
  });

  it('renders titles, kinds, series, units, thresholds and alarm names, escaping HTML', () => {
    const { html, height } = renderDashboardHtml(found.name, found.body.widgets);
    expect(height).toBe(pageHeight(placed));
    expect(html).toContain('Queue &lt;depth&gt;');
    expect(html).not.toContain('Queue <depth>');
    for (const text of [
      'Visible (Maximum)',
      'left: Messages',
      'alarm 1000 messages',
      'prod-queue-depth',
      'alarm status',
      '<h1>prod: stage health</h1>',
    ])
      expect(html).toContain(text);
  });

  it('renders headings, bold and paragraphs of text widgets', () => {
    expect(markdownToHtml('### Traffic · requests\n\nSee **this** <b>')).toBe(
      '<h3>Traffic · requests</h3><p>See <b>this</b> &lt;b&gt;</p>',
    );
  });
});

describe('the command line and Chromium', () => {
  it("picks the stage's dashboard and refuses to guess between several", () => {
    const dev = { ...found, name: 'dev-overview' };
    expect(pickDashboard([dev, found], 'prod')).toBe(found);
    expect(() => pickDashboard([dev, found], 'staging')).toThrow(
      /Expected one dashboard for stage "staging", found 0 \(dev-overview, prod-overview\)/,
    );
    expect(() => pickDashboard([], 'prod')).toThrow(/found 0 \(none\)/);
  });

  it('runs Chromium headless, offline, with a fresh profile and the computed window size', () => {
    const args = chromiumArgs('/tmp/x/dashboard.html', '/out/p.png', 1600, 2400, '/tmp/profile-1');
    expect(args).toEqual(
      expect.arrayContaining([
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--user-data-dir=/tmp/profile-1',
        '--window-size=1600,2400',
        '--screenshot=/out/p.png',
      ]),
    );
    expect(args[args.length - 1]).toBe('file:///tmp/x/dashboard.html');
  });
});
