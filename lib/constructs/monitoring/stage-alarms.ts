import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MonitoringAlarmKey, MonitoringAlarmsConfig } from '../../config/monitoring';
import { AlertTarget } from '../common/alarm-routing';
import { AlarmableMetric } from '../common/stage-alarm';
import { ApiTrafficMetrics, CacheNodeMetrics, DatabaseMetrics, QueueMetrics, ServiceMetrics } from './private/metrics';
import { createStageAlarm, StageAlarm, stageAlarm } from '../common/stage-alarm';

export interface StageAlarmsProps {
  readonly stage: string;
  /** Thresholds and evaluation windows, from the stage's monitoring config. */
  readonly thresholds: MonitoringAlarmsConfig;
  /** The stage's alert routing (or one topic for every severity). */
  readonly topic: AlertTarget;
  /** The log groups an alarm's Logs Insights link opens. @default none selected */
  readonly logGroupsFor?: (kind: MonitoringAlarmKey, subject?: string) => readonly logs.ILogGroup[];
  readonly traffic: ApiTrafficMetrics;
  readonly services: readonly ServiceMetrics[];
  readonly queue: QueueMetrics;
  /** Primary first, then each replica. */
  readonly databases: readonly DatabaseMetrics[];
  readonly cacheNodes: readonly CacheNodeMetrics[];
}

/**
 * Every threshold alarm of a stage except the two API deployment alarms (those belong to the
 * services stack): load balancer, services, queue, each database instance and each cache node.
 */
export class StageAlarms extends Construct {
  /** In creation order: traffic, services, queue, database, cache. */
  public readonly all: StageAlarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: StageAlarmsProps,
  ) {
    super(scope, id);
    const { traffic, queue } = props;
    this.add('apiUnhealthyHosts', traffic.unhealthyHosts);
    this.add('albRejectedConnections', traffic.rejectedConnections);
    for (const service of props.services) {
      this.add('serviceCpu', service.cpu, service.name);
      this.add('serviceMemory', service.memory, service.name);
      this.add('serviceTasksMissing', service.tasksMissing, service.name);
    }
    this.add('queueDepth', queue.visible);
    this.add('queueOldestMessageAge', queue.oldestMessageAge);
    this.add('dlqMessages', queue.deadLetterVisible);
    for (const db of props.databases) {
      this.add('dbCpu', db.cpu, db.label);
      this.add('dbFreeStorage', db.freeStoragePercent, db.label);
      this.add('dbFreeableMemory', db.freeableMemoryMib, db.label);
      this.add('dbConnections', db.connectionsPercent, db.label);
      if (db.replicaLag) this.add('dbReplicaLag', db.replicaLag, db.label);
      this.add('dbReadLatency', db.readLatencyMs, db.label);
      this.add('dbWriteLatency', db.writeLatencyMs, db.label);
    }
    // A single node has nobody to replicate to, so replication lag is watched only in a group.
    const replicated = props.cacheNodes.length > 1;
    for (const node of props.cacheNodes) {
      this.add('cacheEngineCpu', node.engineCpu, node.label);
      this.add('cacheMemory', node.memoryPercent, node.label);
      this.add('cacheEvictions', node.evictions, node.label);
      this.add('cacheConnections', node.connections, node.label);
      if (replicated) this.add('cacheReplicationLag', node.replicationLag, node.label);
    }
  }

  private add(kind: MonitoringAlarmKey, metric: AlarmableMetric, subject?: string): void {
    const { stage, topic, thresholds } = this.props;
    const alarm = createStageAlarm(this, subject ? `${kind}-${subject}` : kind, {
      stage,
      kind,
      subject,
      metric,
      settings: thresholds[kind],
      topic,
      logGroups: this.props.logGroupsFor?.(kind, subject),
    });
    this.all.push(stageAlarm(kind, alarm, subject));
  }
}
