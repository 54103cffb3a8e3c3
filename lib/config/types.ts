import type { BackupConfig } from './backup';
import type { BackupStorageConfig } from './backup-storage';
import type { CostConfig } from './cost';
import type { CacheConfig, DatabaseConfig } from './data';
import type { DeliveryConfig } from './delivery';
import type { DrillsConfig } from './drills';
import type { MonitoringConfig } from './monitoring';
import type { NetworkConfig } from './network';
import type { RestoreTestConfig } from './restore-test';
import type { ApiServiceConfig, IngressConfig, QueueConfig, WorkerServiceConfig } from './services';
import type { StageName } from './stage-name';

export { STAGE_NAMES, type StageName } from './stage-name';
// Each slice's types live beside its defaults and validation; the constructs read them from here too.
export type { CacheConfig, DatabaseConfig, StatefulRemoval } from './data';
export type { NatConfig, NetworkConfig } from './network';
export type {
  ApiScalingConfig,
  ApiServiceConfig,
  ContainerImageConfig,
  CpuArchitecture,
  DeploymentConfig,
  DeploymentStrategyName,
  IngressConfig,
  QueueConfig,
  ScheduledCapacity,
  TaskSizing,
  WorkerServiceConfig,
} from './services';

/** Where a stage is deployed. Teams often keep prod in an account of its own. */
export interface StageEnvironment {
  /** 12-digit AWS account id. */
  readonly account: string;
  /** AWS region code, e.g. `eu-west-1`. */
  readonly region: string;
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
