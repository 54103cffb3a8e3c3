import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { ValkeyCache } from '../constructs/data/valkey-cache';
import { allowTcp } from '../constructs/network/allow-tcp';
import { ApiService } from '../constructs/services/api-service';
import { AppConnections } from '../constructs/services/app-container';
import { PublicLoadBalancer } from '../constructs/services/public-load-balancer';
import { WorkQueue } from '../constructs/services/work-queue';
import { WorkerService } from '../constructs/services/worker-service';
import { PlatformStack } from './platform-stack';

export interface ServicesStackProps {
  readonly vpc: ec2.IVpc;
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
}

/** Stateless: the cluster, load balancer, API and worker services and the work queue. */
export class ServicesStack extends PlatformStack {
  readonly cluster: ecs.Cluster;
  readonly loadBalancer: PublicLoadBalancer;
  readonly workQueue: WorkQueue;
  readonly api: ApiService;
  readonly worker: WorkerService;

  constructor(scope: Construct, config: StageConfig, props: ServicesStackProps) {
    super(scope, 'services', { config, stateful: false, description: `${config.stage}: ALB, API and worker on Fargate, work queue` });
    const { database, cache } = props;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
    this.loadBalancer = new PublicLoadBalancer(this, 'Ingress', {
      vpc: props.vpc,
      ingress: config.ingress,
      accessLogRetentionDays: config.logRetentionDays,
      deletionProtection: config.terminationProtection,
    });
    this.workQueue = new WorkQueue(this, 'Work', { queue: config.queue });

    const connections: AppConnections = {
      databaseWriterHost: database.primary.dbInstanceEndpointAddress,
      databaseReaderHosts: Fn.join(',', (database.replicas.length ? database.replicas : [database.primary]).map((i) => i.dbInstanceEndpointAddress)),
      databasePort: database.primary.dbInstanceEndpointPort,
      databaseName: config.database.databaseName,
      databaseSecret: database.secret,
      cacheHost: cache.primaryEndpointAddress,
      cacheReaderHost: cache.readerEndpointAddress,
      cachePort: String(cache.port),
      cacheAuthSecret: cache.authSecret,
      queueUrl: this.workQueue.queue.queueUrl,
    };

    this.api = new ApiService(this, 'Api', {
      stage: config.stage,
      cluster: this.cluster,
      api: config.api,
      ingress: config.ingress,
      listener: this.loadBalancer.listener,
      loadBalancer: this.loadBalancer.loadBalancer,
      connections,
      logRetention: config.logRetentionDays,
    });
    this.workQueue.queue.grantSendMessages(this.api.taskDefinition.taskRole);

    this.worker = new WorkerService(this, 'Worker', {
      stage: config.stage,
      cluster: this.cluster,
      worker: config.worker,
      queue: this.workQueue.queue,
      connections,
      logRetention: config.logRetentionDays,
    });

    for (const [name, service] of [['Api', this.api], ['Worker', this.worker]] as const) {
      allowTcp(this, `${name}ToDatabase`, { target: database.securityGroup, source: service.securityGroup, port: database.port, description: `${name} tasks to PostgreSQL` });
      allowTcp(this, `${name}ToCache`, { target: cache.securityGroup, source: service.securityGroup, port: cache.port, description: `${name} tasks to the cache` });
    }

    new CfnOutput(this, 'Url', { value: this.loadBalancer.url, description: 'Public URL of the stage' });
  }
}
