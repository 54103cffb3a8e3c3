import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue } from '../../../lib/config/config-issue';
import { deepMerge } from '../../../lib/config/merge';
import { STAGES } from '../../../lib/config/stages';
import { validateStageConfig } from '../../../lib/config/validate';
import { newestStageCopy } from '../../../scripts/recover/aws-sources';
import { type CliIo, runRecover, USAGE } from '../../../scripts/recover/cli';
import { deployArguments, type ExecutePorts, executeRebuild } from '../../../scripts/recover/execute';
import { readMeasuredRestore } from '../../../scripts/recover/measured-restore';
import { buildPlan, stackMinutes } from '../../../scripts/recover/plan';
import { moveEcrImage, type RebuildRequest, rebuildConfig } from '../../../scripts/recover/rebuild-config';
import { readRecordedStage } from '../../../scripts/recover/recorded-stage';
import { RecoverInputError } from '../../../scripts/recover/recover-error';
import type { RebuiltStack } from '../../../scripts/recover/synth';
import { PROD_CONFIG_BACKUP_FILE, prodConfigBackupBody, RECORDED_IMAGES } from '../../fixtures/recover/prod-config-backup';

/* What the rebuild takes in and refuses, without synthesizing (rebuild-synth.test.ts synthesizes). */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'recover');
const BACKUP = readFileSync(PROD_CONFIG_BACKUP_FILE, 'utf8');
const REPORT = readFileSync(join(FIXTURES, 'prod-restore-report.json'), 'utf8');
const recorded = readRecordedStage(BACKUP, 'fixture', 'prod');
const measured = readMeasuredRestore(REPORT, 'report');
const SNAPSHOT = 'arn:aws:rds:eu-central-1:333333333333:snapshot:prod-databaseprimary-2026-12-03';
const CERTIFICATE = 'arn:aws:acm:eu-central-1:333333333333:certificate/00000000-0000-4000-8000-000000000002';
const REQUEST: RebuildRequest = { stage: 'prod', region: 'eu-central-1', snapshot: SNAPSHOT, certificateArn: CERTIFICATE };

/** The problems a request is refused with. */
function problemsOf(request: RebuildRequest): readonly string[] {
  try {
    rebuildConfig(request, recorded);
  } catch (error) {
    if (error instanceof RecoverInputError) return error.problems;
    throw error;
  }
  return [];
}

describe('the recorded config-backup fixture', () => {
  test('is what lambda/config-backup writes for its sources (regenerate: npx tsx test/fixtures/recover/prod-config-backup.ts)', () => {
    expect(BACKUP).toBe(prodConfigBackupBody());
  });

  test("gives the lost region and account, the images, the containers' secrets and the team's parameters", () => {
    expect(recorded).toEqual(
      expect.objectContaining({ stage: 'prod', project: 'webapp', account: '333333333333', region: 'eu-west-1', images: RECORDED_IMAGES }),
    );
    expect(recorded.containerSecrets.map((s) => `${s.container}/${s.name}`)).toEqual([
      'api/DB_PASSWORD',
      'api/DB_USERNAME',
      'api/REDIS_AUTH_TOKEN',
      'worker/DB_PASSWORD',
      'worker/DB_USERNAME',
      'worker/REDIS_AUTH_TOKEN',
    ]);
    expect(recorded.parameters).toEqual([
      { name: '/webapp/prod/feature-flags', type: 'String', value: '{"newCheckout":true}' },
      { name: '/webapp/prod/payments-api-key', type: 'SecureString' },
    ]);
  });

  test('is refused for another stage, another format, or something that is not JSON, naming --config-backup', () => {
    expect(() => readRecordedStage(BACKUP, 'f.json', 'staging')).toThrow(
      /--config-backup: f\.json is a backup of stage "prod", not of --stage staging/,
    );
    expect(() => readRecordedStage(BACKUP.replace('"formatVersion": 1', '"formatVersion": 2'), 'f.json', 'prod')).toThrow(
      /--config-backup: f\.json has formatVersion 2, expected 1/,
    );
    expect(() => readRecordedStage('<html>', 'f.json', 'prod')).toThrow(/--config-backup: f\.json is not JSON/);
  });
});

describe('the rebuilt config', () => {
  const rebuild = rebuildConfig(REQUEST, recorded);

  test('moves the stage to the DR region with its AZ letters there, the snapshot, the DR certificate and the recorded images', () => {
    const { config } = rebuild;
    expect(config.env).toEqual({ account: '333333333333', region: 'eu-central-1' });
    expect(config.network.availabilityZones).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    expect(config.database.restoreFromSnapshot).toBe(SNAPSHOT);
    expect(config.ingress.certificateArn).toBe(CERTIFICATE);
    expect(config.api.image.uri).toBe(RECORDED_IMAGES.api.replace('eu-west-1', 'eu-central-1'));
    expect(config.worker.image.uri).toBe(RECORDED_IMAGES.worker.replace('eu-west-1', 'eu-central-1'));
    expect(config.delivery.createOidcProvider).toBe(false);
    expect(config.delivery.cdn.domainNames).toBeUndefined();
    expect(rebuild.namesLeftOnOldDistribution).toEqual(['app.example.com']);
  });

  test('points the DR copies at the lost region, paused, unless --next-dr-region names a third one', () => {
    expect(rebuild.config.backup.drRegion).toBe('eu-west-1');
    expect(rebuild.drCopiesPaused).toBe(true);
    const third = rebuildConfig({ ...REQUEST, nextDrRegion: 'eu-north-1' }, recorded);
    expect(third.config.backup.drRegion).toBe('eu-north-1');
    expect(third.drCopiesPaused).toBe(false);
  });

  test('is what bin/app.ts resolves from the override file and images --execute passes', () => {
    expect(rebuild.inputs).toEqual({
      stage: 'prod',
      overrides: rebuild.overrides,
      apiImage: rebuild.config.api.image.uri,
      workerImage: rebuild.config.worker.image.uri,
    });
    expect(JSON.parse(JSON.stringify(rebuild.overrides))).toEqual(rebuild.overrides);
    expect(Object.keys(rebuild.overrides)).toEqual(['prod']);
  });

  test("keeps the team's override file (--config-file) under the rebuild's changes, and the account the backup was taken in", () => {
    const team = {
      staging: { env: { account: '555566667777' } },
      prod: {
        ingress: {
          domainName: 'origin.shop.example.org',
          certificateArn: 'arn:aws:acm:eu-west-1:444455556666:certificate/11111111-1111-4111-8111-111111111111',
        },
        delivery: {
          cdn: {
            certificateArn: 'arn:aws:acm:us-east-1:444455556666:certificate/22222222-2222-4222-8222-222222222222',
            domainNames: ['shop.example.org'],
          },
        },
        api: { minCount: 4, desiredCount: 4 },
      },
    };
    const elsewhere = { ...recorded, account: '444455556666' };
    const rebuilt = rebuildConfig(
      {
        ...REQUEST,
        overrides: team,
        snapshot: 'arn:aws:rds:eu-central-1:444455556666:snapshot:prod-databaseprimary-2026-12-03',
        certificateArn: 'arn:aws:acm:eu-central-1:444455556666:certificate/33333333-3333-4333-8333-333333333333',
      },
      elsewhere,
    );
    expect(rebuilt.config.env).toEqual({ account: '444455556666', region: 'eu-central-1' });
    expect(rebuilt.config.api.minCount).toBe(4);
    expect(rebuilt.config.ingress).toEqual(
      expect.objectContaining({
        domainName: 'origin.shop.example.org',
        certificateArn: 'arn:aws:acm:eu-central-1:444455556666:certificate/33333333-3333-4333-8333-333333333333',
      }),
    );
    expect(rebuilt.namesLeftOnOldDistribution).toEqual(['shop.example.org']);
    expect(rebuilt.config.delivery.cdn).not.toHaveProperty('certificateArn');
    expect(rebuilt.config.delivery.cdn).not.toHaveProperty('domainNames');
    expect(rebuilt.overrides.staging).toEqual(team.staging);
    expect(rebuilt.changes).toContain('env.account: 444455556666 (from the config backup; the stage table says 333333333333)');
  });

  test("refuses a snapshot of another account than the backup's, and an override file that is not keyed by stage", () => {
    expect(problemsOf({ ...REQUEST, snapshot: 'arn:aws:rds:eu-central-1:444455556666:snapshot:prod-databaseprimary-2026-12-03' })).toEqual([
      "--snapshot: arn:aws:rds:eu-central-1:444455556666:snapshot:prod-databaseprimary-2026-12-03 belongs to account 444455556666, not to prod's account 333333333333 (from the config backup)",
    ]);
    expect(problemsOf({ ...REQUEST, overrides: [1] })).toEqual([
      '--config-file: expected { "<stage>": { ...settings... } }, the override file the stage is deployed with',
    ]);
  });

  test("keeps an image that is not in the stage's ECR as it is", () => {
    expect(moveEcrImage('public.ecr.aws/docker/library/nginx:1.27', 'eu-central-1')).toBe('public.ecr.aws/docker/library/nginx:1.27');
    expect(moveEcrImage('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/a:b', 'cn-northwest-1')).toBe(
      '111111111111.dkr.ecr.cn-northwest-1.amazonaws.com.cn/a:b',
    );
  });
});

describe('bad input, each refused with the flag or field it concerns', () => {
  test("a DR region equal to the stage's own region", () => {
    expect(problemsOf({ ...REQUEST, region: 'eu-west-1' })).toEqual(
      expect.arrayContaining([
        "--region: eu-west-1 is the stage's own region (prod.env.region); a rebuild goes to the stage's DR region, prod.backup.drRegion (eu-central-1)",
      ]),
    );
  });

  test('a region other than the DR region, where neither the copies nor their key are', () => {
    expect(problemsOf({ ...REQUEST, region: 'eu-north-1', snapshot: undefined, certificateArn: undefined }).slice(0, 1)).toEqual([
      '--region: the off-site copies and their key (the prod-dr stack) are in eu-central-1 (prod.backup.drRegion), not in eu-north-1; rebuild in eu-central-1',
    ]);
  });

  test('AZs that are not in the DR region', () => {
    expect(problemsOf({ ...REQUEST, availabilityZones: ['eu-central-1a', 'eu-west-1b', 'eu-central-1d'] })).toEqual([
      "--azs: eu-west-1b, eu-central-1d are not availability zones of eu-central-1 (prod.network.availabilityZones must be AZs of the rebuild's region; e.g. eu-central-1a,eu-central-1b,eu-central-1c)",
    ]);
  });

  test('an unknown stage, listing the known ones', () => {
    expect(problemsOf({ ...REQUEST, stage: 'qa' })).toEqual(['--stage: unknown stage "qa"; known stages: dev, staging, prod']);
  });

  test('a region that does not exist, a next DR region equal to the new home, a snapshot elsewhere, an old-region certificate', () => {
    expect(problemsOf({ ...REQUEST, region: 'eu-west-9' })).toEqual(
      expect.arrayContaining(['--region: "eu-west-9" is not an AWS region code (e.g. "eu-central-1")']),
    );
    expect(problemsOf({ ...REQUEST, nextDrRegion: 'eu-central-1' })).toEqual([
      "--next-dr-region: eu-central-1 is the rebuild's own region; the off-site copies must go to another region (prod.backup.drRegion)",
    ]);
    expect(problemsOf({ ...REQUEST, snapshot: 'arn:aws:rds:eu-west-1:333333333333:snapshot:prod-databaseprimary-2026-12-03' })).toEqual([
      "--snapshot: arn:aws:rds:eu-west-1:333333333333:snapshot:prod-databaseprimary-2026-12-03 is in eu-west-1; the database is restored from a copy in the rebuild's region eu-central-1",
    ]);
    expect(problemsOf({ ...REQUEST, certificateArn: undefined })).toEqual([
      '--certificate-arn: prod.ingress.certificateArn is in eu-west-1; an ALB takes a certificate of its own region: request or import one for origin.app.example.com in eu-central-1 and pass its ARN',
    ]);
    expect(problemsOf({ ...REQUEST, snapshot: undefined })[0]).toMatch(/^--snapshot: no off-site copy given/);
  });

  test('every problem at once', () => {
    expect(problemsOf({ stage: 'prod', region: 'eu-west-1', availabilityZones: ['eu-west-1z'] }).map((p) => p.split(':')[0])).toEqual([
      '--region',
      '--azs',
      '--snapshot',
    ]);
  });
});

describe('the config fields a rebuild reads', () => {
  const lines = (override: unknown) => validateStageConfig('prod', deepMerge(STAGES.prod, override)).map(formatIssue);

  test('recovery.regionRecovery.rtoMinutes: 4 hours in every stage, 30 to 2880 minutes', () => {
    expect(Object.values(STAGES).map((s) => s.recovery.regionRecovery.rtoMinutes)).toEqual([240, 240, 240]);
    expect(lines({ recovery: { regionRecovery: { rtoMinutes: 2880 } } })).toEqual([]);
    expect(lines({ recovery: { regionRecovery: { rtoMinutes: 29 } } })).toEqual([
      'prod.recovery.regionRecovery.rtoMinutes: got 29; expected an integer from 30 to 2880',
    ]);
  });

  test('database.restoreFromSnapshot: unset in every stage table; an identifier or ARN when set', () => {
    expect(Object.values(STAGES).map((s) => s.database.restoreFromSnapshot)).toEqual([undefined, undefined, undefined]);
    expect(lines({ database: { restoreFromSnapshot: 'prod-databaseprimary-2026-12-03' } })).toEqual([]);
    expect(lines({ database: { restoreFromSnapshot: 'prod snapshot' } })).toEqual([
      'prod.database.restoreFromSnapshot: got "prod snapshot"; expected a DB snapshot identifier (e.g. "prod-copy-2026-12-01") or ARN (arn:aws:rds:<region>:<account>:snapshot:<id>)',
    ]);
  });
});

describe('the measured restore', () => {
  test('is the primary database restore test when the report has no DR restore', () => {
    expect(measured).toEqual(expect.objectContaining({ durationSeconds: 1380, kind: 'primary', startedAt: '2026-11-29T06:00:02.114Z' }));
  });

  test('prefers a passing DR restore section, which restored the off-site copy where the rebuild will', () => {
    const report = { ...JSON.parse(REPORT), drDatabase: { ...JSON.parse(REPORT).database, durationSeconds: 2000 } };
    expect(readMeasuredRestore(JSON.stringify(report), 'r')).toEqual(expect.objectContaining({ durationSeconds: 2000, kind: 'dr' }));
  });

  test('refuses a report whose database restore failed: it measured no RTO', () => {
    expect(() => readMeasuredRestore(REPORT.replace('"succeeded": true', '"succeeded": false'), 'r.json')).toThrow(
      /--restore-report: r\.json holds no passing database restore/,
    );
  });
});

/** A minimal stage: the plan's arithmetic on stacks whose contents are known. */
function stack(part: RebuiltStack['part'], dependencies: string[], resourceTypes: Record<string, number>): RebuiltStack {
  const resourceCount = Object.values(resourceTypes).reduce((a, b) => a + b, 0);
  return {
    part,
    stackName: `prod-${part}`,
    region: part === 'dr' ? 'eu-west-1' : 'eu-central-1',
    account: '333333333333',
    dependencies,
    resourceTypes,
    resourceCount,
    containerSecrets: [],
    templateFile: '',
  };
}

describe('the estimates', () => {
  const rebuild = rebuildConfig(REQUEST, recorded);
  const stacks = [
    stack('network', [], { 'AWS::EC2::NatGateway': 3, 'AWS::EC2::Subnet': 17 }),
    stack('dr', [], { 'AWS::KMS::Key': 1, 'AWS::KMS::Alias': 1 }),
    stack('data', ['prod-network'], { 'AWS::RDS::DBInstance': 3, 'AWS::ElastiCache::ReplicationGroup': 1, 'AWS::KMS::Key': 16 }),
    stack('services', ['prod-network', 'prod-data'], {
      'AWS::ElasticLoadBalancingV2::LoadBalancer': 1,
      'AWS::ECS::Service': 2,
      'AWS::IAM::Role': 17,
    }),
    stack('backup', ['prod-dr', 'prod-data'], { 'AWS::Lambda::Function': 20 }),
  ];

  test('a stack: 2 min base, its slowest chain, 3 s per resource; the database from the measured restore and its replicas', () => {
    expect(stackMinutes(stacks[0], rebuild.config, measured).minutes).toBeCloseTo(2 + 5 + 20 * 0.05);
    expect(stackMinutes(stacks[2], rebuild.config, measured).minutes).toBeCloseTo(2 + 23 * 1.25 + 23 + 20 * 0.05);
    expect(stackMinutes(stacks[3], rebuild.config, measured).minutes).toBeCloseTo(2 + 5 + 10 + 20 * 0.05);
  });

  test('the deploy: the critical path of concurrent stacks; the deferred DR stack takes no time', () => {
    const plan = buildPlan({ rebuild, recorded, stacks, measured });
    expect(plan.stacks.map((s) => [s.stack.stackName, Math.round(s.finishesAt * 100) / 100])).toEqual([
      ['prod-network', 8],
      ['prod-dr', 0],
      ['prod-data', 8 + 54.75],
      ['prod-services', 8 + 54.75 + 18],
      ['prod-backup', 8 + 54.75 + 3],
    ]);
    expect(plan.steps.find((s) => s.phase === 'deploy')!.minutes).toBeCloseTo(80.75);
    const counted = plan.steps.filter((s) => s.phase !== 'after recovery').reduce((sum, s) => sum + s.minutes, 0);
    expect(plan.totalMinutes).toBeCloseTo(counted);
  });
});

describe('--execute', () => {
  const rebuild = rebuildConfig(REQUEST, recorded);
  const plan = buildPlan({
    rebuild,
    recorded,
    stacks: [stack('network', [], {}), stack('dr', [], {}), stack('data', ['prod-network'], { 'AWS::RDS::DBInstance': 1 })],
    measured,
  });
  function ports(overrides: Partial<ExecutePorts>) {
    const runCdk = jest.fn(async () => 0);
    const ask = jest.fn(async () => 'prod');
    return {
      runCdk,
      ask,
      ports: { haveCredentials: async () => true, ask, writeOverrides: () => '/tmp/o.json', runCdk, progress: () => {}, ...overrides },
    };
  }

  test('without credentials says so and deploys nothing, before asking anything', async () => {
    const { runCdk, ask, ports: p } = ports({ haveCredentials: async () => false });
    const outcome = await executeRebuild(rebuild, plan, [], { ...p, ask }, 'out.json');
    expect(outcome).toEqual({
      deployed: false,
      exitCode: 1,
      reason: expect.stringMatching(/^--execute needs AWS credentials for account 333333333333/),
    });
    expect(ask).not.toHaveBeenCalled();
    expect(runCdk).not.toHaveBeenCalled();
  });

  test.each([
    ['', 'not confirmed (the stage name was not typed); nothing was deployed'],
    ['yes', 'confirmation "yes" is not the stage name "prod"; nothing was deployed'],
  ])('refuses unless the stage name is typed (typed %j)', async (typed, reason) => {
    const { runCdk, ports: p } = ports({ ask: async () => typed });
    expect(await executeRebuild(rebuild, plan, [], p, 'out.json')).toEqual({ deployed: false, exitCode: 1, reason });
    expect(runCdk).not.toHaveBeenCalled();
  });

  test('refuses a plan with problems', async () => {
    const { runCdk, ports: p } = ports({});
    const outcome = await executeRebuild(rebuild, plan, ['the estimated total exceeds the RTO'], p, 'out.json');
    expect(outcome.deployed).toBe(false);
    expect(runCdk).not.toHaveBeenCalled();
  });

  test("deploys through bin/app.ts's context: the stage, the override file, the images; the deferred DR stack left out", () => {
    expect(deployArguments(rebuild, plan, '/tmp/o.json', 'out.json')).toEqual([
      'cdk',
      'deploy',
      '--exclusively',
      'prod-network',
      'prod-data',
      '-c',
      'stage=prod',
      '-c',
      'configFile=/tmp/o.json',
      '-c',
      `apiImage=${rebuild.config.api.image.uri}`,
      '-c',
      `workerImage=${rebuild.config.worker.image.uri}`,
      '--concurrency',
      '4',
      '--outputs-file',
      'out.json',
    ]);
  });
});

describe('the newest off-site copy', () => {
  const at = (iso: string) => new Date(iso);
  const tags = (stage: string) => ({ Stage: stage, CreatedBy: 'stage-platform-backup' });
  test("is the newest available snapshot tagged as this platform's backup of the stage", () => {
    const copy = (id: string, createdAt: string, status = 'available', t: Record<string, string> | undefined = tags('prod')) => ({
      id,
      arn: `arn:aws:rds:eu-central-1:333333333333:snapshot:${id}`,
      source: 'x',
      manual: true,
      status,
      createdAt: at(createdAt),
      tags: t,
    });
    const found = newestStageCopy(
      [
        copy('old', '2026-12-01T03:00:00Z'),
        copy('copying', '2026-12-04T03:00:00Z', 'copying'),
        copy('staging', '2026-12-04T03:00:00Z', 'available', tags('staging')),
        copy('untagged', '2026-12-04T03:00:00Z', 'available', { Stage: 'prod' }),
        copy('newest', '2026-12-03T03:00:00Z'),
      ],
      'prod',
    );
    expect(found?.id).toBe('newest');
  });
});

describe('the CLI', () => {
  function io(credentials = false) {
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      aws: { haveCredentials: async () => credentials } as unknown as CliIo['aws'],
      execute: {} as ExecutePorts,
    };
    return { cli, out, err };
  }

  test('--help prints the usage and exits 0', async () => {
    const { cli, out } = io();
    expect(await runRecover(['--help'], cli)).toBe(0);
    expect(out.join('\n')).toBe(USAGE);
  });

  test('an unknown stage exits 2 listing the known ones', async () => {
    const { cli, err } = io();
    expect(await runRecover(['--stage', 'qa', '--region', 'eu-central-1'], cli)).toBe(2);
    expect(err.join('')).toMatch(/unknown stage "qa"; known stages: dev, staging, prod/);
  });

  test('an unknown flag exits 2 with the usage', async () => {
    const { cli, err } = io();
    expect(await runRecover(['--stage', 'prod', '--regoin', 'eu-central-1'], cli)).toBe(2);
    expect(err.join('')).toMatch(/Unknown option '--regoin'[\s\S]*Usage: npm run recover/);
  });

  test('a missing fixture file exits 2 naming --config-backup', async () => {
    const { cli, err } = io();
    const args = [
      '--stage',
      'prod',
      '--region',
      'eu-central-1',
      '--config-backup',
      'nowhere.json',
      '--restore-report',
      'r.json',
      '--snapshot',
      SNAPSHOT,
    ];
    expect(await runRecover(args, cli)).toBe(2);
    expect(err.join('')).toMatch(/--config-backup: cannot read "nowhere\.json" \(ENOENT\)/);
  });

  test('without files and without credentials exits 2 saying how to run offline', async () => {
    const { cli, err } = io(false);
    expect(await runRecover(['--stage', 'prod', '--region', 'eu-central-1'], cli)).toBe(2);
    expect(err.join('')).toMatch(
      /no AWS credentials: without them pass --config-backup <file>, --restore-report <file> and --snapshot <arn>/,
    );
  });

  test('a bad rebuild request exits 2 before synthesizing, naming the flag', async () => {
    const { cli, err } = io();
    const args = [
      '--stage',
      'prod',
      '--region',
      'eu-west-1',
      '--config-backup',
      PROD_CONFIG_BACKUP_FILE,
      '--restore-report',
      join(FIXTURES, 'prod-restore-report.json'),
      '--snapshot',
      SNAPSHOT,
    ];
    expect(await runRecover(args, cli)).toBe(2);
    expect(err.join('')).toMatch(/--region: eu-west-1 is the stage's own region/);
    expect(err.join('')).not.toMatch(/synthesizing/);
  });
});
