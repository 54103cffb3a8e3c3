import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { MONITORING_DEFAULTS, MonitoringConfig } from '../../../lib/config/monitoring';
import type { StageName } from '../../../lib/config/stage-name';
import { AlertTopic } from '../../../lib/constructs/monitoring/alert-topic';
import { ApiDeploymentAlarms, createApiDeploymentAlarms } from '../../../lib/constructs/monitoring/deployment-alarms';
import { cacheMemberIds } from '../../../lib/constructs/monitoring/private/metrics';
import { StageMonitoring } from '../../../lib/constructs/monitoring/stage-monitoring';
import { testStack, testVpc } from '../../support/fixtures';

/** The platform's moving parts as real L2 constructs, with a monitoring construct over them. */
export interface MonitoredStage {
  readonly stack: Stack;
  readonly config: MonitoringConfig;
  readonly alertTopic: AlertTopic;
  readonly deploymentAlarms: ApiDeploymentAlarms;
  readonly monitoring: StageMonitoring;
  readonly parts: {
    readonly cluster: ecs.Cluster;
    readonly apiService: ecs.FargateService;
    readonly workerService: ecs.FargateService;
    readonly loadBalancer: elbv2.ApplicationLoadBalancer;
    readonly apiTargetGroup: elbv2.ApplicationTargetGroup;
    readonly queue: sqs.Queue;
    readonly deadLetterQueue: sqs.Queue;
    readonly database: rds.DatabaseInstance;
    readonly replicas: rds.DatabaseInstanceReadReplica[];
    readonly cache: elasticache.CfnReplicationGroup;
  };
}

export interface MonitoredStageOptions {
  readonly stage?: StageName;
  readonly replicas?: number;
  readonly cacheNodes?: number;
  /** Pass cost metrics so the dashboard gets a Cost row. */
  readonly cost?: boolean;
}

function fargateService(stack: Stack, id: string, cluster: ecs.Cluster): ecs.FargateService {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
    portMappings: [{ containerPort: 80 }],
  });
  return new ecs.FargateService(stack, id, { cluster, taskDefinition, minHealthyPercent: 100, circuitBreaker: { rollback: true } });
}

export function monitoredStage(options: MonitoredStageOptions = {}): MonitoredStage {
  const stage = options.stage ?? 'prod';
  // Named as the platform names it: the dashboard's alarm widgets list the alarms of the stacks named `<stage>-…`.
  const stack = testStack(undefined, `${stage}-monitoring`);
  const config = MONITORING_DEFAULTS[stage];
  const vpc = testVpc(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const apiService = fargateService(stack, 'ApiService', cluster);
  const workerService = fargateService(stack, 'WorkerService', cluster);
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = loadBalancer.addListener('Http', { port: 80 });
  const apiTargetGroup = listener.addTargets('Api', { port: 80, targets: [apiService] });
  const deadLetterQueue = new sqs.Queue(stack, 'JobsDlq');
  const queue = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 } });
  const database = new rds.DatabaseInstance(stack, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    allocatedStorage: 100,
    storageEncrypted: true,
  });
  const replicas = Array.from({ length: options.replicas ?? 2 }, (_, i) => i + 1).map(
    (n) =>
      new rds.DatabaseInstanceReadReplica(stack, `Replica${n}`, {
        sourceDatabaseInstance: database,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      }),
  );
  const cache = new elasticache.CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'test cache',
    engine: 'valkey',
    cacheNodeType: 'cache.t4g.micro',
    numCacheClusters: options.cacheNodes ?? 2,
    transitEncryptionEnabled: true,
  });

  const alertTopic = new AlertTopic(stack, 'Alerts', { stage, subscribers: config.alerts.critical });
  const deploymentAlarms = createApiDeploymentAlarms(stack, {
    stage,
    loadBalancer,
    thresholds: config.alarms,
    topic: alertTopic.topic,
  });
  const costMetric = (metricName: string) =>
    new cloudwatch.Metric({ namespace: 'StagePlatform', metricName, dimensionsMap: { Stage: stage }, statistic: 'Maximum' });
  const monitoring = new StageMonitoring(stack, 'Monitoring', {
    stage,
    config,
    topic: alertTopic.topic,
    loadBalancer,
    apiTargetGroups: [apiTargetGroup],
    cluster,
    apiService,
    workerService,
    queue,
    deadLetterQueue,
    database,
    replicas,
    databaseAllocatedStorageGb: 100,
    databaseMaxConnections: 400,
    cacheReplicationGroupId: cache.ref,
    cacheNodeIds: cacheMemberIds(cache.ref, options.cacheNodes ?? 2),
    deploymentAlarms,
    cost: options.cost ? { monthToDate: costMetric('MonthToDateCost'), forecast: costMetric('ForecastCost') } : undefined,
  });
  const parts = { cluster, apiService, workerService, loadBalancer, apiTargetGroup, queue, deadLetterQueue, database, replicas, cache };
  return { stack, config, alertTopic, deploymentAlarms, monitoring, parts };
}
