import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { AlertTarget } from '../constructs/common/alarm-routing';
import { isPlaceholderImage } from '../config/images';
import { StageConfig } from '../config/types';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { ValkeyCache } from '../constructs/data/valkey-cache';
import { Cdn } from '../constructs/delivery/cdn';
import { CloudFrontOriginLock } from '../constructs/delivery/cloudfront-origin-lock';
import { DatabaseMigration } from '../constructs/delivery/database-migration';
import { alarmName } from '../catalogs/alarm-catalog';
import { ApiDeploymentAlarms, createApiDeploymentAlarms } from '../constructs/monitoring/deployment-alarms';
import { allowTcp } from '../constructs/network/allow-tcp';
import { ApiService } from '../constructs/services/api-service';
import { AppConnections } from '../constructs/services/app-container';
import { PublicLoadBalancer } from '../constructs/services/public-load-balancer';
import { AlbWebAcl } from '../constructs/services/web-acl';
import { WorkQueue } from '../constructs/services/work-queue';
import { WorkerService } from '../constructs/services/worker-service';
import { PlatformStack } from './platform-stack';

export interface ServicesStackProps {
  readonly vpc: ec2.IVpc;
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  /** The stage's alert routing (AlertingStack.routing): each alarm goes to its severity's topic. */
  readonly alarmTopic: AlertTarget;
}

/** Stateless: the cluster, load balancer, API and worker services and the work queue. */
export class ServicesStack extends PlatformStack {
  readonly cluster: ecs.Cluster;
  readonly loadBalancer: PublicLoadBalancer;
  readonly webAcl: AlbWebAcl;
  readonly workQueue: WorkQueue;
  readonly api: ApiService;
  readonly worker: WorkerService;
  readonly deploymentAlarms: ApiDeploymentAlarms;
  /** With the CDN on: what lets only CloudFront reach the ALB. */
  readonly originLock?: CloudFrontOriginLock;
  readonly cdn?: Cdn;
  readonly migration?: DatabaseMigration;
  /**
   * One line saying which services run the placeholder image and whether migrations were skipped;
   * bin/app.ts prints it at synth. @default none: every service runs a real image
   */
  readonly placeholderNotice?: string;

  /** Where users reach the stage: the CDN's first domain, the ALB's domain name, or the ALB's DNS name. */
  get url(): string {
    const ingress = this.config.ingress;
    const cdnDomain = this.config.delivery.cdn.enabled ? this.config.delivery.cdn.domainNames?.[0] : undefined;
    if (this.cdn) return `https://${cdnDomain ?? this.cdn.distribution.distributionDomainName}`;
    if (ingress.domainName) return `https://${ingress.domainName}`;
    return this.loadBalancer.url;
  }

  constructor(scope: Construct, config: StageConfig, props: ServicesStackProps) {
    super(scope, 'services', { config, stateful: false, description: `${config.stage}: ALB, API and worker on Fargate, work queue` });
    const { database, cache } = props;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
    const cdnConfig = config.delivery.cdn;
    this.loadBalancer = new PublicLoadBalancer(this, 'Ingress', {
      vpc: props.vpc,
      ingress: config.ingress,
      accessLogRetentionDays: config.logRetentionDays,
      deletionProtection: config.terminationProtection,
      openToInternet: !cdnConfig.enabled,
    });
    if (cdnConfig.enabled) {
      // Id kept from the secret the stack built inline: the lock's secret is its default child, so it keeps its logical id.
      this.originLock = new CloudFrontOriginLock(this, 'OriginVerify', {
        securityGroup: this.loadBalancer.loadBalancer.connections.securityGroups[0],
        listener: this.loadBalancer.listener,
        prefixListId: cdnConfig.originPrefixListId,
      });
      // Logical id kept from the inline rule: under a new one CloudFormation would add the same rule before removing
      // the old, which EC2 refuses as a duplicate.
      this.originLock.ingress.overrideLogicalId('CloudFrontToAlb');
    }
    this.webAcl = new AlbWebAcl(this, 'Firewall', {
      stage: config.stage,
      loadBalancer: this.loadBalancer.loadBalancer,
      rateLimitPer5Min: config.ingress.wafRateLimitPer5Min,
      // Behind CloudFront every request comes from an edge address; CloudFront appends the viewer's to X-Forwarded-For.
      // WAF reads the header's first address, which a client can set: this keeps the limit from blocking whole edges,
      // it does not stop a client that forges the header.
      clientIpHeader: cdnConfig.enabled ? 'X-Forwarded-For' : undefined,
      logRetention: config.logRetentionDays,
      redactedHeaders: this.originLock ? [this.originLock.headerName.toLowerCase()] : [],
    });
    this.workQueue = new WorkQueue(this, 'Work', { stage: config.stage, queue: config.queue });

    const connections: AppConnections = {
      databaseWriterHost: database.primary.dbInstanceEndpointAddress,
      databaseReaderHosts: Fn.join(
        ',',
        (database.replicas.length ? database.replicas : [database.primary]).map((i) => i.dbInstanceEndpointAddress),
      ),
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
      originCondition: this.originLock?.condition,
    });
    this.workQueue.grantSend(this.api.taskDefinition.taskRole);

    // Created here, beside the service, because ECS rolls back on them by name.
    this.deploymentAlarms = createApiDeploymentAlarms(this, {
      stage: config.stage,
      loadBalancer: this.loadBalancer.loadBalancer,
      thresholds: config.monitoring.alarms,
      topic: props.alarmTopic,
      logGroups: [this.api.logGroup],
    });
    this.api.enableRollbackAlarms([alarmName(config.stage, 'api5xxRate'), alarmName(config.stage, 'apiLatencyP95')]);

    if (this.originLock && config.ingress.domainName) {
      this.cdn = new Cdn(this, 'Cdn', {
        stage: config.stage,
        config: cdnConfig,
        originDomainName: config.ingress.domainName,
        originLock: this.originLock,
        logRetentionDays: config.logRetentionDays,
      });
    }

    this.worker = new WorkerService(this, 'Worker', {
      stage: config.stage,
      cluster: this.cluster,
      worker: config.worker,
      queue: this.workQueue.queue,
      connections,
      logRetention: config.logRetentionDays,
    });

    const allowData = (name: string, source: ec2.ISecurityGroup) => [
      allowTcp(this, `${name}ToDatabase`, {
        target: database.securityGroup,
        source,
        port: database.port,
        description: `${name} tasks to PostgreSQL`,
      }),
      allowTcp(this, `${name}ToCache`, {
        target: cache.securityGroup,
        source,
        port: cache.port,
        description: `${name} tasks to the cache`,
      }),
    ];
    const apiRules = allowData('Api', this.api.securityGroup);
    // Tasks that start before their rules exist cannot reach their data, and enough failures trip the circuit breaker.
    this.api.service.node.addDependency(...apiRules);
    this.worker.service.node.addDependency(...allowData('Worker', this.worker.securityGroup));

    // The placeholder image has no migrations to run: skip them rather than fail the deploy.
    const runMigrations = config.delivery.migrations.enabled && !isPlaceholderImage(config.api.image);
    if (runMigrations) {
      this.migration = new DatabaseMigration(this, 'Migration', {
        stage: config.stage,
        cluster: this.cluster,
        taskDefinition: this.api.taskDefinition,
        containerName: 'api',
        image: config.api.image.uri,
        config: config.delivery.migrations,
        securityGroups: [this.api.securityGroup],
        logRetention: config.logRetentionDays,
      });
      // The task reaches the database and the cache through these rules; on a first deploy they must exist before it starts.
      this.migration.resource.node.addDependency(...apiRules);
      // New API and worker tasks start only after the migration task succeeded.
      this.api.service.node.addDependency(this.migration.resource);
      this.worker.service.node.addDependency(this.migration.resource);
    }
    this.placeholderNotice = placeholderNotice(config, config.delivery.migrations.enabled && !runMigrations);

    new CfnOutput(this, 'Url', { value: this.url, description: 'Public URL of the stage' });
  }
}

/** The synth notice for services that run the placeholder image; undefined when none does. */
function placeholderNotice(config: StageConfig, migrationsSkipped: boolean): string | undefined {
  const missing = (
    [
      ['apiImage', config.api.image],
      ['workerImage', config.worker.image],
    ] as const
  )
    .filter(([, image]) => isPlaceholderImage(image))
    .map(([key]) => `-c ${key}`);
  if (missing.length === 0) return undefined;
  return `${config.stage}: no app image given (${missing.join(', ')}); running the placeholder image${migrationsSkipped ? ' and skipping migrations' : ''}`;
}
