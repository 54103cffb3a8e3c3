import { isBoolean, isObject, matches, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import { prop } from './read';
import { STAGE_FLOORS } from './stages';
import { StageConfig, StageName } from './types';
import { validateCache, validateDatabase } from './validate-data';
import { checkLogRetention, checkRegion, validateNetwork } from './validate-network';
import { validateApi, validateIngress, validateQueue, validateWorker } from './validate-services';

const TOP_LEVEL_KEYS: readonly (keyof StageConfig)[] = [
  'stage', 'project', 'env', 'terminationProtection', 'network', 'ingress', 'api', 'worker', 'queue', 'database', 'cache', 'logRetentionDays',
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
    ...validateNetwork(prop(config, 'network'), `${p}.network`, region),
    ...validateIngress(prop(config, 'ingress'), `${p}.ingress`, region),
    ...validateApi(prop(config, 'api'), `${p}.api`),
    ...validateWorker(prop(config, 'worker'), `${p}.worker`),
    ...validateQueue(prop(config, 'queue'), `${p}.queue`),
    ...validateDatabase(prop(config, 'database'), `${p}.database`),
    ...validateCache(prop(config, 'cache'), `${p}.cache`),
    ...checkLogRetention(prop(config, 'logRetentionDays'), `${p}.logRetentionDays`),
  ];
  return [...issues, ...checkFloor(stage, config)];
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
    ...atLeast(prop(db, 'backupRetentionDays'), `${stage}.database.backupRetentionDays`, floor.databaseBackupRetentionDays, 'backups are kept 30 days'),
    ...atLeast(prop(cache, 'nodes'), `${stage}.cache.nodes`, floor.cacheNodes, 'the cache must fail over within the region'),
    ...mustBe(prop(db, 'multiAz'), `${stage}.database.multiAz`, floor.databaseMultiAz, 'the primary must survive an AZ outage'),
    ...mustBe(prop(db, 'deletionProtection'), `${stage}.database.deletionProtection`, floor.deletionProtection, 'the database must not be deleted by accident'),
  ];
}
