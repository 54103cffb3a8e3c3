import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlarmableMetric } from '../../common/stage-alarm';

/**
 * Metric factory: every metric the stage alarms and the dashboard read, built in one place so an
 * alarm and the graph beside it always show the same series. Metrics default to one-minute
 * datapoints; alarms take them through `forAlarm` (common/stage-alarm.ts) with the period from their config.
 */

const ONE_MINUTE = Duration.minutes(1);
const BYTES_PER_GIB = 1024 ** 3;
const BYTES_PER_MIB = 1024 ** 2;

/** Math ids must be unique within a graph, so inputs carry the subject they belong to. */
function mathId(prefix: string, label: string): string {
  return `${prefix}_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export interface LoadBalancerMetrics {
  readonly requests: cloudwatch.Metric;
  /** 4xx answered by the API plus 4xx produced by the load balancer. */
  readonly http4xx: cloudwatch.MathExpression;
  /** 5xx answered by the API plus 5xx produced by the load balancer (502/503/504 when no target answers). */
  readonly http5xx: cloudwatch.MathExpression;
  /** `http5xx` as a percent of requests; no datapoint when there were no requests. */
  readonly http5xxRate: cloudwatch.MathExpression;
  readonly latencyP50: cloudwatch.Metric;
  readonly latencyP95: cloudwatch.Metric;
  readonly latencyP99: cloudwatch.Metric;
  readonly rejectedConnections: cloudwatch.Metric;
}

export interface TargetHealthMetrics {
  /** Healthy targets summed over every production target group. */
  readonly healthyHosts: AlarmableMetric;
  /** Unhealthy targets summed over every production target group. */
  readonly unhealthyHosts: AlarmableMetric;
}

export type ApiTrafficMetrics = LoadBalancerMetrics & TargetHealthMetrics;

/** What a metric dimension needs of the load balancer: `ApplicationLoadBalancer` has it. */
export type LoadBalancerName = Pick<elbv2.ApplicationLoadBalancer, 'loadBalancerFullName'>;
/** What a metric dimension needs of a target group: `ApplicationTargetGroup` has it. */
export type TargetGroupName = Pick<elbv2.ApplicationTargetGroup, 'targetGroupFullName'>;

/**
 * Requests, errors and latency are read at the load balancer, which fronts only the API: with
 * blue/green, canary or linear deployments traffic moves between two target groups, and a
 * per-group metric would miss the live tasks after every other deploy.
 */
export function loadBalancerMetrics(loadBalancer: elbv2.IApplicationLoadBalancer): LoadBalancerMetrics {
  const sum = { statistic: 'Sum', period: ONE_MINUTE };
  const lb = loadBalancer.metrics;
  const requests = lb.requestCount({ ...sum, label: 'Requests' });
  const target4xx = lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_4XX_COUNT, sum);
  const elb4xx = lb.httpCodeElb(elbv2.HttpCodeElb.ELB_4XX_COUNT, sum);
  const target5xx = lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum);
  const elb5xx = lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum);
  const latency = (statistic: string) => lb.targetResponseTime({ statistic, period: ONE_MINUTE, label: `Response time ${statistic}` });
  return {
    requests,
    http4xx: new cloudwatch.MathExpression({
      expression: 'FILL(target4xx, 0) + FILL(elb4xx, 0)',
      usingMetrics: { target4xx, elb4xx },
      label: '4xx',
      period: ONE_MINUTE,
    }),
    http5xx: new cloudwatch.MathExpression({
      expression: 'FILL(target5xx, 0) + FILL(elb5xx, 0)',
      usingMetrics: { target5xx, elb5xx },
      label: '5xx',
      period: ONE_MINUTE,
    }),
    http5xxRate: new cloudwatch.MathExpression({
      // Without requests there is no rate: an idle stage must not alarm, so the expression yields no datapoint.
      expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests)',
      usingMetrics: { target5xx, elb5xx, requests },
      label: '5xx rate (%)',
      period: ONE_MINUTE,
    }),
    latencyP50: latency('p50'),
    latencyP95: latency('p95'),
    latencyP99: latency('p99'),
    rejectedConnections: lb.rejectedConnectionCount({ ...sum, label: 'Rejected connections' }),
  };
}

/**
 * Target health has no load-balancer-wide metric, so it is summed over every production target
 * group: blue and green alternate as the live group after each blue/green, canary or linear deploy.
 * Dimensions are the load balancer's and each group's full names (plain attributes): CDK's
 * `targetGroup.metrics` derives the load balancer's name by splitting the listener ARN, which
 * across stacks puts `Fn::GetStackOutput` inside `Fn::Split`, where CloudFormation does not allow it.
 */
export function targetHealthMetrics(loadBalancer: LoadBalancerName, targetGroups: readonly TargetGroupName[]): TargetHealthMetrics {
  const perGroup = (metricName: string, statistic: string, prefix: string, label: string): AlarmableMetric => {
    const metrics = targetGroups.map(
      (group, i) =>
        new cloudwatch.Metric({
          namespace: 'AWS/ApplicationELB',
          metricName,
          dimensionsMap: { LoadBalancer: loadBalancer.loadBalancerFullName, TargetGroup: group.targetGroupFullName },
          statistic,
          period: ONE_MINUTE,
          label: targetGroups.length === 1 ? label : `${label}, group ${i + 1}`,
        }),
    );
    if (metrics.length === 1) return metrics[0];
    // The idle group reports nothing or 0; FILL keeps one silent group from hiding the other.
    const inputs = Object.fromEntries(metrics.map((metric, i) => [mathId(prefix, String(i + 1)), metric]));
    return new cloudwatch.MathExpression({
      expression: Object.keys(inputs)
        .map((id) => `FILL(${id}, 0)`)
        .join(' + '),
      usingMetrics: inputs,
      label,
      period: ONE_MINUTE,
    });
  };
  return {
    healthyHosts: perGroup('HealthyHostCount', 'Minimum', 'healthy', 'Healthy targets'),
    unhealthyHosts: perGroup('UnHealthyHostCount', 'Maximum', 'unhealthy', 'Unhealthy targets'),
  };
}

/** Everything the Traffic row and the API alarms read: load balancer traffic and target health. */
export function apiTrafficMetrics(
  loadBalancer: elbv2.IApplicationLoadBalancer & LoadBalancerName,
  targetGroups: readonly TargetGroupName[],
): ApiTrafficMetrics {
  return { ...loadBalancerMetrics(loadBalancer), ...targetHealthMetrics(loadBalancer, targetGroups) };
}

export interface ServiceMetrics {
  /** Short name used in labels and alarm names: `api`, `worker`. */
  readonly name: string;
  readonly cpu: cloudwatch.Metric;
  readonly memory: cloudwatch.Metric;
  readonly runningTasks: cloudwatch.Metric;
  readonly desiredTasks: cloudwatch.Metric;
  /** Desired minus running tasks: 0 when healthy, including a service scaled to zero. */
  readonly tasksMissing: cloudwatch.MathExpression;
}

/** Utilization from `AWS/ECS`; task counts from Container Insights, which the cluster must have enabled. */
export function serviceMetrics(name: string, cluster: ecs.ICluster, service: ecs.IBaseService): ServiceMetrics {
  const dimensionsMap = { ClusterName: cluster.clusterName, ServiceName: service.serviceName };
  const ecsMetric = (metricName: string, label: string) =>
    new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName, dimensionsMap, statistic: 'Average', period: ONE_MINUTE, label });
  const insights = (metricName: string, label: string) =>
    new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensionsMap,
      statistic: 'Average',
      period: ONE_MINUTE,
      label,
    });
  const runningTasks = insights('RunningTaskCount', `${name} running`);
  const desiredTasks = insights('DesiredTaskCount', `${name} desired`);
  return {
    name,
    cpu: ecsMetric('CPUUtilization', `${name} CPU`),
    memory: ecsMetric('MemoryUtilization', `${name} memory`),
    runningTasks,
    desiredTasks,
    tasksMissing: new cloudwatch.MathExpression({
      // A service with no running task may report no RunningTaskCount at all; that counts as 0 running.
      expression: `${mathId('desired', name)} - FILL(${mathId('running', name)}, 0)`,
      usingMetrics: { [mathId('desired', name)]: desiredTasks, [mathId('running', name)]: runningTasks },
      label: `${name} tasks missing`,
      period: ONE_MINUTE,
    }),
  };
}

export interface QueueMetrics {
  readonly visible: cloudwatch.Metric;
  readonly oldestMessageAge: cloudwatch.Metric;
  readonly deadLetterVisible: cloudwatch.Metric;
}

export function queueMetrics(queue: sqs.IQueue, deadLetterQueue: sqs.IQueue): QueueMetrics {
  const max = { statistic: 'Maximum', period: ONE_MINUTE };
  return {
    visible: queue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'Messages visible' }),
    oldestMessageAge: queue.metricApproximateAgeOfOldestMessage({ ...max, label: 'Oldest message age' }),
    deadLetterVisible: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'DLQ messages visible' }),
  };
}

export interface DatabaseMetricsOptions {
  /** `primary`, `replica-1` …; used in labels and alarm names. */
  readonly label: string;
  /** Allocated storage in GiB; free storage is reported as a percent of it (storage autoscaling raises it, so keep it current). */
  readonly allocatedStorageGb: number;
  /** Estimated `max_connections` of the instance class; connections are reported as a percent of it. */
  readonly maxConnections: number;
  /** Read replicas report ReplicaLag. */
  readonly replica: boolean;
}

export interface DatabaseMetrics {
  readonly label: string;
  readonly replica: boolean;
  readonly maxConnections: number;
  readonly cpu: cloudwatch.Metric;
  readonly freeStoragePercent: cloudwatch.MathExpression;
  readonly freeableMemoryMib: cloudwatch.MathExpression;
  readonly connections: cloudwatch.Metric;
  readonly connectionsPercent: cloudwatch.MathExpression;
  /** Only for replicas. */
  readonly replicaLag?: cloudwatch.Metric;
  readonly readLatencyMs: cloudwatch.MathExpression;
  readonly writeLatencyMs: cloudwatch.MathExpression;
}

export function databaseMetrics(instance: rds.IDatabaseInstance, options: DatabaseMetricsOptions): DatabaseMetrics {
  const { label } = options;
  const rdsMetric = (metricName: string, statistic: string, metricLabel = `${label} ${metricName}`) =>
    new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: { DBInstanceIdentifier: instance.instanceIdentifier },
      statistic,
      period: ONE_MINUTE,
      label: metricLabel,
    });
  const math = (expression: string, inputs: Record<string, cloudwatch.Metric>, mathLabel: string) =>
    new cloudwatch.MathExpression({ expression, usingMetrics: inputs, label: mathLabel, period: ONE_MINUTE });
  const free = mathId('free', label);
  const memory = mathId('memory', label);
  const conns = mathId('conns', label);
  const read = mathId('read', label);
  const write = mathId('write', label);
  const connections = rdsMetric('DatabaseConnections', 'Maximum', `${label} connections`);
  return {
    label,
    replica: options.replica,
    maxConnections: options.maxConnections,
    cpu: rdsMetric('CPUUtilization', 'Average', `${label} CPU`),
    freeStoragePercent: math(
      `100 * ${free} / ${options.allocatedStorageGb * BYTES_PER_GIB}`,
      { [free]: rdsMetric('FreeStorageSpace', 'Minimum') },
      `${label} free storage (%)`,
    ),
    freeableMemoryMib: math(
      `${memory} / ${BYTES_PER_MIB}`,
      { [memory]: rdsMetric('FreeableMemory', 'Minimum') },
      `${label} freeable memory (MiB)`,
    ),
    connections,
    connectionsPercent: math(
      `100 * ${conns} / ${options.maxConnections}`,
      { [conns]: connections },
      `${label} connections (% of ${options.maxConnections})`,
    ),
    replicaLag: options.replica ? rdsMetric('ReplicaLag', 'Maximum', `${label} replica lag`) : undefined,
    readLatencyMs: math(`1000 * ${read}`, { [read]: rdsMetric('ReadLatency', 'Average') }, `${label} read latency (ms)`),
    writeLatencyMs: math(`1000 * ${write}`, { [write]: rdsMetric('WriteLatency', 'Average') }, `${label} write latency (ms)`),
  };
}

export interface CacheNodeMetrics {
  readonly label: string;
  readonly engineCpu: cloudwatch.Metric;
  readonly memoryPercent: cloudwatch.Metric;
  readonly evictions: cloudwatch.Metric;
  readonly connections: cloudwatch.Metric;
  /** Reported by replica nodes only; roles swap on failover, so every node is watched. */
  readonly replicationLag: cloudwatch.Metric;
  readonly hitRate: cloudwatch.Metric;
}

/** Metrics of one member node (`CacheClusterId`) of a Valkey/Redis replication group. */
export function cacheNodeMetrics(nodeId: string, label: string): CacheNodeMetrics {
  const node = (metricName: string, statistic: string, metricLabel: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: nodeId },
      statistic,
      period: ONE_MINUTE,
      label: `${label} ${metricLabel}`,
    });
  return {
    label,
    engineCpu: node('EngineCPUUtilization', 'Average', 'engine CPU'),
    memoryPercent: node('DatabaseMemoryUsagePercentage', 'Maximum', 'memory'),
    evictions: node('Evictions', 'Sum', 'evictions'),
    connections: node('CurrConnections', 'Maximum', 'connections'),
    replicationLag: node('ReplicationLag', 'Maximum', 'replication lag'),
    hitRate: node('CacheHitRate', 'Average', 'hit rate'),
  };
}

/**
 * Member node ids of a replication group with cluster mode disabled: `<id>-001`, `<id>-002` …
 * (ElastiCache names them so; with cluster mode enabled they would be `<id>-0001-001`).
 */
export function cacheMemberIds(replicationGroupId: string, nodeCount: number): string[] {
  return Array.from({ length: nodeCount }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, '0')}`);
}
