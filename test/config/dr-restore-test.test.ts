import { severityOf } from '../../lib/catalogs/alarm-catalog';
import { formatIssue } from '../../lib/config/config-issue';
import { DR_RESTORE_TEST_DEFAULTS, validateDrRestoreTestConfig, type DrRestoreTestConfig } from '../../lib/config/restore-test';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { validateStageConfig } from '../../lib/config/validate';

const PATH = 'prod.restoreTest.dr';
const DR = 'eu-central-1';
const good: DrRestoreTestConfig = DR_RESTORE_TEST_DEFAULTS.prod;

describe('DR restore test config defaults', () => {
  it.each(STAGE_NAMES)('%s is valid, and so is the whole stage with it', (stage) => {
    expect(validateDrRestoreTestConfig(DR_RESTORE_TEST_DEFAULTS[stage], `${stage}.restoreTest.dr`, DR)).toEqual([]);
    expect(validateStageConfig(stage, STAGES[stage])).toEqual([]);
  });

  it('runs monthly in staging and prod, not in dev; prod pages on a failed restore', () => {
    expect(STAGE_NAMES.map((stage) => [stage, STAGES[stage].restoreTest.dr.enabled, severityOf('drRestoreFailed', stage)])).toEqual([
      ['dev', false, 'warning'],
      ['staging', true, 'warning'],
      ['prod', true, 'critical'],
    ]);
    expect(good).toMatchObject({
      schedule: 'cron(0 6 2 * ? *)',
      instanceClass: 'db.t4g.micro',
      rtoTargetMinutes: 240,
      rpoTargetHours: 27,
      timeoutMinutes: 300,
      sweeperMaxAgeHours: 8,
    });
  });

  it('keeps the landing zone on the two AZs the dr stack always used', () => {
    for (const stage of STAGE_NAMES) expect(STAGES[stage].restoreTest.dr.availabilityZones).toEqual(['eu-central-1a', 'eu-central-1b']);
  });
});

describe('validateDrRestoreTestConfig rejects, naming the field', () => {
  it.each<[string, Partial<Record<keyof DrRestoreTestConfig | 'extra', unknown>>, string, string]>([
    [
      'an AZ of another region',
      { availabilityZones: ['eu-central-1a', 'eu-west-1b'] },
      `${PATH}.availabilityZones[1]`,
      'an availability zone of region "eu-central-1": one of eu-central-1a, eu-central-1b, eu-central-1c (the DR region, backup.drRegion)',
    ],
    [
      'an AZ letter the DR region does not have',
      { availabilityZones: ['eu-central-1a', 'eu-central-1d'] },
      `${PATH}.availabilityZones[1]`,
      'an availability zone of region "eu-central-1"',
    ],
    [
      'a single AZ (a DB subnet group needs two)',
      { availabilityZones: ['eu-central-1a'] },
      `${PATH}.availabilityZones`,
      'a list of 2 or 3 availability zones of the DR region',
    ],
    [
      'an AZ listed twice',
      { availabilityZones: ['eu-central-1a', 'eu-central-1a'] },
      `${PATH}.availabilityZones[1]`,
      'each availability zone listed once',
    ],
    [
      'a restore class that does not exist',
      { instanceClass: 'db.t4g.nano' },
      `${PATH}.instanceClass`,
      'an RDS for PostgreSQL instance class that exists',
    ],
    [
      'a restore class of another engine family',
      { instanceClass: 'cache.t4g.micro' },
      `${PATH}.instanceClass`,
      'an RDS for PostgreSQL instance class that exists',
    ],
    ['a schedule that is not EventBridge syntax', { schedule: '0 6 2 * *' }, `${PATH}.schedule`, 'EventBridge schedule'],
    ['an RTO target past the deadline', { rtoTargetMinutes: 400 }, `${PATH}.rtoTargetMinutes`, 'an integer from 1 to 300'],
    ['an RPO target of zero', { rpoTargetHours: 0 }, `${PATH}.rpoTargetHours`, 'an integer from 1 to 840'],
    [
      'a sweeper that could delete a running copy',
      { sweeperMaxAgeHours: 5 },
      `${PATH}.sweeperMaxAgeHours`,
      'an integer from 6 to 168 (hours)',
    ],
    ['an unknown setting', { extra: true }, `${PATH}.extra`, 'no such setting'],
  ])('%s', (_what, override, path, expected) => {
    const issues = validateDrRestoreTestConfig({ ...good, ...override }, PATH, DR);
    expect(issues).toEqual([expect.objectContaining({ path, expected: expect.stringContaining(expected) })]);
    expect(formatIssue(issues[0])).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: got .+; expected `));
  });

  it('says nothing of the AZs while the DR region is itself wrong (that field has its own error)', () => {
    expect(validateDrRestoreTestConfig(good, PATH, 'mars-1')).toEqual([]);
  });
});

describe('the stage validator, on the DR settings', () => {
  const prod = STAGES.prod;

  it('a DR region equal to the stage region names backup.drRegion and says why', () => {
    const issues = validateStageConfig('prod', {
      ...prod,
      backup: { ...prod.backup, drRegion: prod.env.region },
      restoreTest: { ...prod.restoreTest, dr: { ...prod.restoreTest.dr, availabilityZones: ['eu-west-1a', 'eu-west-1b'] } },
    });
    expect(issues.map(formatIssue)).toEqual([
      'prod.backup.drRegion: got "eu-west-1"; expected a region other than the stage\'s own (eu-west-1): the off-site copy must survive a regional outage',
    ]);
  });

  it('checks the DR AZs against backup.drRegion, not the stage region', () => {
    const issues = validateStageConfig('prod', {
      ...prod,
      backup: { ...prod.backup, drRegion: 'eu-north-1' },
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'prod.restoreTest.dr.availabilityZones[0]',
      'prod.restoreTest.dr.availabilityZones[1]',
    ]);
    expect(issues[0].expected).toContain('one of eu-north-1a, eu-north-1b, eu-north-1c');
  });

  it('reports a DR restore class that does not exist with every other problem at once', () => {
    const issues = validateStageConfig('staging', {
      ...STAGES.staging,
      restoreTest: {
        ...STAGES.staging.restoreTest,
        dr: { ...STAGES.staging.restoreTest.dr, instanceClass: 'db.x9.tiny', availabilityZones: ['us-east-1a', 'us-east-1b'] },
      },
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'staging.restoreTest.dr.instanceClass',
      'staging.restoreTest.dr.availabilityZones[0]',
      'staging.restoreTest.dr.availabilityZones[1]',
    ]);
  });
});
