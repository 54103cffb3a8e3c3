import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSettings, MonitoringAlarmsConfig } from '../../../config/monitoring';
import { ApiTrafficMetrics, CacheNodeMetrics, DatabaseMetrics, QueueMetrics, ServiceMetrics } from './metrics';

/**
 * Widget factory for the stage dashboard: one function per row, each returning graphs whose
 * y-axis names the unit and whose red line is the alarm threshold from the same config.
 */

/** CloudWatch dashboards are 24 columns wide. */
export const DASHBOARD_COLUMNS = 24;
const GRAPH_HEIGHT = 6;
const ALARM_RED = '#d62728';

export interface GraphOptions {
  readonly width?: number;
  /** Drawn as red horizontal lines on the left axis. */
  readonly thresholds?: readonly cloudwatch.HorizontalAnnotation[];
  readonly right?: readonly cloudwatch.IMetric[];
  readonly rightUnit?: string;
  readonly rightThresholds?: readonly cloudwatch.HorizontalAnnotation[];
  /** Upper end of the left axis, for percentages. */
  readonly max?: number;
}

export function graph(
  title: string,
  unit: string,
  left: readonly cloudwatch.IMetric[],
  options: GraphOptions = {},
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    width: options.width ?? 8,
    height: GRAPH_HEIGHT,
    left: [...left],
    right: options.right ? [...options.right] : undefined,
    leftYAxis: { label: unit, min: 0, max: options.max, showUnits: false },
    rightYAxis: options.right ? { label: options.rightUnit, min: 0, showUnits: false } : undefined,
    leftAnnotations: options.thresholds ? [...options.thresholds] : undefined,
    rightAnnotations: options.rightThresholds ? [...options.rightThresholds] : undefined,
    legendPosition: cloudwatch.LegendPosition.BOTTOM,
  });
}

/** The alarm line for one config entry, labelled with its value and unit. */
export function thresholdLine(settings: AlarmSettings, unit: string, label = 'alarm'): cloudwatch.HorizontalAnnotation {
  return { value: settings.threshold, label: `${label} ${settings.threshold} ${unit}`, color: ALARM_RED };
}

export function rowTitle(title: string, note?: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({
    markdown: note ? `### ${title} · ${note}` : `### ${title}`,
    width: DASHBOARD_COLUMNS,
    height: 1,
    background: cloudwatch.TextWidgetBackground.TRANSPARENT,
  });
}

export function trafficWidgets(traffic: ApiTrafficMetrics, thresholds: MonitoringAlarmsConfig): cloudwatch.IWidget[] {
  return [
    graph('Requests', 'Count', [traffic.requests], { width: 6 }),
    graph('Errors: 4xx / 5xx', 'Count', [traffic.http4xx, traffic.http5xx], {
      width: 6,
      right: [traffic.http5xxRate],
      rightUnit: '%',
      rightThresholds: [thresholdLine(thresholds.api5xxRate, '%', '5xx rate alarm')],
    }),
    graph('Response time p50 / p95 / p99', 'Seconds', [traffic.latencyP50, traffic.latencyP95, traffic.latencyP99], {
      width: 6,
      thresholds: [thresholdLine(thresholds.apiLatencyP95, 's', 'p95 alarm')],
    }),
    graph('Targets and rejected connections', 'Count', [traffic.healthyHosts, traffic.unhealthyHosts, traffic.rejectedConnections], {
      width: 6,
    }),
  ];
}

export function serviceWidgets(services: readonly ServiceMetrics[], thresholds: MonitoringAlarmsConfig): cloudwatch.IWidget[] {
  return [
    graph(
      'CPU',
      'Percent',
      services.map((s) => s.cpu),
      { max: 100, thresholds: [thresholdLine(thresholds.serviceCpu, '%')] },
    ),
    graph(
      'Memory',
      'Percent',
      services.map((s) => s.memory),
      { max: 100, thresholds: [thresholdLine(thresholds.serviceMemory, '%')] },
    ),
    graph(
      'Tasks: running / desired',
      'Tasks',
      services.flatMap((s) => [s.runningTasks, s.desiredTasks]),
    ),
  ];
}

export function queueWidgets(queue: QueueMetrics, thresholds: MonitoringAlarmsConfig): cloudwatch.IWidget[] {
  return [
    graph('Queue depth', 'Messages', [queue.visible], { thresholds: [thresholdLine(thresholds.queueDepth, 'messages')] }),
    graph('Oldest message age', 'Seconds', [queue.oldestMessageAge], {
      thresholds: [thresholdLine(thresholds.queueOldestMessageAge, 's')],
    }),
    graph('Dead-letter queue', 'Messages', [queue.deadLetterVisible], { thresholds: [thresholdLine(thresholds.dlqMessages, 'messages')] }),
  ];
}

export function databaseWidgets(databases: readonly DatabaseMetrics[], thresholds: MonitoringAlarmsConfig): cloudwatch.IWidget[] {
  const maxConnections = Math.min(...databases.map((db) => db.maxConnections));
  const connectionLimit = Math.round((maxConnections * thresholds.dbConnections.threshold) / 100);
  const replicas = databases.filter((db) => db.replicaLag);
  return [
    graph(
      'CPU',
      'Percent',
      databases.map((db) => db.cpu),
      { max: 100, thresholds: [thresholdLine(thresholds.dbCpu, '%')] },
    ),
    graph(
      'Connections',
      'Connections',
      databases.map((db) => db.connections),
      {
        thresholds: [
          { value: connectionLimit, label: `alarm ${thresholds.dbConnections.threshold} % of ~${maxConnections}`, color: ALARM_RED },
        ],
      },
    ),
    ...(replicas.length > 0
      ? [
          graph(
            'Replica lag',
            'Seconds',
            replicas.map((db) => db.replicaLag as cloudwatch.Metric),
            { thresholds: [thresholdLine(thresholds.dbReplicaLag, 's')] },
          ),
        ]
      : []),
    graph(
      'Read / write latency',
      'Milliseconds',
      databases.flatMap((db) => [db.readLatencyMs, db.writeLatencyMs]),
      {
        thresholds: [
          thresholdLine(thresholds.dbReadLatency, 'ms', 'read alarm'),
          thresholdLine(thresholds.dbWriteLatency, 'ms', 'write alarm'),
        ],
      },
    ),
    graph(
      'Free storage',
      'Percent',
      databases.map((db) => db.freeStoragePercent),
      { max: 100, thresholds: [thresholdLine(thresholds.dbFreeStorage, '%')] },
    ),
    graph(
      'Freeable memory',
      'MiB',
      databases.map((db) => db.freeableMemoryMib),
      { thresholds: [thresholdLine(thresholds.dbFreeableMemory, 'MiB')] },
    ),
  ];
}

export function cacheWidgets(nodes: readonly CacheNodeMetrics[], thresholds: MonitoringAlarmsConfig): cloudwatch.IWidget[] {
  return [
    graph(
      'Hit rate',
      'Percent',
      nodes.map((n) => n.hitRate),
      { max: 100 },
    ),
    graph(
      'Memory used',
      'Percent',
      nodes.map((n) => n.memoryPercent),
      { max: 100, thresholds: [thresholdLine(thresholds.cacheMemory, '%')] },
    ),
    graph(
      'Evictions',
      'Count',
      nodes.map((n) => n.evictions),
      { thresholds: [thresholdLine(thresholds.cacheEvictions, 'evictions')] },
    ),
    graph(
      'Engine CPU',
      'Percent',
      nodes.map((n) => n.engineCpu),
      { max: 100, thresholds: [thresholdLine(thresholds.cacheEngineCpu, '%')] },
    ),
    graph(
      'Connections',
      'Connections',
      nodes.map((n) => n.connections),
      { thresholds: [thresholdLine(thresholds.cacheConnections, 'connections')] },
    ),
    ...(nodes.length > 1
      ? [
          graph(
            'Replication lag',
            'Seconds',
            nodes.map((n) => n.replicationLag),
            { thresholds: [thresholdLine(thresholds.cacheReplicationLag, 's')] },
          ),
        ]
      : []),
  ];
}

export interface CostMetrics {
  /** Cost of the stage so far this month (the cost report's `MonthToDateCost`). */
  readonly monthToDate: cloudwatch.IMetric;
  /** Forecast cost of the stage for the whole month (`ForecastCost`). */
  readonly forecast: cloudwatch.IMetric;
}

export function costWidgets(cost: CostMetrics): cloudwatch.IWidget[] {
  return [
    new cloudwatch.SingleValueWidget({
      title: 'This month (USD)',
      metrics: [cost.monthToDate, cost.forecast],
      width: 8,
      height: GRAPH_HEIGHT,
    }),
    graph('Month to date and forecast', 'USD', [cost.monthToDate, cost.forecast], { width: 16 }),
  ];
}

/** An alarm status grid tall enough to list every alarm without scrolling (about four per line). */
export function alarmStatus(
  title: string,
  alarms: readonly cloudwatch.IAlarm[],
  width = DASHBOARD_COLUMNS,
  minHeight = 2,
): cloudwatch.AlarmStatusWidget {
  const perLine = Math.max(1, Math.floor(width / 6));
  return new cloudwatch.AlarmStatusWidget({
    title,
    alarms: [...alarms],
    width,
    height: Math.max(minHeight, 1 + Math.ceil(alarms.length / perLine)),
    sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
  });
}
