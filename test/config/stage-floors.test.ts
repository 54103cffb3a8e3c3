import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { STAGE_FLOORS, STAGES } from '../../lib/config/stages';
import { validateStageConfig } from '../../lib/config/validate';
import { configIssuesOf } from '../support/config-errors';

/**
 * The prod floors (stages.ts STAGE_FLOORS, checked by validate.ts): each one is accepted exactly at
 * the floor and refused one unit below it, with the message an operator reads. Pure: no aws-cdk-lib.
 */
const prodWith = (override: unknown) => validateStageConfig('prod', deepMerge(STAGES.prod, override)).map(formatIssue);

test('the prod floors are the product promises: 3 API tasks, 2 read replicas, Multi-AZ, 30-day backups, 3 cache nodes, deletion protection', () => {
  expect(STAGE_FLOORS.prod).toEqual({
    apiMinTasks: 3,
    databaseReadReplicas: 2,
    databaseMultiAz: true,
    databaseBackupRetentionDays: 30,
    cacheNodes: 3,
    deletionProtection: true,
  });
  expect(STAGE_FLOORS.dev).toBeUndefined();
  expect(STAGE_FLOORS.staging).toBeUndefined();
});

test('prod as shipped sits exactly on every floor, and is accepted', () => {
  const { api, database, cache } = STAGES.prod;
  expect([
    api.minCount,
    database.readReplicas,
    database.multiAz,
    database.backupRetentionDays,
    cache.nodes,
    database.deletionProtection,
  ]).toEqual([3, 2, true, 30, 3, true]);
  expect(validateStageConfig('prod', STAGES.prod)).toEqual([]);
});

describe.each([
  {
    floor: 'API tasks',
    at: { api: { minCount: 3, desiredCount: 3 } },
    below: { api: { minCount: 2, desiredCount: 3 } },
    message: 'prod.api.minCount: got 2; expected at least 3 in prod (the API must survive losing a task in each AZ)',
  },
  {
    floor: 'read replicas',
    at: { database: { readReplicas: 2 } },
    below: { database: { readReplicas: 1 } },
    message: 'prod.database.readReplicas: got 1; expected at least 2 in prod (reads are served by replicas)',
  },
  {
    floor: 'backup retention days',
    at: { database: { backupRetentionDays: 30 } },
    below: { database: { backupRetentionDays: 29 } },
    message: 'prod.database.backupRetentionDays: got 29; expected at least 30 in prod (backups are kept 30 days)',
  },
  {
    floor: 'cache nodes',
    at: { cache: { nodes: 3 } },
    below: { cache: { nodes: 2 } },
    message: 'prod.cache.nodes: got 2; expected at least 3 in prod (the cache must fail over within the region)',
  },
  {
    floor: 'Multi-AZ primary',
    at: { database: { multiAz: true } },
    below: { database: { multiAz: false } },
    message: 'prod.database.multiAz: got false; expected true in prod (the primary must survive an AZ outage)',
    // prod has replicas, so the single-AZ primary is also refused by the rule every stage has.
    alsoReported: [
      'prod.database.multiAz: got false; expected true when readReplicas > 0: a stage that needs read replicas must not have a single-AZ primary (set multiAz: true or readReplicas: 0)',
    ],
  },
  {
    floor: 'deletion protection',
    at: { database: { deletionProtection: true } },
    below: { database: { deletionProtection: false } },
    message: 'prod.database.deletionProtection: got false; expected true in prod (the database must not be deleted by accident)',
  },
] as { floor: string; at: unknown; below: unknown; message: string; alsoReported?: string[] }[])(
  'the prod floor on $floor',
  ({ at, below, message, alsoReported = [] }) => {
    test('is accepted exactly at the floor', () => {
      expect(prodWith(at)).toEqual([]);
    });

    test('is refused one unit below, with a message that names the field, the value and the floor', () => {
      expect(prodWith(below).sort()).toEqual([message, ...alsoReported].sort());
    });

    test('holds whatever an override says: a -c override below the floor is refused the same way', () => {
      const issues = configIssuesOf(() => resolveStageConfigs({ overrides: { prod: below }, allowPlaceholderImages: 'true' })).map(
        formatIssue,
      );
      expect(issues).toContain(message);
    });
  },
);

test('prod below every floor at once reports all six, not only the first', () => {
  const issues = prodWith({
    api: { minCount: 2 },
    database: { readReplicas: 1, multiAz: false, backupRetentionDays: 29, deletionProtection: false },
    cache: { nodes: 2 },
  });
  expect(issues.filter((issue) => / in prod \(/.test(issue)).map((issue) => issue.split(':')[0])).toEqual([
    'prod.api.minCount',
    'prod.database.readReplicas',
    'prod.database.backupRetentionDays',
    'prod.cache.nodes',
    'prod.database.multiAz',
    'prod.database.deletionProtection',
  ]);
});

test("the floors are prod's alone: staging may run below them (two API tasks, one replica, 14-day backups, two cache nodes)", () => {
  const staging = deepMerge(STAGES.staging, {
    api: { minCount: 2, desiredCount: 2 },
    database: { readReplicas: 1, backupRetentionDays: 14 },
    cache: { nodes: 2 },
  });
  expect(validateStageConfig('staging', staging)).toEqual([]);
});
