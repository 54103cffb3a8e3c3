import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { SERVICE_LIMITS, checkServiceLimits } from '../../lib/config/service-limits';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { validateStageConfig } from '../../lib/config/validate';

const CERT_ID = '00000000-0000-4000-8000-00000000000a';
const cert = (region: string, account: string) => `arn:aws:acm:${region}:${account}:certificate/${CERT_ID}`;
const patched = (stage: StageName, patch: unknown) => deepMerge(STAGES[stage], patch);
const row = (id: string) => {
  const found = SERVICE_LIMITS.find((limit) => limit.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe('the table', () => {
  it('gives every row an id of its own and an AWS documentation page', () => {
    expect(new Set(SERVICE_LIMITS.map((limit) => limit.id)).size).toBe(SERVICE_LIMITS.length);
    for (const limit of SERVICE_LIMITS) {
      expect(limit.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
      expect(limit.checks.length).toBeGreaterThan(20);
    }
  });

  it.each(STAGE_NAMES)('passes the %s stage table on every row', (stage) => {
    expect(checkServiceLimits(STAGES[stage], stage)).toEqual([]);
  });
});

/** [row id, stage, patch, path, value, fix fragment]: one config each row must reject. */
const REJECTED: [string, StageName, unknown, string, unknown, string][] = [
  [
    'fargate-spot-x86-only',
    'dev',
    { worker: { spotPercent: 50 } },
    'dev.worker.spotPercent',
    50,
    'Fargate Spot places no ARM64 task (set spotPercent: 0, or architecture: "X86_64"',
  ],
  [
    'fargate-task-size',
    'staging',
    { worker: { cpu: 8192, memoryMiB: 8192 } },
    'staging.worker.memoryMiB',
    8192,
    'pairs with cpu 8192: 16384 to 61440 MiB',
  ],
  [
    'elasticache-engine-version',
    'prod',
    { cache: { engineVersion: '8.0.1' } },
    'prod.cache.engineVersion',
    '8.0.1',
    'a valkey version as "major.minor" (no patch part), one of "7.2", "8.0", "8.1"',
  ],
  [
    'elasticache-windows',
    'dev',
    { cache: { snapshotWindow: '03:00-03:45' } },
    'dev.cache.snapshotWindow',
    '03:00-03:45',
    'at least 60 minutes (this one has 45)',
  ],
  [
    'rds-windows',
    'prod',
    { database: { maintenanceWindow: 'sun:02:30-sun:03:30' } },
    'prod.database.maintenanceWindow',
    'sun:02:30-sun:03:30',
    'does not overlap backupWindow (02:00-02:45 every day)',
  ],
  [
    'rds-storage-autoscaling-headroom',
    'prod',
    { database: { maxAllocatedStorageGb: 549 } },
    'prod.database.maxAllocatedStorageGb',
    549,
    'at least 550 (10 % above allocatedStorageGb 500',
  ],
  [
    'rds-performance-insights-class',
    'dev',
    { database: { performanceInsights: true } },
    'dev.database.instanceClass',
    'db.t4g.micro',
    'or database.performanceInsights: false',
  ],
  [
    'snapshot-jobs-clear-of-windows',
    'prod',
    { backup: { schedules: { cacheSnapshot: 'rate(6 hours)' } } },
    'prod.backup.schedules.cacheSnapshot',
    'rate(6 hours)',
    'fixed cron times for the cache snapshot, e.g. "cron(0 1/6 * * ? *)"',
  ],
  [
    'regions-and-azs',
    'dev',
    { network: { availabilityZones: ['eu-west-1a', 'eu-west-1d'] } },
    'dev.network.availabilityZones[1]',
    'eu-west-1d',
    'one of eu-west-1a, eu-west-1b, eu-west-1c',
  ],
  [
    'eventbridge-schedule-fields',
    'staging',
    { backup: { schedules: { retention: 'cron(30 24 * * ? *)' } } },
    'staging.backup.schedules.retention',
    'cron(30 24 * * ? *)',
    'a hours field of 0-23',
  ],
  [
    'physical-name-lengths',
    'prod',
    { project: 'p'.repeat(240) },
    'prod.project',
    'p'.repeat(240),
    "KMS alias of the DR key (alias/<project>-<stage>-backup-dr) would be 261 characters, over AWS's limit of 256",
  ],
  [
    'certificates',
    'prod',
    { ingress: { certificateArn: cert('eu-west-1', '999999999999') } },
    'prod.ingress.certificateArn',
    cert('eu-west-1', '999999999999'),
    'in the stage account 333333333333 (env.account)',
  ],
  [
    'cdn-origin-is-not-the-cdn',
    'prod',
    { ingress: { domainName: 'app.example.com' } },
    'prod.ingress.domainName',
    'app.example.com',
    'e.g. "origin.app.example.com"',
  ],
  [
    'cdn-origin-prefix-list',
    'prod',
    {
      env: { region: 'sa-east-1' },
      network: { availabilityZones: ['sa-east-1a', 'sa-east-1b', 'sa-east-1c'] },
      ingress: { certificateArn: cert('sa-east-1', '333333333333') },
    },
    'prod.delivery.cdn.originPrefixListId',
    undefined,
    'com.amazonaws.global.cloudfront.origin-facing in sa-east-1',
  ],
];

describe('each row rejects what AWS would refuse, naming field, value and fix', () => {
  it('has a rejected case for every row', () => {
    expect(REJECTED.map(([id]) => id).sort()).toEqual(SERVICE_LIMITS.map((limit) => limit.id).sort());
  });

  it.each(REJECTED)('%s', (id, stage, patch, path, value, fix) => {
    const config = patched(stage, patch);
    expect(row(id).check(config, stage)).toEqual([{ path, value, expected: expect.stringContaining(fix) }]);
    // The row runs before synth: the stage validator reports the field too (once).
    expect(validateStageConfig(stage, config).filter((issue) => issue.path === path)).toHaveLength(1);
  });
});

describe('accepted edge cases', () => {
  it.each<[string, StageName, unknown]>([
    ['fargate-spot-x86-only', 'prod', { worker: { spotPercent: 100, architecture: 'X86_64' } }],
    ['fargate-task-size', 'prod', { api: { cpu: 16384, memoryMiB: 122880 }, worker: { cpu: 256, memoryMiB: 2048 } }],
    ['elasticache-engine-version', 'dev', { cache: { engine: 'redis', engineVersion: '7.1' } }],
    ['elasticache-windows', 'dev', { cache: { snapshotWindow: '23:30-00:30', maintenanceWindow: 'sat:22:30-sat:23:30' } }],
    ['rds-windows', 'dev', { database: { backupWindow: '02:00-02:30', maintenanceWindow: 'sun:02:30-sun:03:00' } }],
    ['rds-storage-autoscaling-headroom', 'dev', { database: { allocatedStorageGb: 20, maxAllocatedStorageGb: 22 } }],
    ['rds-performance-insights-class', 'staging', { database: { instanceClass: 'db.t4g.medium', replicaInstanceClass: 'db.t4g.medium' } }],
    [
      'snapshot-jobs-clear-of-windows',
      'dev',
      { backup: { schedules: { cacheSnapshot: 'cron(0 2 * * ? *)', dbSnapshot: 'cron(45 2 * * ? *)' } } },
    ],
    [
      'regions-and-azs',
      'dev',
      { env: { region: 'us-east-1' }, network: { availabilityZones: ['us-east-1a', 'us-east-1f'] }, backup: { drRegion: 'us-west-2' } },
    ],
    [
      'eventbridge-schedule-fields',
      'dev',
      {
        backup: { schedules: { retention: 'cron(59 23 L DEC ? 2199)', monitor: 'rate(1 minute)' } },
        restoreTest: { schedule: 'cron(0 6 ? * SUN#1 *)' },
      },
    ],
    ['physical-name-lengths', 'staging', { project: `w${'-'.repeat(29)}p` }],
    ['certificates', 'prod', {}],
    ['cdn-origin-is-not-the-cdn', 'dev', { ingress: { domainName: 'app.example.com', certificateArn: cert('eu-west-1', '111111111111') } }],
    ['cdn-origin-prefix-list', 'prod', { env: { region: 'sa-east-1' }, delivery: { cdn: { originPrefixListId: 'pl-0123456789abcdef0' } } }],
  ])('%s accepts %j', (id, stage, patch) => {
    expect(row(id).check(patched(stage, patch), stage)).toEqual([]);
  });
});

describe('details of the rows', () => {
  it('reports a cache maintenance window that overlaps the daily snapshot window', () => {
    const issues = row('elasticache-windows').check(patched('dev', { cache: { maintenanceWindow: 'wed:03:30-wed:04:30' } }), 'dev');
    expect(issues).toEqual([
      {
        path: 'dev.cache.maintenanceWindow',
        value: 'wed:03:30-wed:04:30',
        expected: expect.stringContaining('does not overlap snapshotWindow (03:00-04:00 every day)'),
      },
    ]);
  });

  it('reports a weekly maintenance window shorter than ElastiCache allows', () => {
    const issues = row('elasticache-windows').check(patched('dev', { cache: { maintenanceWindow: 'sun:05:00-sun:05:30' } }), 'dev');
    expect(issues.map(formatIssue)).toEqual([
      'dev.cache.maintenanceWindow: got "sun:05:00-sun:05:30"; expected a window of at least 60 minutes (this one has 30)',
    ]);
  });

  it('names the clash of a cache snapshot that would start an hour before the automatic one', () => {
    const issues = row('snapshot-jobs-clear-of-windows').check(
      patched('prod', { backup: { schedules: { cacheSnapshot: 'cron(30 2/6 * * ? *)' } } }),
      'prod',
    );
    expect(issues).toEqual([
      {
        path: 'prod.backup.schedules.cacheSnapshot',
        value: 'cron(30 2/6 * * ? *)',
        expected: expect.stringContaining('clear of cache.snapshotWindow (03:00-04:00): the cache snapshot at sun 02:30 UTC'),
      },
    ]);
  });

  it('names the clash of a database snapshot inside the weekly maintenance window', () => {
    const issues = row('snapshot-jobs-clear-of-windows').check(
      patched('prod', { backup: { schedules: { dbSnapshot: 'cron(30 4 ? * SUN *)' } } }),
      'prod',
    );
    expect(issues).toEqual([
      {
        path: 'prod.backup.schedules.dbSnapshot',
        value: 'cron(30 4 ? * SUN *)',
        expected: expect.stringContaining('clear of database.maintenanceWindow (sun:04:00-sun:05:00)'),
      },
    ]);
  });

  it("keeps the DR region in the stage region's partition", () => {
    const issues = row('regions-and-azs').check(patched('prod', { backup: { drRegion: 'cn-north-1' } }), 'prod');
    expect(issues).toEqual([
      {
        path: 'prod.backup.drRegion',
        value: 'cn-north-1',
        expected: expect.stringContaining("a region in the stage region's partition (aws)"),
      },
    ]);
  });

  it('refuses a region that matches the old pattern but does not exist', () => {
    const issues = row('regions-and-azs').check(patched('dev', { env: { region: 'eu-west-9' } }), 'dev');
    expect(issues).toEqual([
      { path: 'dev.env.region', value: 'eu-west-9', expected: expect.stringContaining('an AWS region code such as "eu-west-1"') },
    ]);
  });

  it('wants the CloudFront certificate in us-east-1 and in the stage account', () => {
    const issues = row('certificates').check(
      patched('prod', { delivery: { cdn: { certificateArn: cert('eu-west-1', '111111111111') } } }),
      'prod',
    );
    expect(issues).toEqual([
      {
        path: 'prod.delivery.cdn.certificateArn',
        value: cert('eu-west-1', '111111111111'),
        expected: expect.stringContaining(
          'region "us-east-1" and the stage account 333333333333 (env.account): CloudFront only uses ACM certificates from us-east-1',
        ),
      },
    ]);
  });

  it('wants the ALB certificate in the stage region', () => {
    const issues = row('certificates').check(
      patched('prod', { ingress: { certificateArn: cert('eu-central-1', '333333333333') } }),
      'prod',
    );
    expect(issues).toEqual([
      {
        path: 'prod.ingress.certificateArn',
        value: cert('eu-central-1', '333333333333'),
        expected: expect.stringContaining('the stage region "eu-west-1"'),
      },
    ]);
  });

  it.each<[string, string]>([
    ['cron(60 3 * * ? *)', 'a minutes field of 0-59'],
    ['cron(0 3 0 * ? *)', 'a day-of-month field of 1-31'],
    ['cron(0 3 * 13 ? *)', 'a month field of 1-12 or JAN-DEC'],
    ['cron(0 3 ? * 8 *)', 'a day-of-week field of 1-7 or SUN-SAT'],
    ['cron(0 3 * * ? 2200)', 'a year field of 1970-2199'],
    ['cron(0 3 * * * *)', '"?" in exactly one of day-of-month and day-of-week'],
    ['cron(0 3 ? * 2#1,3#1 *)', 'one day-of-week expression when "#" is used'],
    ['cron(0 3 * * ?)', 'a cron of six fields'],
    ['rate(1 hours)', 'the singular unit for a rate of 1'],
    ['rate(6 hour)', 'the plural unit for a rate above 1'],
    ['rate(0 hours)', 'a rate of at least 1'],
  ])('rejects the schedule %s: %s', (schedule, fix) => {
    const config = patched('dev', { api: { scheduledCapacity: [{ name: 'night', schedule, minCount: 0, maxCount: 1 }] } });
    expect(row('eventbridge-schedule-fields').check(config, 'dev')).toEqual([
      { path: 'dev.api.scheduledCapacity[0].schedule', value: schedule, expected: expect.stringContaining(fix) },
    ]);
  });
});

describe('defect 10: cache snapshots at fixed times', () => {
  const schedule = STAGES.prod.backup.schedules.cacheSnapshot;

  it('runs four times a day, six hours apart, at fixed minutes (not a rate counted from the deploy)', () => {
    expect(schedule).toBe('cron(0 1/6 * * ? *)');
  });

  it.each(STAGE_NAMES)('in %s every snapshot time is an hour clear of the cache snapshot and maintenance windows', (stage) => {
    expect(STAGES[stage].backup.schedules.cacheSnapshot).toBe(schedule);
    expect(row('snapshot-jobs-clear-of-windows').check(STAGES[stage], stage)).toEqual([]);
  });

  it('keeps cache snapshots 7 days in staging and prod', () => {
    expect([STAGES.staging.backup.cacheSnapshotRetentionDays, STAGES.prod.backup.cacheSnapshotRetentionDays]).toEqual([7, 7]);
  });

  it('refuses the old rate(6 hours) for every stage', () => {
    for (const stage of STAGE_NAMES) {
      const issues = validateStageConfig(stage, patched(stage, { backup: { schedules: { cacheSnapshot: 'rate(6 hours)' } } }));
      expect(issues.map((issue) => issue.path)).toEqual([`${stage}.backup.schedules.cacheSnapshot`]);
    }
  });
});
