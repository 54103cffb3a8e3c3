import { BACKUP_DEFAULTS, validateBackupConfig } from '../../lib/config/backup';
import { formatIssue } from '../../lib/config/config-issue';

const PATH = 'prod.backup';
const valid = BACKUP_DEFAULTS.prod;

it.each(Object.entries(BACKUP_DEFAULTS))('the %s defaults are valid', (_stage, config) => {
  expect(validateBackupConfig(config, PATH)).toEqual([]);
});

it('keeps prod snapshots 30 days (7 newest always), cache snapshots 7 days, and copies them to another region', () => {
  expect(BACKUP_DEFAULTS.prod).toMatchObject({
    snapshotRetentionDays: 30,
    keepLatestSnapshots: 7,
    cacheSnapshotRetentionDays: 7,
    dryRunRetention: false,
  });
  expect(BACKUP_DEFAULTS.prod.drRegion).not.toBe('eu-west-1');
  expect(BACKUP_DEFAULTS.prod.schedules).toEqual({
    dbSnapshot: 'cron(0 3 * * ? *)',
    dbSnapshotCopy: 'rate(1 hour)',
    cacheSnapshot: 'cron(0 1/6 * * ? *)',
    retention: 'cron(30 4 * * ? *)',
    monitor: 'rate(1 hour)',
  });
});

it.each<[string, unknown, string]>([
  ['drRegion', 'europe', 'an AWS region code such as "eu-central-1"'],
  ['drRegion', 'EU-CENTRAL-1', 'an AWS region code'],
  ['drRegion', undefined, 'an AWS region code'],
  ['snapshotRetentionDays', 0, 'an integer from 1 to 35'],
  ['snapshotRetentionDays', 36, 'an integer from 1 to 35'],
  ['snapshotRetentionDays', 7.5, 'an integer from 1 to 35'],
  ['keepLatestSnapshots', 0, 'an integer from 1 to 100'],
  ['keepLatestSnapshots', 101, 'an integer from 1 to 100'],
  ['cacheSnapshotRetentionDays', '7', 'an integer from 1 to 35'],
  ['countTables', 'public.orders', 'a list of "schema.table" names (empty = every user table)'],
  ['dryRunRetention', 'false', 'true or false'],
  ['schedules', 'daily', 'an object'],
])('rejects %s = %p and says what is allowed', (field, bad, expected) => {
  const issues = validateBackupConfig({ ...valid, [field]: bad }, PATH);
  expect(issues).toHaveLength(1);
  expect(issues[0].path).toBe(`${PATH}.${field}`);
  expect(issues[0].value).toEqual(bad);
  expect(formatIssue(issues[0])).toContain(
    `${PATH}.${field}: got ${bad === undefined ? 'undefined' : JSON.stringify(bad)}; expected ${expected}`,
  );
});

it.each<[keyof typeof valid.schedules, string]>([
  ['dbSnapshot', 'daily'],
  ['dbSnapshotCopy', 'rate(1 hours)'],
  ['cacheSnapshot', 'cron(0 */6 * * * *)'],
  ['retention', ''],
  ['monitor', 'rate(0 hours)'],
])('rejects the schedule %s = %p', (key, bad) => {
  const issues = validateBackupConfig({ ...valid, schedules: { ...valid.schedules, [key]: bad } }, PATH);
  expect(issues.map(formatIssue)).toEqual([
    expect.stringContaining(`${PATH}.schedules.${key}: got ${JSON.stringify(bad)}; expected an EventBridge schedule`),
  ]);
});

it('names each bad or repeated table by its position', () => {
  const issues = validateBackupConfig({ ...valid, countTables: ['public.orders', 'orders', 'public.orders', 'a.b.c', 7] }, PATH);
  expect(issues.map((i) => [i.path, i.value])).toEqual([
    [`${PATH}.countTables[1]`, 'orders'],
    [`${PATH}.countTables[2]`, 'public.orders'],
    [`${PATH}.countTables[3]`, 'a.b.c'],
    [`${PATH}.countTables[4]`, 7],
  ]);
  expect(issues[1].expected).toBe('each table listed once');
  expect(issues[0].expected).toContain('"schema.table"');
});

it('rejects the dump and configuration-backup settings, which backupStorage owns', () => {
  const issues = validateBackupConfig(
    {
      ...valid,
      dumpRetentionDays: 30,
      dumpColdAfterDays: 7,
      schedules: { ...valid.schedules, dump: 'cron(0 2 * * ? *)', configBackup: 'cron(0 5 * * ? *)' },
    },
    PATH,
  );
  expect(issues.map((i) => i.path).sort()).toEqual([
    `${PATH}.dumpColdAfterDays`,
    `${PATH}.dumpRetentionDays`,
    `${PATH}.schedules.configBackup`,
    `${PATH}.schedules.dump`,
  ]);
  for (const issue of issues) expect(formatIssue(issue)).toMatch(/no such setting/);
});

it('reports every problem at once, unknown keys at both levels included', () => {
  const issues = validateBackupConfig(
    {
      ...valid,
      drRegion: 'mars-1',
      snapshotRetentionDays: 99,
      retentionDays: 3,
      schedules: { ...valid.schedules, nightly: 'cron(0 1 * * ? *)', monitor: undefined },
    },
    PATH,
  );
  expect(issues.map((i) => i.path).sort()).toEqual(
    [
      `${PATH}.drRegion`,
      `${PATH}.retentionDays`,
      `${PATH}.schedules.monitor`,
      `${PATH}.schedules.nightly`,
      `${PATH}.snapshotRetentionDays`,
    ].sort(),
  );
  expect(issues.find((i) => i.path === `${PATH}.retentionDays`)?.expected).toContain('known settings here: drRegion');
  expect(issues.find((i) => i.path === `${PATH}.schedules.nightly`)?.expected).toContain('known settings here: dbSnapshot');
});

it('rejects a non-object slice with one issue', () => {
  expect(validateBackupConfig(null, PATH)).toEqual([{ path: PATH, value: null, expected: 'an object' }]);
});

it('reports missing required fields', () => {
  const { drRegion: _r, countTables: _t, ...missing } = valid;
  expect(validateBackupConfig(missing, PATH).map((i) => i.path)).toEqual([`${PATH}.drRegion`, `${PATH}.countTables`]);
});
