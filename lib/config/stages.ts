import { BACKUP_DEFAULTS } from './backup';
import { BACKUP_STORAGE_DEFAULTS } from './backup-storage';
import { COST_DEFAULTS } from './cost';
import { CACHE_DEFAULTS, DATABASE_DEFAULTS } from './data';
import { DELIVERY_DEFAULTS } from './delivery';
import { DRILLS_DEFAULTS } from './drills';
import { MONITORING_DEFAULTS } from './monitoring';
import { NETWORK_DEFAULTS } from './network';
import { RESTORE_TEST_DEFAULTS } from './restore-test';
import { API_DEFAULTS, INGRESS_DEFAULTS, QUEUE_DEFAULTS, WORKER_DEFAULTS } from './services';
import { StageName } from './stage-name';
import { StageConfig } from './types';

/** Every slice of one stage, from each slice's own defaults table, in StageConfig's order. */
function slices(stage: StageName) {
  return {
    network: NETWORK_DEFAULTS[stage],
    ingress: INGRESS_DEFAULTS[stage],
    api: API_DEFAULTS[stage],
    worker: WORKER_DEFAULTS[stage],
    queue: QUEUE_DEFAULTS[stage],
    database: DATABASE_DEFAULTS[stage],
    cache: CACHE_DEFAULTS[stage],
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

const PROJECT = 'webapp';
const REGION = 'eu-west-1';

/**
 * The stage tables: each stage's identity and account, then its slices. Placeholder account ids,
 * certificates and domain names: replace them here, in an override file
 * (`-c configFile=overrides.json`), or with `-c stage=<name> -c account=<id>` at deploy time.
 */
export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    stage: 'dev',
    project: PROJECT,
    env: { account: '111111111111', region: REGION },
    terminationProtection: false,
    logRetentionDays: 14,
    ...slices('dev'),
  },
  staging: {
    stage: 'staging',
    project: PROJECT,
    env: { account: '222222222222', region: REGION },
    terminationProtection: false,
    logRetentionDays: 30,
    ...slices('staging'),
  },
  prod: {
    stage: 'prod',
    project: PROJECT,
    env: { account: '333333333333', region: REGION },
    terminationProtection: true,
    logRetentionDays: 30,
    ...slices('prod'),
    // Placeholders: prod serves HTTPS behind CloudFront; set your certificates and names (docs/deploying.md).
    ingress: {
      certificateArn: 'arn:aws:acm:eu-west-1:333333333333:certificate/00000000-0000-4000-8000-000000000000',
      domainName: 'origin.app.example.com',
      ...INGRESS_DEFAULTS.prod,
    },
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
