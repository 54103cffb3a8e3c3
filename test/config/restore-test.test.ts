import { formatIssue } from '../../lib/config/config-issue';
import { RESTORE_TEST_DEFAULTS, validateRestoreTestConfig, type RestoreTestConfig } from '../../lib/config/restore-test';

const good: RestoreTestConfig = RESTORE_TEST_DEFAULTS.prod;
const PATH = 'prod.restoreTest';

describe('restore-test config defaults', () => {
  it.each(Object.entries(RESTORE_TEST_DEFAULTS))('%s is valid', (_stage, config) => {
    expect(validateRestoreTestConfig(config, PATH)).toEqual([]);
  });

  it('runs weekly with a two-hour deadline, a one-hour RTO target and a six-hour sweeper', () => {
    expect(good).toMatchObject({
      schedule: 'cron(0 6 ? * SUN *)',
      timeoutMinutes: 120,
      rtoTargetMinutes: 60,
      rowCountTolerancePercent: 5,
      keyCountTolerancePercent: 10,
      sweeperMaxAgeHours: 6,
    });
  });

  it('accepts custom checks and a freshness query', () => {
    expect(
      validateRestoreTestConfig(
        {
          ...good,
          expectedTables: ['app.orders'],
          sqlChecks: [{ name: 'has-orders', sql: 'select count(*) > 0 from app.orders' }],
          freshnessQuery: 'select max(updated_at) from app.orders',
        },
        PATH,
      ),
    ).toEqual([]);
  });
});

describe('validateRestoreTestConfig rejects', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown setting', { timeoutMinute: 90 }, `${PATH}.timeoutMinute`, 'known settings here'],
    ['a non-boolean enabled', { enabled: 'yes' }, `${PATH}.enabled`, 'true or false'],
    ['a schedule that is not EventBridge syntax', { schedule: '0 6 * * 0' }, `${PATH}.schedule`, 'EventBridge schedule'],
    ['an unknown mode', { mode: 'latest' }, `${PATH}.mode`, '"snapshot", "pointInTime"'],
    ['an unknown snapshot source', { snapshotSource: 'shared' }, `${PATH}.snapshotSource`, '"manual", "automated", "any"'],
    ['an instance class without the db. prefix', { instanceClass: 't4g.medium' }, `${PATH}.instanceClass`, 'RDS instance class'],
    ['a cache node type without the cache. prefix', { cacheNodeType: 't4g.micro' }, `${PATH}.cacheNodeType`, 'ElastiCache node type'],
    ['a deadline under 30 minutes', { timeoutMinutes: 10 }, `${PATH}.timeoutMinutes`, 'an integer from 30 to 1440'],
    ['an RTO target beyond the deadline', { rtoTargetMinutes: 180 }, `${PATH}.rtoTargetMinutes`, 'an integer from 1 to 120'],
    ['expected tables that are not a list', { expectedTables: 'app.orders' }, `${PATH}.expectedTables`, 'a list of table names'],
    ['a table name without a schema', { expectedTables: ['orders'] }, `${PATH}.expectedTables[0]`, 'schema.table'],
    ['a table listed twice', { expectedTables: ['app.orders', 'app.orders'] }, `${PATH}.expectedTables[1]`, 'each table listed once'],
    [
      'a row-count tolerance over 100',
      { rowCountTolerancePercent: 150 },
      `${PATH}.rowCountTolerancePercent`,
      'a number from 0 to 100 percent',
    ],
    [
      'a negative key-count tolerance',
      { keyCountTolerancePercent: -1 },
      `${PATH}.keyCountTolerancePercent`,
      'a number from 0 to 100 percent',
    ],
    ['sql checks that are not a list', { sqlChecks: { name: 'x', sql: 'select true' } }, `${PATH}.sqlChecks`, 'a list of { name, sql }'],
    ['a check that is not an object', { sqlChecks: ['select true'] }, `${PATH}.sqlChecks[0]`, 'an object'],
    [
      'a check name with spaces',
      { sqlChecks: [{ name: 'has orders', sql: 'select true' }] },
      `${PATH}.sqlChecks[0].name`,
      'lowercase letters, digits and hyphens',
    ],
    [
      'two checks with one name',
      {
        sqlChecks: [
          { name: 'a', sql: 'select true' },
          { name: 'a', sql: 'select true' },
        ],
      },
      `${PATH}.sqlChecks[1].name`,
      'a name no other check uses',
    ],
    ['a check without sql', { sqlChecks: [{ name: 'a', sql: ' ' }] }, `${PATH}.sqlChecks[0].sql`, 'one row whose first column is true'],
    [
      'a check with an unknown field',
      { sqlChecks: [{ name: 'a', sql: 'select true', expect: 1 }] },
      `${PATH}.sqlChecks[0].expect`,
      'known settings here: name, sql',
    ],
    ['an empty freshness query', { freshnessQuery: '' }, `${PATH}.freshnessQuery`, 'a query returning one timestamp'],
    [
      'a sweeper that could delete a running test',
      { sweeperMaxAgeHours: 2 },
      `${PATH}.sweeperMaxAgeHours`,
      'an integer from 3 to 168 (hours)',
    ],
    [
      'checks too large for the Lambda environment',
      {
        sqlChecks: Array.from({ length: 40 }, (_, i) => ({
          name: `check-${i}`,
          sql: `select count(*) > 0 from app.some_rather_long_table_name_${i}`,
        })),
      },
      `${PATH}.sqlChecks`,
      'at most 3000 characters',
    ],
  ])('%s', (_what, override, path, expected) => {
    const issues = validateRestoreTestConfig({ ...good, ...override }, PATH);
    expect(issues).toEqual([expect.objectContaining({ path, expected: expect.stringContaining(expected) })]);
    expect(formatIssue(issues[0])).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: got .+; expected `));
  });

  it('a value that is not an object', () => {
    expect(validateRestoreTestConfig('weekly', PATH)).toEqual([{ path: PATH, value: 'weekly', expected: 'an object' }]);
  });

  it('reports every problem at once', () => {
    const issues = validateRestoreTestConfig({ ...good, enabled: 1, mode: 'x', timeoutMinutes: 5, rowCountTolerancePercent: 'five' }, PATH);
    expect(issues.map((issue) => issue.path)).toEqual([
      `${PATH}.enabled`,
      `${PATH}.mode`,
      `${PATH}.timeoutMinutes`,
      `${PATH}.rowCountTolerancePercent`,
    ]);
  });

  it('reports every missing setting', () => {
    const issues = validateRestoreTestConfig({}, PATH);
    expect(issues.map((issue) => issue.path)).toEqual(
      [
        'enabled',
        'schedule',
        'mode',
        'snapshotSource',
        'instanceClass',
        'cacheNodeType',
        'timeoutMinutes',
        'rtoTargetMinutes',
        'expectedTables',
        'rowCountTolerancePercent',
        'keyCountTolerancePercent',
        'sqlChecks',
        'sweeperMaxAgeHours',
        'dr',
      ].map((key) => `${PATH}.${key}`),
    );
  });
});
