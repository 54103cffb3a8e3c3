import { validateBackupConfig } from './backup';
import { validateBackupStorageConfig } from './backup-storage';
import { checkLogRetention, checkRegion, isBoolean, isObject, matches, unknownKeys } from './checks';
import { validateCostConfig } from './cost';
import { validateDeliveryConfig } from './delivery';
import { validateDrillsConfig, validateDrillTargets } from './drills';
import { validateMonitoringConfig } from './monitoring';
import { validateRestoreTestConfig } from './restore-test';
import { ConfigIssue } from './config-issue';
import { prop } from './read';
import { checkServiceLimits } from './service-limits';
import { STAGE_FLOORS } from './stages';
import { StageName } from './stage-name';
import { StageConfig } from './types';
import { validateCacheConfig, validateDatabaseConfig } from './data';
import { validateNetworkConfig } from './network';
import { validateApiConfig, validateIngressConfig, validateQueueConfig, validateWorkerConfig } from './services';

const TOP_LEVEL_KEYS: readonly (keyof StageConfig)[] = [
  'stage',
  'project',
  'env',
  'terminationProtection',
  'network',
  'ingress',
  'api',
  'worker',
  'queue',
  'database',
  'cache',
  'logRetentionDays',
  'monitoring',
  'backup',
  'backupStorage',
  'restoreTest',
  'recovery',
  'cost',
  'delivery',
];

/**
 * Checks one stage's configuration and returns every problem found, each with its path
 * (prefixed with the stage name), the value found and what is allowed.
 */
export function validateStageConfig(stage: StageName, config: unknown): ConfigIssue[] {
  const p = stage;
  if (isObject(config, p).length) return isObject(config, p);
  const env = prop(config, 'env');
  const region = prop(env, 'region');
  const issues: ConfigIssue[] = [
    ...unknownKeys(config, p, TOP_LEVEL_KEYS),
    ...(prop(config, 'stage') === stage ? [] : [{ path: `${p}.stage`, value: prop(config, 'stage'), expected: JSON.stringify(stage) }]),
    ...matches(prop(config, 'project'), `${p}.project`, /^[a-z][a-z0-9-]{1,30}$/, 'a short lower-case name, e.g. "webapp"'),
    ...unknownKeys(env, `${p}.env`, ['account', 'region']),
    ...matches(prop(env, 'account'), `${p}.env.account`, /^\d{12}$/, 'a 12-digit AWS account id'),
    ...checkRegion(region, `${p}.env.region`),
    ...isBoolean(prop(config, 'terminationProtection'), `${p}.terminationProtection`),
    ...validateNetworkConfig(prop(config, 'network'), `${p}.network`, region),
    ...validateIngressConfig(prop(config, 'ingress'), `${p}.ingress`),
    ...validateApiConfig(prop(config, 'api'), `${p}.api`),
    ...validateWorkerConfig(prop(config, 'worker'), `${p}.worker`),
    ...validateQueueConfig(prop(config, 'queue'), `${p}.queue`),
    ...validateDatabaseConfig(prop(config, 'database'), `${p}.database`),
    ...validateCacheConfig(prop(config, 'cache'), `${p}.cache`),
    ...checkLogRetention(prop(config, 'logRetentionDays'), `${p}.logRetentionDays`),
    ...validateMonitoringConfig(prop(config, 'monitoring'), `${p}.monitoring`),
    ...validateBackupConfig(prop(config, 'backup'), `${p}.backup`),
    ...validateBackupStorageConfig(prop(config, 'backupStorage'), `${p}.backupStorage`),
    ...validateRestoreTestConfig(prop(config, 'restoreTest'), `${p}.restoreTest`, prop(prop(config, 'backup'), 'drRegion')),
    ...validateDrillsConfig(prop(config, 'recovery'), `${p}.recovery`, stage),
    ...validateCostConfig(prop(config, 'cost'), `${p}.cost`),
    ...validateDeliveryConfig(prop(config, 'delivery'), `${p}.delivery`),
  ];
  const found = [...issues, ...checkFloor(stage, config), ...drRegionDiffers(p, region, prop(prop(config, 'backup'), 'drRegion'))];
  return [...found, ...newPaths(found, checkServiceLimits(config, stage)), ...(issues.length ? [] : crossChecks(config as StageConfig))];
}

/**
 * The service-limit rows (service-limits.ts) run on every config, valid or not, so all problems show
 * at once. A field gets one message: a row's issue on a path a slice validator already reported
 * (slices share the rows' checkers) is left out.
 */
function newPaths(found: readonly ConfigIssue[], rows: readonly ConfigIssue[]): ConfigIssue[] {
  const reported = new Set(found.map((issue) => issue.path));
  return rows.filter((issue) => !reported.has(issue.path) && reported.add(issue.path));
}

/** Rules across slices; run only on an otherwise valid config so their inputs can be trusted. */
function crossChecks(config: StageConfig): ConfigIssue[] {
  const p = config.stage;
  const issues: ConfigIssue[] = [];
  if (config.delivery.cdn.enabled && !(config.ingress.certificateArn && config.ingress.domainName)) {
    issues.push({
      path: `${p}.ingress.domainName`,
      value: config.ingress.domainName,
      expected:
        'a DNS name covered by ingress.certificateArn when delivery.cdn.enabled: CloudFront reaches the ALB over HTTPS and checks its certificate (e.g. "origin.app.example.com")',
    });
  }
  issues.push(
    ...validateDrillTargets(
      config.recovery.drills,
      { databaseMultiAz: config.database.multiAz, cacheNodes: config.cache.nodes, apiMinCount: config.api.minCount },
      `${p}.recovery.drills`,
    ),
  );
  return issues;
}

/**
 * The off-site copy must leave the stage's region. Checked on every config, not only a valid one:
 * a DR region set to the stage's own also makes the DR AZs look wrong, and this says why.
 */
function drRegionDiffers(p: string, region: unknown, drRegion: unknown): ConfigIssue[] {
  return typeof region === 'string' && drRegion === region
    ? [
        {
          path: `${p}.backup.drRegion`,
          value: drRegion,
          expected: `a region other than the stage's own (${region}): the off-site copy must survive a regional outage`,
        },
      ]
    : [];
}

/** The product's promises for a stage (e.g. prod: 3+ API tasks, 2 replicas, 3 cache nodes) hold whatever an override says. */
function checkFloor(stage: StageName, config: unknown): ConfigIssue[] {
  const floor = STAGE_FLOORS[stage];
  if (!floor) return [];
  const api = prop(config, 'api');
  const db = prop(config, 'database');
  const cache = prop(config, 'cache');
  const atLeast = (value: unknown, path: string, min: number, why: string): ConfigIssue[] =>
    typeof value === 'number' && value < min ? [{ path, value, expected: `at least ${min} in ${stage} (${why})` }] : [];
  const mustBe = (value: unknown, path: string, wanted: boolean, why: string): ConfigIssue[] =>
    wanted && value === false ? [{ path, value, expected: `true in ${stage} (${why})` }] : [];
  return [
    ...atLeast(prop(api, 'minCount'), `${stage}.api.minCount`, floor.apiMinTasks, 'the API must survive losing a task in each AZ'),
    ...atLeast(prop(db, 'readReplicas'), `${stage}.database.readReplicas`, floor.databaseReadReplicas, 'reads are served by replicas'),
    ...atLeast(
      prop(db, 'backupRetentionDays'),
      `${stage}.database.backupRetentionDays`,
      floor.databaseBackupRetentionDays,
      'backups are kept 30 days',
    ),
    ...atLeast(prop(cache, 'nodes'), `${stage}.cache.nodes`, floor.cacheNodes, 'the cache must fail over within the region'),
    ...mustBe(prop(db, 'multiAz'), `${stage}.database.multiAz`, floor.databaseMultiAz, 'the primary must survive an AZ outage'),
    ...mustBe(
      prop(db, 'deletionProtection'),
      `${stage}.database.deletionProtection`,
      floor.deletionProtection,
      'the database must not be deleted by accident',
    ),
  ];
}
