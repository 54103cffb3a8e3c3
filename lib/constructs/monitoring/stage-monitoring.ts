import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MonitoringAlarmKey, MonitoringConfig } from '../../config/monitoring';
import { describeOperationsAlarm, STAGE_UNHEALTHY } from '../../catalogs/alarm-catalog';
import { CostMetrics } from './private/dashboard-widgets';
import {
  apiTrafficMetrics,
  ApiTrafficMetrics,
  CacheNodeMetrics,
  cacheNodeMetrics,
  DatabaseMetrics,
  databaseMetrics,
  LoadBalancerName,
  QueueMetrics,
  queueMetrics,
  ServiceMetrics,
  serviceMetrics,
  TargetGroupName,
} from './private/metrics';
import { AlertTarget, routeAlarm } from '../common/alarm-routing';
import { StageAlarm, stageAlarm } from '../common/stage-alarm';
import { StageAlarms } from './stage-alarms';
import { StageDashboard } from './stage-dashboard';

export interface StageMonitoringProps {
  readonly stage: string;
  readonly config: MonitoringConfig;
  /** The stage's alert routing (AlertingStack.routing); each alarm goes to its severity's topic (routeAlarm). */
  readonly topic: AlertTarget;
  /** The services' log groups: the alarms' Logs Insights links and the dashboard's log widgets read them. @default none */
  readonly logGroups?: { readonly api: logs.ILogGroup; readonly worker: logs.ILogGroup };
  /**
   * Log groups of the automation (backup, restore-test and drill functions and workflows) for the
   * dashboard's failed-runs widget; read when the dashboard renders. @default none
   */
  readonly automationLogGroups?: () => readonly logs.ILogGroup[];
  readonly loadBalancer: elbv2.IApplicationLoadBalancer & LoadBalancerName;
  /**
   * Every production target group of the API, attached to `loadBalancer`: one with rolling
   * deployments; blue and green with blue/green, canary or linear, which make either one live.
   */
  readonly apiTargetGroups: readonly TargetGroupName[];
  /** The cluster of both services; it must have Container Insights on (running vs desired tasks come from there). */
  readonly cluster: ecs.ICluster;
  readonly apiService: ecs.IBaseService;
  readonly workerService: ecs.IBaseService;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly database: rds.IDatabaseInstance;
  /** Read replicas of `database`, each watched like the primary plus replica lag. */
  readonly replicas: readonly rds.IDatabaseInstance[];
  /** Allocated storage of the primary (replicas have the same), in GiB. */
  readonly databaseAllocatedStorageGb: number;
  /** Estimated `max_connections` of the instance class. */
  readonly databaseMaxConnections: number;
  readonly cacheReplicationGroupId: string;
  /** Member node ids (`CacheClusterId`) of the replication group; `cacheMemberIds()` builds them. */
  readonly cacheNodeIds: readonly string[];
  /** The API alarms the ECS deployment rolls back on (createApiDeploymentAlarms, in the services stack). */
  readonly deploymentAlarms: { readonly http5xxRate: cloudwatch.IAlarm; readonly latencyP95: cloudwatch.IAlarm };
  /** Adds a Cost row to the dashboard. @default no Cost row */
  readonly cost?: CostMetrics;
}

/** The log groups where an alarm's cause shows: the API's for traffic, the worker's for the queue, a service's own, both for data stores (client errors). */
function serviceLogGroups(
  groups: { readonly api: logs.ILogGroup; readonly worker: logs.ILogGroup },
  kind: MonitoringAlarmKey,
  subject?: string,
): logs.ILogGroup[] {
  if (kind.startsWith('api') || kind.startsWith('alb')) return [groups.api];
  if (kind.startsWith('queue') || kind.startsWith('dlq')) return [groups.worker];
  if (kind.startsWith('service')) return [subject === 'worker' ? groups.worker : groups.api];
  return [groups.api, groups.worker];
}

function checkProps(props: StageMonitoringProps): void {
  const problems = [
    Number.isFinite(props.databaseAllocatedStorageGb) && props.databaseAllocatedStorageGb > 0
      ? ''
      : `databaseAllocatedStorageGb must be a positive number of GiB, got ${props.databaseAllocatedStorageGb}`,
    Number.isInteger(props.databaseMaxConnections) && props.databaseMaxConnections > 0
      ? ''
      : `databaseMaxConnections must be a positive integer, got ${props.databaseMaxConnections}`,
    props.apiTargetGroups.length > 0
      ? ''
      : "apiTargetGroups must list the API's production target groups (blue, and green with traffic shifting)",
    props.cacheNodeIds.length > 0
      ? ''
      : 'cacheNodeIds must list at least one node (cacheMemberIds(replicationGroupId, nodeCount) builds them)',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`StageMonitoring: ${problems.join('; ')}.`);
}

/**
 * Everything an operator watches for one stage: the threshold alarms, the composite
 * "<stage>-stage-unhealthy" alarm and the dashboard. Instantiated by the monitoring stack.
 */
export class StageMonitoring extends Construct {
  /** Every alarm of the stage, the two deployment alarms included, with what each watches. */
  public readonly alarms: readonly StageAlarm[];
  public readonly compositeAlarm: cloudwatch.CompositeAlarm;
  public readonly dashboard: StageDashboard;
  /** The metric sets behind the alarms and graphs, for features that add their own. */
  public readonly metrics: {
    readonly traffic: ApiTrafficMetrics;
    readonly services: readonly ServiceMetrics[];
    readonly queue: QueueMetrics;
    readonly databases: readonly DatabaseMetrics[];
    readonly cacheNodes: readonly CacheNodeMetrics[];
  };

  constructor(scope: Construct, id: string, props: StageMonitoringProps) {
    super(scope, id);
    checkProps(props);
    const { stage, config, topic } = props;

    const traffic = apiTrafficMetrics(props.loadBalancer, props.apiTargetGroups);
    const services = [serviceMetrics('api', props.cluster, props.apiService), serviceMetrics('worker', props.cluster, props.workerService)];
    const queue = queueMetrics(props.queue, props.deadLetterQueue);
    const storage = { allocatedStorageGb: props.databaseAllocatedStorageGb, maxConnections: props.databaseMaxConnections };
    const databases = [
      databaseMetrics(props.database, { ...storage, label: 'primary', replica: false }),
      ...props.replicas.map((replica, i) => databaseMetrics(replica, { ...storage, label: `replica-${i + 1}`, replica: true })),
    ];
    const cacheNodes = props.cacheNodeIds.map((nodeId, i) => cacheNodeMetrics(nodeId, `node-${i + 1}`));
    this.metrics = { traffic, services, queue, databases, cacheNodes };

    const stageAlarms = new StageAlarms(this, 'Alarms', {
      stage,
      thresholds: config.alarms,
      topic,
      logGroupsFor: props.logGroups ? (kind, subject) => serviceLogGroups(props.logGroups!, kind, subject) : undefined,
      traffic,
      services,
      queue,
      databases,
      cacheNodes,
    });
    this.alarms = [
      stageAlarm('api5xxRate', props.deploymentAlarms.http5xxRate),
      stageAlarm('apiLatencyP95', props.deploymentAlarms.latencyP95),
      ...stageAlarms.all,
    ];

    this.compositeAlarm = new cloudwatch.CompositeAlarm(this, 'StageUnhealthy', {
      compositeAlarmName: `${stage}-${STAGE_UNHEALTHY.name}`,
      // Its members are listed in its runbook and on the dashboard header: the links leave no room for them here.
      alarmDescription: describeOperationsAlarm('stageUnhealthy', STAGE_UNHEALTHY.condition!),
      alarmRule: cloudwatch.AlarmRule.anyOf(
        ...this.alarms.filter((a) => a.critical).map((a) => cloudwatch.AlarmRule.fromAlarm(a.alarm, cloudwatch.AlarmState.ALARM)),
      ),
    });
    routeAlarm(this.compositeAlarm, topic, {
      stage,
      kind: 'stageUnhealthy',
      logGroups: props.logGroups ? [props.logGroups.api, props.logGroups.worker] : [],
      windowSeconds: 3600,
    });

    this.dashboard = new StageDashboard(this, 'Dashboard', {
      stage,
      config: config.dashboard,
      thresholds: config.alarms,
      traffic,
      services,
      queue,
      databases,
      cacheNodes,
      cacheGroupId: props.cacheReplicationGroupId,
      healthAlarm: this.compositeAlarm,
      alarms: [this.compositeAlarm, ...this.alarms.map((a) => a.alarm)],
      logs: props.logGroups
        ? { api: props.logGroups.api, worker: props.logGroups.worker, automation: props.automationLogGroups ?? (() => []) }
        : undefined,
      cost: props.cost,
    });
  }
}
