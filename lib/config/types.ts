import type { BackupConfig } from './backup';
import type { BackupStorageConfig } from './backup-storage';
import type { CostConfig } from './cost';
import type { DeliveryConfig } from './delivery';
import type { DrillsConfig } from './drills';
import type { MonitoringConfig } from './monitoring';
import type { RestoreTestConfig } from './restore-test';

import type { StageName } from './stage-name';

export { STAGE_NAMES, type StageName } from './stage-name';

export type CpuArchitecture = 'ARM64' | 'X86_64';

/** Where a stage is deployed. Teams often keep prod in an account of its own. */
export interface StageEnvironment {
  /** 12-digit AWS account id. */
  readonly account: string;
  /** AWS region code, e.g. `eu-west-1`. */
  readonly region: string;
}

export interface NatConfig {
  /** `gateway`: managed NAT gateways (one per AZ is highly available); `instance`: one small EC2 NAT instance (cheap, dev). */
  readonly provider: 'gateway' | 'instance';
  /** How many NAT gateways or instances; at most one per AZ. */
  readonly count: number;
  /** EC2 instance type when provider is `instance` (ARM, e.g. `t4g.nano`). */
  readonly instanceType: string;
}

export interface NetworkConfig {
  /** VPC CIDR, a /16 to /24 private range. */
  readonly cidr: string;
  /** Explicit AZs of the stage's region, so synth never looks them up (2 in dev, 3 in staging and prod). */
  readonly availabilityZones: readonly string[];
  readonly nat: NatConfig;
  /** Days to keep VPC flow logs. */
  readonly flowLogRetentionDays: number;
}

export interface IngressConfig {
  /** ACM certificate ARN for the HTTPS listener; without it the ALB serves plain HTTP (dev only). @default none */
  readonly certificateArn?: string;
  /** DNS name users reach the stage at, served by the certificate. @default none */
  readonly domainName?: string;
  /** Path the load balancer checks on every API task. */
  readonly healthCheckPath: string;
  /** Seconds a deregistering task keeps draining connections (<= 30 keeps deploys quick). */
  readonly deregistrationDelaySeconds: number;
  /** ALB idle timeout in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Requests one client may send in any 5 minutes before the WAF blocks it (100 to 2,000,000,000). */
  readonly wafRateLimitPer5Min: number;
}

/** A container image and, for the default image only, the arguments it needs. */
export interface ContainerImageConfig {
  /** Image URI; CI sets it with `-c apiImage=<uri>` / `-c workerImage=<uri>`. */
  readonly uri: string;
  /** Command override; cleared when the image is overridden. @default the image's own */
  readonly command?: readonly string[];
  /**
   * User the container runs as, never root: a numeric uid, `uid:gid`, or a user name the image
   * defines (`name` or `name:group`). The image must run as it with a read-only root filesystem
   * (only `/tmp` is writable). Kept when `-c apiImage` / `-c workerImage` replace the image.
   */
  readonly user: string;
}

export interface TaskSizing {
  /** Fargate CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Fargate memory in MiB; must pair with cpu. */
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly image: ContainerImageConfig;
}

export interface ApiScalingConfig {
  /** Target tracking on average CPU, percent. */
  readonly cpuTargetPercent: number;
  /** Target tracking on average memory, percent. */
  readonly memoryTargetPercent: number;
  /** Target tracking on ALB requests per target per minute. */
  readonly requestsPerTarget: number;
  /** Step scaling out when p95 target response time exceeds this many seconds. */
  readonly latencyScaleOutSeconds: number;
}

export type DeploymentStrategyName = 'rolling' | 'blue-green' | 'canary' | 'linear';

export interface DeploymentConfig {
  /** ECS-native deployment strategy for the API. Blue/green, canary and linear shift ALB traffic between two target groups. */
  readonly strategy: DeploymentStrategyName;
  /** Percent of traffic the canary receives first (canary only). */
  readonly canaryPercent: number;
  /** Percent of traffic shifted per step (linear only). */
  readonly linearStepPercent: number;
  /** Minutes to watch alarms after the traffic shift before finishing. */
  readonly bakeMinutes: number;
}

export interface ScheduledCapacity {
  /** Readable name, e.g. `night`. */
  readonly name: string;
  /** EventBridge-style cron `cron(min hour dom month dow year)` in UTC. */
  readonly schedule: string;
  readonly minCount: number;
  readonly maxCount: number;
}

export interface ApiServiceConfig extends TaskSizing {
  readonly containerPort: number;
  /** Tasks at deploy time. */
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Seconds ECS ignores failing ALB health checks after a task starts. */
  readonly healthCheckGraceSeconds: number;
  /** Lowest percent of desired tasks kept running during a rolling deploy (100 in prod). */
  readonly minHealthyPercent: number;
  readonly scaling: ApiScalingConfig;
  readonly deployment: DeploymentConfig;
  /** Scheduled capacity changes, e.g. dev down to 0 at night. @default none */
  readonly scheduledCapacity: readonly ScheduledCapacity[];
}

export interface WorkerServiceConfig extends TaskSizing {
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Percent of worker tasks placed on Fargate Spot (0 = none). */
  readonly spotPercent: number;
  /** Visible messages above which the worker scales out hard. */
  readonly backlogScaleOutMessages: number;
  readonly scheduledCapacity: readonly ScheduledCapacity[];
}

export interface QueueConfig {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
}

/** What happens to a stateful resource when its stack or resource is deleted. */
export type StatefulRemoval = 'snapshot' | 'retain';

export interface DatabaseConfig {
  /** PostgreSQL version `major.minor`, e.g. `18.3`. */
  readonly engineVersion: string;
  /** RDS instance class, e.g. `db.r7g.large`. */
  readonly instanceClass: string;
  /** Read replicas' class. @default the primary's class */
  readonly replicaInstanceClass?: string;
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling. */
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Read replicas, 0 to 5, spread over the stage's AZs. */
  readonly readReplicas: number;
  /** Days of automated backups (point-in-time recovery window), 1 to 35. */
  readonly backupRetentionDays: number;
  /** Daily automated-backup window, UTC `hh:mm-hh:mm`, at least 30 minutes, clear of the maintenance window. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes. */
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly performanceInsights: boolean;
  /** Name of the application database. */
  readonly databaseName: string;
  readonly removal: StatefulRemoval;
}

export interface CacheConfig {
  readonly engine: 'valkey' | 'redis';
  /** Engine version `major.minor`. */
  readonly engineVersion: string;
  /** e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Nodes in the replication group (1 primary + replicas); > 1 enables automatic failover and Multi-AZ. */
  readonly nodes: number;
  /** Days ElastiCache keeps its daily automatic snapshots. */
  readonly snapshotRetentionDays: number;
  /** Daily automatic snapshot window, UTC `hh:mm-hh:mm`, at least 60 minutes, clear of the maintenance window. */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`, at least 60 minutes. */
  readonly maintenanceWindow: string;
  readonly removal: StatefulRemoval | 'destroy';
}

export interface StageConfig {
  readonly stage: StageName;
  /** Project tag on every resource; also the prefix of SSM parameter paths. */
  readonly project: string;
  readonly env: StageEnvironment;
  /** Termination protection on the stateful stacks (network, data). */
  readonly terminationProtection: boolean;
  readonly network: NetworkConfig;
  readonly ingress: IngressConfig;
  readonly api: ApiServiceConfig;
  readonly worker: WorkerServiceConfig;
  readonly queue: QueueConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  /** Days to keep application and function logs. */
  readonly logRetentionDays: number;
  /** Alert emails, alarm thresholds and the dashboard. */
  readonly monitoring: MonitoringConfig;
  /** Snapshots (database, cache), their DR copy, retention and freshness. */
  readonly backup: BackupConfig;
  /** Backup and log-archive buckets, logical dumps, configuration backups. */
  readonly backupStorage: BackupStorageConfig;
  /** Scheduled restore tests of the database and the cache. */
  readonly restoreTest: RestoreTestConfig;
  /** Synthetic health check and failover drills. */
  readonly recovery: DrillsConfig;
  /** Budgets, anomaly alerts and cost reports. */
  readonly cost: CostConfig;
  /** CI access (OIDC), migrations at deploy, CDN. */
  readonly delivery: DeliveryConfig;
}

/** A partial config as an override file holds it: any field at any depth may be left out. */
export type DeepPartial<T> = T extends readonly (infer _U)[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
