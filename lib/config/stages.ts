import { BACKUP_DEFAULTS } from './backup';
import { BACKUP_STORAGE_DEFAULTS } from './backup-storage';
import { COST_DEFAULTS } from './cost';
import { DELIVERY_DEFAULTS } from './delivery';
import { DRILLS_DEFAULTS } from './drills';
import { MONITORING_DEFAULTS } from './monitoring';
import { RESTORE_TEST_DEFAULTS } from './restore-test';
import { DEFAULT_IMAGE } from './images';
import { StageName } from './stage-name';
import { StageConfig } from './types';

/** The operations slices of one stage, from each feature's own defaults table. */
function operations(stage: StageName) {
  return {
    monitoring: MONITORING_DEFAULTS[stage],
    backup: BACKUP_DEFAULTS[stage],
    backupStorage: BACKUP_STORAGE_DEFAULTS[stage],
    restoreTest: RESTORE_TEST_DEFAULTS[stage],
    recovery: DRILLS_DEFAULTS[stage],
    cost: COST_DEFAULTS[stage],
    delivery: DELIVERY_DEFAULTS[stage],
  };
}

export { DEFAULT_IMAGE, NON_ROOT_USER } from './images';

/**
 * Workers run on demand: Fargate Spot places no ARM64 task (ECS guide, "Fargate capacity providers"),
 * and the workers stay on the small ARM tasks. Spot needs `architecture: 'X86_64'` beside it.
 */
const WORKER_SPOT_PERCENT = 0;

const PROJECT = 'webapp';
const POSTGRES_VERSION = '18.3';
const CACHE_ENGINE = { engine: 'valkey', engineVersion: '8.0' } as const;

/** The product's scale-out thresholds: CPU 70 %, memory 80 %, p95 response time over 2 s. */
const PRODUCT_SCALING = { cpuTargetPercent: 70, memoryTargetPercent: 80, requestsPerTarget: 1000, latencyScaleOutSeconds: 2 } as const;
/** The product's queue threshold: more than 1000 pending messages means scale out hard. */
const PRODUCT_BACKLOG_SCALE_OUT = 1000;
const REGION = 'eu-west-1';

/**
 * Backup and maintenance windows (UTC), away from each other and from the snapshot jobs in
 * backup.ts (the service-limits table checks both). Same in every stage: off-peak for eu-west-1.
 */
const DATABASE_WINDOWS = { backupWindow: '02:00-02:45', maintenanceWindow: 'sun:04:00-sun:05:00' } as const;
const CACHE_WINDOWS = { snapshotWindow: '03:00-04:00', maintenanceWindow: 'sun:05:00-sun:06:00' } as const;

/**
 * The stage tables. Placeholder account ids: replace them here, in an override file
 * (`-c configFile=overrides.json`), or with `-c stage=<name> -c account=<id>` at deploy time.
 */
export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    stage: 'dev',
    project: PROJECT,
    env: { account: '111111111111', region: REGION },
    terminationProtection: false,
    network: {
      cidr: '10.10.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      nat: { provider: 'instance', count: 1, instanceType: 't4g.nano' },
      flowLogRetentionDays: 7,
    },
    ingress: { healthCheckPath: '/health', deregistrationDelaySeconds: 10, idleTimeoutSeconds: 60, wafRateLimitPer5Min: 2000 },
    api: {
      cpu: 256,
      memoryMiB: 512,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      containerPort: 8080,
      desiredCount: 1,
      minCount: 1,
      maxCount: 2,
      healthCheckGraceSeconds: 60,
      minHealthyPercent: 0,
      scaling: PRODUCT_SCALING,
      deployment: { strategy: 'rolling', canaryPercent: 10, linearStepPercent: 25, bakeMinutes: 0 },
      scheduledCapacity: [],
    },
    worker: {
      cpu: 256,
      memoryMiB: 512,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      desiredCount: 1,
      minCount: 1,
      maxCount: 2,
      spotPercent: WORKER_SPOT_PERCENT,
      backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
      scheduledCapacity: [],
    },
    queue: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 4 },
    database: {
      engineVersion: POSTGRES_VERSION,
      instanceClass: 'db.t4g.micro',
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: false,
      readReplicas: 0,
      backupRetentionDays: 7,
      ...DATABASE_WINDOWS,
      deletionProtection: false,
      performanceInsights: false,
      databaseName: 'app',
      removal: 'snapshot',
    },
    cache: {
      ...CACHE_ENGINE,
      nodeType: 'cache.t4g.micro',
      nodes: 1,
      snapshotRetentionDays: 7,
      ...CACHE_WINDOWS,
      removal: 'destroy',
    },
    logRetentionDays: 14,
    ...operations('dev'),
  },
  staging: {
    stage: 'staging',
    project: PROJECT,
    env: { account: '222222222222', region: REGION },
    terminationProtection: false,
    network: {
      cidr: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      nat: { provider: 'gateway', count: 1, instanceType: 't4g.nano' },
      flowLogRetentionDays: 30,
    },
    ingress: { healthCheckPath: '/health', deregistrationDelaySeconds: 20, idleTimeoutSeconds: 60, wafRateLimitPer5Min: 2000 },
    api: {
      cpu: 512,
      memoryMiB: 1024,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      containerPort: 8080,
      desiredCount: 2,
      minCount: 2,
      maxCount: 4,
      healthCheckGraceSeconds: 60,
      minHealthyPercent: 50,
      scaling: PRODUCT_SCALING,
      deployment: { strategy: 'blue-green', canaryPercent: 10, linearStepPercent: 25, bakeMinutes: 5 },
      scheduledCapacity: [],
    },
    worker: {
      cpu: 256,
      memoryMiB: 512,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      desiredCount: 1,
      minCount: 1,
      maxCount: 4,
      spotPercent: WORKER_SPOT_PERCENT,
      backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
      scheduledCapacity: [],
    },
    queue: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 4 },
    database: {
      engineVersion: POSTGRES_VERSION,
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 50,
      maxAllocatedStorageGb: 200,
      multiAz: true,
      readReplicas: 1,
      backupRetentionDays: 14,
      ...DATABASE_WINDOWS,
      deletionProtection: true,
      performanceInsights: true,
      databaseName: 'app',
      removal: 'snapshot',
    },
    cache: {
      ...CACHE_ENGINE,
      nodeType: 'cache.t4g.small',
      nodes: 2,
      snapshotRetentionDays: 7,
      ...CACHE_WINDOWS,
      removal: 'snapshot',
    },
    logRetentionDays: 30,
    ...operations('staging'),
  },
  prod: {
    stage: 'prod',
    project: PROJECT,
    env: { account: '333333333333', region: REGION },
    terminationProtection: true,
    network: {
      cidr: '10.30.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      nat: { provider: 'gateway', count: 3, instanceType: 't4g.nano' },
      flowLogRetentionDays: 90,
    },
    // Placeholders: prod serves HTTPS behind CloudFront; set your certificates and names (README, Deploying a stage).
    ingress: {
      certificateArn: 'arn:aws:acm:eu-west-1:333333333333:certificate/00000000-0000-4000-8000-000000000000',
      domainName: 'origin.app.example.com',
      healthCheckPath: '/health',
      deregistrationDelaySeconds: 30,
      idleTimeoutSeconds: 60,
      wafRateLimitPer5Min: 10000,
    },
    api: {
      cpu: 1024,
      memoryMiB: 2048,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      containerPort: 8080,
      desiredCount: 3,
      minCount: 3,
      maxCount: 10,
      healthCheckGraceSeconds: 60,
      minHealthyPercent: 100,
      scaling: PRODUCT_SCALING,
      deployment: { strategy: 'canary', canaryPercent: 10, linearStepPercent: 20, bakeMinutes: 10 },
      scheduledCapacity: [],
    },
    worker: {
      cpu: 512,
      memoryMiB: 1024,
      architecture: 'ARM64',
      image: DEFAULT_IMAGE,
      desiredCount: 2,
      minCount: 2,
      maxCount: 10,
      spotPercent: WORKER_SPOT_PERCENT,
      backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
      scheduledCapacity: [],
    },
    queue: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 14 },
    database: {
      engineVersion: POSTGRES_VERSION,
      instanceClass: 'db.r7g.large',
      allocatedStorageGb: 500,
      maxAllocatedStorageGb: 1000,
      multiAz: true,
      readReplicas: 2,
      backupRetentionDays: 30,
      ...DATABASE_WINDOWS,
      deletionProtection: true,
      performanceInsights: true,
      databaseName: 'app',
      removal: 'retain',
    },
    cache: {
      ...CACHE_ENGINE,
      nodeType: 'cache.r7g.large',
      nodes: 3,
      snapshotRetentionDays: 7,
      ...CACHE_WINDOWS,
      removal: 'snapshot',
    },
    logRetentionDays: 30,
    ...operations('prod'),
    delivery: {
      ...DELIVERY_DEFAULTS.prod,
      cdn: {
        ...DELIVERY_DEFAULTS.prod.cdn,
        certificateArn: 'arn:aws:acm:us-east-1:333333333333:certificate/00000000-0000-4000-8000-000000000001',
        domainNames: ['app.example.com'],
      },
    },
  },
};

/**
 * Floors a stage may not go below, whatever an override says: the product's promises for prod.
 * Stage values are data; the validator reads this table rather than testing stage names.
 */
export interface StageFloor {
  readonly apiMinTasks: number;
  readonly databaseReadReplicas: number;
  readonly databaseMultiAz: boolean;
  readonly databaseBackupRetentionDays: number;
  readonly cacheNodes: number;
  readonly deletionProtection: boolean;
}

export const STAGE_FLOORS: Readonly<Partial<Record<StageName, StageFloor>>> = {
  prod: {
    apiMinTasks: 3,
    databaseReadReplicas: 2,
    databaseMultiAz: true,
    databaseBackupRetentionDays: 30,
    cacheNodes: 3,
    deletionProtection: true,
  },
};
