import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MonitoringAlarmsConfig, MonitoringDashboardConfig } from '../../config/monitoring';
import { criticalAlarmPatterns } from '../../catalogs/alarm-catalog';
import {
  alarmStatus,
  cacheWidgets,
  CostMetrics,
  costWidgets,
  DASHBOARD_COLUMNS,
  databaseWidgets,
  queueWidgets,
  rowTitle,
  serviceWidgets,
  trafficWidgets,
} from './private/dashboard-widgets';
import { ApiTrafficMetrics, CacheNodeMetrics, DatabaseMetrics, QueueMetrics, ServiceMetrics } from './private/metrics';
import { AlarmSelection, LogWidgetGroups, logInsightsWidgets, SeverityAlarmStatusWidget } from './private/severity-widgets';

export interface StageDashboardProps {
  readonly stage: string;
  readonly config: MonitoringDashboardConfig;
  /** Thresholds drawn as red lines, the same ones the alarms use. */
  readonly thresholds: MonitoringAlarmsConfig;
  readonly traffic: ApiTrafficMetrics;
  readonly services: readonly ServiceMetrics[];
  readonly queue: QueueMetrics;
  /** Primary first, then each replica. */
  readonly databases: readonly DatabaseMetrics[];
  readonly cacheNodes: readonly CacheNodeMetrics[];
  /** Named in the Cache row's title. @default not named */
  readonly cacheGroupId?: string;
  /** The alarm that sums the stage up, shown beside the header. */
  readonly healthAlarm: cloudwatch.IAlarm;
  /**
   * The alarms of this construct's stack. The Alarms row lists every routed alarm of the stage by
   * severity (read when the dashboard renders); these only size it.
   */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Adds a Logs row of Logs Insights widgets (errors per service, slowest requests, failed automation runs). @default no Logs row */
  readonly logs?: LogWidgetGroups;
  /** Renders a Cost row when given. @default no Cost row */
  readonly cost?: CostMetrics;
}

/**
 * The stage's CloudWatch dashboard: a header with the stage verdict, then one titled row per
 * concern (Traffic, Services, Queue, Database, Cache, Alarms, and Cost when known). Later features
 * append their rows with `addRow`.
 */
export class StageDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: StageDashboardProps) {
    super(scope, id);
    const { stage, thresholds } = props;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stage}-${props.config.nameSuffix}`,
      defaultInterval: Duration.hours(props.config.defaultRangeHours),
    });
    const verdictWidth = 6;
    const headerHeight = 4;
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          `# ${stage}: stage health`,
          `The verdict on the right turns red, and pages, when an alarm that means users are affected fires: ${criticalAlarmPatterns().join(', ')}.`,
          `Rows: Alarms by severity, Logs, Traffic, Services, Queue, Database, Cache. Red lines on a graph are alarm thresholds; times are UTC. Each alarm's description links its runbook.`,
        ].join('\n\n'),
        width: DASHBOARD_COLUMNS - verdictWidth,
        height: headerHeight,
      }),
      alarmStatus('Stage verdict', [props.healthAlarm], verdictWidth, headerHeight),
    );
    this.addRow('Alarms', this.alarmStatusWidgets(stage, props.alarms.length), 'critical alarms page (ALARM and OK); warnings notify once');
    if (props.logs) this.addRow('Logs', logInsightsWidgets(props.logs), 'Logs Insights over the dashboard time range');
    this.addRow('Traffic', trafficWidgets(props.traffic, thresholds), 'requests, errors and latency at the load balancer');
    this.addRow('Services', serviceWidgets(props.services, thresholds), 'API and worker utilization and task counts');
    this.addRow('Queue', queueWidgets(props.queue, thresholds), 'work waiting for the worker, and what failed for good');
    this.addRow('Database', databaseWidgets(props.databases, thresholds), 'primary and read replicas');
    this.addRow(
      'Cache',
      cacheWidgets(props.cacheNodes, thresholds),
      // A generated id is a token: the note would show a placeholder, in the preview and before the first deploy.
      props.cacheGroupId && !Token.isUnresolved(props.cacheGroupId)
        ? `replication group ${props.cacheGroupId}, one line per node`
        : 'one line per node',
    );
    if (props.cost) this.addRow('Cost', costWidgets(props.cost), 'from the daily cost report');
  }

  /**
   * Critical alarms, then warnings of traffic, services and data stores, then warnings of the
   * automation (functions, backups, restore tests, drills). Sized for `known` alarms per group.
   */
  private alarmStatusWidgets(stage: string, known: number): cloudwatch.IWidget[] {
    const groups: Array<[string, AlarmSelection]> = [
      [`${stage} critical alarms (page)`, { severity: 'critical' }],
      [`${stage} warnings: traffic, services, data`, { severity: 'warning', area: 'services' }],
      [`${stage} warnings: automation, backups, restore tests, drills`, { severity: 'warning', area: 'automation' }],
    ];
    const height = Math.max(4, Math.min(12, 1 + Math.ceil(known / 4)));
    return groups.map(
      ([title, selection]) =>
        new SeverityAlarmStatusWidget(this, { stage, title, selection, width: DASHBOARD_COLUMNS / groups.length, height }),
    );
  }

  /** Appends a titled row below the existing ones; widgets wrap to new lines past 24 columns. */
  public addRow(title: string, widgets: cloudwatch.IWidget[], note?: string): void {
    this.dashboard.addWidgets(rowTitle(title, note));
    this.dashboard.addWidgets(...widgets);
  }
}
