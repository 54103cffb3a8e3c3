import { formatIssue } from '../../lib/config/config-issue';
import { BACKUP_STORAGE_DEFAULTS, validateBackupStorageConfig } from '../../lib/config/backup-storage';

const PATH = 'prod.backupStorage';
const valid = BACKUP_STORAGE_DEFAULTS.prod;

it.each(Object.entries(BACKUP_STORAGE_DEFAULTS))('the %s defaults are valid', (_stage, config) => {
  expect(validateBackupStorageConfig(config, PATH)).toEqual([]);
});

it('keeps 30 days of dumps and 365 of logs in prod, 7 and 30 in dev, and 10 config versions everywhere', () => {
  expect([BACKUP_STORAGE_DEFAULTS.prod.dumpRetentionDays, BACKUP_STORAGE_DEFAULTS.prod.logArchiveRetentionDays]).toEqual([30, 365]);
  expect([BACKUP_STORAGE_DEFAULTS.dev.dumpRetentionDays, BACKUP_STORAGE_DEFAULTS.dev.logArchiveRetentionDays]).toEqual([7, 30]);
  expect(Object.values(BACKUP_STORAGE_DEFAULTS).map((c) => c.configVersionsKept)).toEqual([10, 10, 10]);
  expect(BACKUP_STORAGE_DEFAULTS.prod.dumpColdAfterDays).toBe(7);
});

it.each([
  ['dumpRetentionDays', 0, 'an integer from 1 to 3650'],
  ['dumpRetentionDays', 3651, 'an integer from 1 to 3650'],
  ['dumpRetentionDays', 7.5, 'an integer from 1 to 3650'],
  ['dumpColdAfterDays', 30, 'an integer from 0 to 29 (fewer days than prod.backupStorage.dumpRetentionDays)'],
  ['dumpColdAfterDays', -1, 'an integer from 0 to 29'],
  ['configVersionsKept', 0, 'an integer from 1 to 100'],
  ['configVersionsKept', 101, 'an integer from 1 to 100'],
  ['logArchiveRetentionDays', '365', 'an integer from 1 to 3650'],
  ['logArchiveColdAfterDays', 365, 'an integer from 0 to 364'],
  ['dumpImageCpu', 300, 'a Fargate CPU size: one of 256, 512, 1024'],
  ['dumpImageMemoryMiB', 512, 'a memory size Fargate pairs with cpu 1024: 2048 to 8192 MiB (2048, 3072'],
  ['dumpSchedule', 'daily', 'an EventBridge schedule'],
  ['configBackupSchedule', 'cron(0 3 * * * *)', 'an EventBridge schedule'],
  ['logArchiveSchedule', 'rate(1 weeks)', 'an EventBridge schedule'],
])('rejects %s = %p and says what is allowed', (field, bad, expected) => {
  const issues = validateBackupStorageConfig({ ...valid, [field]: bad }, PATH);
  expect(issues).toHaveLength(1);
  expect(issues[0].path).toBe(`${PATH}.${field}`);
  expect(issues[0].value).toEqual(bad);
  expect(formatIssue(issues[0])).toContain(`${PATH}.${field}: got ${JSON.stringify(bad)}; expected ${expected}`);
});

it('accepts leaving the cold tiers out, as dev does', () => {
  const { dumpColdAfterDays: _d, logArchiveColdAfterDays: _l, ...noColdTier } = valid;
  expect(validateBackupStorageConfig(noColdTier, PATH)).toEqual([]);
});

it('reports every problem at once, unknown keys included', () => {
  const issues = validateBackupStorageConfig(
    { ...valid, dumpRetentionDays: 0, configVersionsKept: 'ten', dumpSchedule: '', retention: 3 },
    PATH,
  );
  expect(issues.map((i) => i.path).sort()).toEqual(
    [`${PATH}.configVersionsKept`, `${PATH}.dumpRetentionDays`, `${PATH}.dumpSchedule`, `${PATH}.retention`].sort(),
  );
  expect(issues.find((i) => i.path === `${PATH}.retention`)?.expected).toContain('known settings here: dumpRetentionDays');
});

it('rejects a non-object slice with one issue', () => {
  expect(validateBackupStorageConfig(undefined, PATH)).toEqual([{ path: PATH, value: undefined, expected: 'an object' }]);
});

it('reports missing required fields', () => {
  const { dumpSchedule: _s, dumpImageCpu: _c, ...missing } = valid;
  expect(validateBackupStorageConfig(missing, PATH).map((i) => i.path)).toEqual([`${PATH}.dumpImageCpu`, `${PATH}.dumpSchedule`]);
});
