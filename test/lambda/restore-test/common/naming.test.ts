import { cacheCopyId, databaseCopyId, isRestoreTestOf, restoreTestTags } from '../../../../lambda/restore-test/common/naming';

describe('restore-test copy names', () => {
  const at = new Date('2026-11-22T06:07:59Z');

  it('names the database copy <stage>-restore-test-<yyyymmddHHMM> in UTC', () => {
    expect(databaseCopyId('prod', at)).toBe('prod-restore-test-202611220607');
  });

  it('names the cache copy <stage>-rt-<MMddHHmm>, lowercase and at most 40 characters', () => {
    expect(cacheCopyId('prod', at)).toBe('prod-rt-11220607');
    expect(cacheCopyId('a'.repeat(28), at)).toHaveLength(40);
  });

  it.each([
    ['a stage too long for ElastiCache', () => cacheCopyId('a'.repeat(29), at), /at most 40/],
    ['an uppercase stage', () => cacheCopyId('Prod', at), /invalid ElastiCache/],
    ['a stage that makes an invalid RDS identifier', () => databaseCopyId('1dev', at), /invalid RDS instance identifier/],
  ])('refuses %s', (_what, make, error) => {
    expect(make).toThrow(error);
  });
});

describe('restore-test tags', () => {
  it('tags a copy with its purpose, stage and execution', () => {
    expect(restoreTestTags('dev', 'run-1')).toEqual([
      { Key: 'Purpose', Value: 'restore-test' },
      { Key: 'Stage', Value: 'dev' },
      { Key: 'RestoreTestExecution', Value: 'run-1' },
    ]);
  });

  it.each([
    [
      [
        { Key: 'Purpose', Value: 'restore-test' },
        { Key: 'Stage', Value: 'dev' },
      ],
      true,
    ],
    [
      [
        { Key: 'Purpose', Value: 'restore-test' },
        { Key: 'Stage', Value: 'prod' },
      ],
      false,
    ],
    [
      [
        { Key: 'Purpose', Value: 'app' },
        { Key: 'Stage', Value: 'dev' },
      ],
      false,
    ],
    [[{ Key: 'Stage', Value: 'dev' }], false],
    [undefined, false],
  ])('%j is a restore-test resource of dev: %s', (tags, expected) => {
    expect(isRestoreTestOf('dev', tags)).toBe(expected);
  });
});
