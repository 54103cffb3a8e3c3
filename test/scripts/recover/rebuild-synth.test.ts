import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIo, runRecover } from '../../../scripts/recover/cli';
import type { ExecutePorts } from '../../../scripts/recover/execute';
import { formatPlan, planProblems, type ValidationSummary } from '../../../scripts/recover/format';
import { readMeasuredRestore } from '../../../scripts/recover/measured-restore';
import { buildPlan, type RecoveryPlan } from '../../../scripts/recover/plan';
import { type RebuildConfig, rebuildConfig } from '../../../scripts/recover/rebuild-config';
import { readRecordedStage } from '../../../scripts/recover/recorded-stage';
import { type LintOutcome, lintRebuild, type RebuildSynth, synthRebuild } from '../../../scripts/recover/synth';
import { scratchDir } from '../../support/scratch-dir';

/*
 * The monthly rehearsal, offline: a DR rebuild of prod from the recorded config backup and
 * restore report. Synthesized once (about 10-20 s) and shared by every test here.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'recover');
const DR_REGION = 'eu-central-1';
const SNAPSHOT = 'arn:aws:rds:eu-central-1:333333333333:snapshot:prod-databaseprimary-2026-12-03';
const CERTIFICATE = 'arn:aws:acm:eu-central-1:333333333333:certificate/00000000-0000-4000-8000-000000000002';

const recorded = readRecordedStage(readFileSync(join(FIXTURES, 'prod-config-backup.json'), 'utf8'), 'prod-config-backup.json', 'prod');
const reportBody = readFileSync(join(FIXTURES, 'prod-restore-report.json'), 'utf8');
const measured = readMeasuredRestore(reportBody, 'prod-restore-report.json');

let rebuild: RebuildConfig;
let synth: RebuildSynth;
let lint: LintOutcome;
let plan: RecoveryPlan;
let validation: ValidationSummary;

beforeAll(() => {
  rebuild = rebuildConfig({ stage: 'prod', region: DR_REGION, snapshot: SNAPSHOT, certificateArn: CERTIFICATE }, recorded);
  synth = synthRebuild(rebuild.config, scratchDir('recover-'));
  lint = lintRebuild(synth.stacks, 'prod');
  plan = buildPlan({ rebuild, recorded, stacks: synth.stacks, measured });
  validation = { missingContext: synth.missingContext, synthWarnings: 0, lint, assemblyDirectory: synth.assemblyDirectory };
}, 240_000);

const template = (part: string) =>
  JSON.parse(readFileSync(synth.stacks.find((s) => s.part === part)!.templateFile, 'utf8')) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
/** An ECR image as the template spells it (`Fn::Join` around the partition's URL suffix), as a plain URI. */
const imageUri = (image: unknown): string =>
  typeof image === 'string'
    ? image
    : ((image as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] ?? [])
        .map((part) =>
          typeof part === 'string' ? part : JSON.stringify(part) === '{"Ref":"AWS::URLSuffix"}' ? 'amazonaws.com' : JSON.stringify(part),
        )
        .join('');
const resourcesOf = (part: string, type: string) => Object.entries(template(part).Resources).filter(([, r]) => r.Type === type);

describe('a DR rebuild of prod from the recorded config backup', () => {
  test('synthesizes every stack of the stage: all in the DR region but the DR stack (the lost region), one account', () => {
    expect(synth.stacks.map((s) => s.part).sort()).toEqual(
      ['alerting', 'backup', 'cost', 'data', 'delivery', 'dr', 'drRestoreTest', 'monitoring', 'network', 'restoreTest', 'services'].sort(),
    );
    const regions = Object.fromEntries(synth.stacks.map((s) => [s.stackName, s.region]));
    // The stacks of the next DR region are in the lost one while copies are paused.
    const inLostRegion = ['prod-dr', 'prod-dr-restore-test'];
    expect(Object.entries(regions).filter(([name]) => !inLostRegion.includes(name))).toEqual(
      Object.entries(regions)
        .filter(([name]) => !inLostRegion.includes(name))
        .map(([name]) => [name, DR_REGION]),
    );
    for (const name of inLostRegion) expect(regions[name]).toBe('eu-west-1');
    expect(new Set(synth.stacks.map((s) => s.account))).toEqual(new Set(['333333333333']));
  });

  test('needs no lookups: the assembly lists no missing context', () => {
    expect(synth.missingContext).toEqual([]);
  });

  test('passes CloudFormation validation and the cdk-nag packs with no error (they would have failed the synth)', () => {
    const report = JSON.parse(readFileSync(join(synth.assemblyDirectory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; violations: Array<{ severity: string; ruleName: string }> }>;
    };
    const errors = report.pluginReports.flatMap((r) =>
      r.violations.filter((v) => v.severity === 'error' || v.severity === 'fatal').map((v) => `${r.pluginName}: ${v.ruleName}`),
    );
    expect(errors).toEqual([]);
    expect(report.pluginReports.map((r) => r.pluginName)).toContain('CloudFormation Validate');
  });

  test('passes cfn-lint with no error where cfn-lint is installed (on this machine; elsewhere the plan says it did not run)', () => {
    if (!lint.ran) {
      expect(lint.note).toMatch(/not on PATH/);
      return;
    }
    expect(lint.findings.filter((f) => f.level === 'Error').map((f) => `${f.stack} ${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  });

  test('restores the primary from the off-site copy, under the same logical ids, its key inherited from the snapshot', () => {
    const [[id, primary]] = resourcesOf('data', 'AWS::RDS::DBInstance').filter(([, r]) => !r.Properties?.SourceDBInstanceIdentifier);
    expect(id).toBe('DatabasePrimaryEDE0B3D0');
    expect(primary.Properties).toEqual(
      expect.objectContaining({ DBSnapshotIdentifier: SNAPSHOT, MultiAZ: true, DBInstanceClass: 'db.r7g.large' }),
    );
    expect(primary.Properties).not.toHaveProperty('KmsKeyId');
    expect(primary.Properties).not.toHaveProperty('StorageEncrypted');
    expect(primary.Properties).not.toHaveProperty('DBName');
    expect(resourcesOf('data', 'AWS::SecretsManager::Secret').map(([secretId]) => secretId)).toContain(
      'proddataDatabasePrimarySecret22A711B53fdaad7efa858a3daf9490cf0a702aeb',
    );
    expect(resourcesOf('data', 'AWS::RDS::DBInstance').filter(([, r]) => r.Properties?.SourceDBInstanceIdentifier)).toHaveLength(2);
  });

  test("grants the backup and restore-test roles the snapshot's key, the DR key of this region, not the new database key", () => {
    const sourceKey = ['backup', 'restoreTest'].flatMap((part) =>
      resourcesOf(part, 'AWS::IAM::Policy').flatMap(([, policy]) =>
        (
          policy.Properties!.PolicyDocument as {
            Statement: Array<{ Sid?: string; Resource: unknown; Condition?: Record<string, unknown> }>;
          }
        ).Statement.filter((statement) => statement.Sid === 'SourceKeyGrant'),
      ),
    );
    expect(sourceKey).toHaveLength(2);
    for (const statement of sourceKey) {
      expect(statement.Resource).toBe('arn:aws:kms:eu-central-1:333333333333:key/*');
      expect(statement.Condition).toEqual(
        expect.objectContaining({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/webapp-prod-backup-dr' } }),
      );
    }
  });

  test('starts the cache empty: no snapshot to seed it from', () => {
    const [[, cache]] = resourcesOf('data', 'AWS::ElastiCache::ReplicationGroup');
    expect(cache.Properties).not.toHaveProperty('SnapshotName');
    expect(cache.Properties).not.toHaveProperty('SnapshotArns');
  });

  test("runs the images the backup recorded, from the DR region's ECR replica", () => {
    const images = resourcesOf('services', 'AWS::ECS::TaskDefinition').flatMap(([, r]) =>
      (r.Properties!.ContainerDefinitions as Array<{ Image: unknown }>).map((c) => imageUri(c.Image)),
    );
    expect(images.sort()).toEqual([
      `333333333333.dkr.ecr.${DR_REGION}.amazonaws.com/webapp/api@sha256:${'3f'.repeat(32)}`,
      `333333333333.dkr.ecr.${DR_REGION}.amazonaws.com/webapp/worker@sha256:${'8c'.repeat(32)}`,
    ]);
  });

  test('creates no second GitHub OIDC provider (IAM is global; the account keeps its own)', () => {
    const all = synth.stacks.flatMap((s) => Object.values(template(s.part).Resources).map((r) => r.Type));
    expect(all.filter((t) => t === 'AWS::IAM::OIDCProvider' || t === 'Custom::AWSCDKOpenIdConnectProvider')).toEqual([]);
  });
});

describe('the rebuild plan of prod', () => {
  test('fits the 4-hour RTO from config with the measured restore, and names no problem', () => {
    expect(plan.rtoMinutes).toBe(240);
    expect(plan.totalMinutes).toBeGreaterThan(60);
    expect(plan.fits).toBe(true);
    expect(planProblems(plan, validation)).toEqual([]);
  });

  test('orders the stacks so each deploys after the ones it depends on, and defers the DR stack while its region is the lost one', () => {
    const order = plan.stacks.map((s) => s.stack.stackName);
    for (const { stack } of plan.stacks)
      for (const dependency of stack.dependencies) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(stack.stackName));
    expect(plan.stacks.filter((s) => s.deferred).map((s) => s.stack.stackName)).toEqual(['prod-dr', 'prod-dr-restore-test']);
    const deploy = plan.steps.find((s) => s.phase === 'deploy')!;
    expect(deploy.minutes).toBe(Math.max(...plan.stacks.map((s) => s.finishesAt)));
  });

  test('bases the data stack on the measured restore: 23 min × 1.25 for the primary, then the replicas', () => {
    const data = plan.stacks.find((s) => s.stack.part === 'data')!;
    expect(data.minutes).toBeGreaterThanOrEqual(23 * 1.25 + 23);
    expect(data.basis).toMatch(/restore test of 2026-11-29 took 23 min/);
    expect(plan.stacks.reduce((a, b) => (b.minutes > a.minutes ? b : a)).stack.part).toBe('data');
  });

  test("lists the manual steps: bootstrap, the team's parameters (a SecureString from the secret store), images, certificate, origin switch, verify", () => {
    const manual = plan.steps.filter((s) => s.manual).map((s) => s.name);
    expect(manual).toEqual(
      expect.arrayContaining([
        'CDK bootstrap of eu-central-1',
        'Secrets and parameters in eu-central-1',
        'Images and keys in eu-central-1',
        'Certificate for origin.app.example.com in eu-central-1',
        'Origin switch: origin.app.example.com to the new ALB',
        'Verify',
      ]),
    );
    const secrets = plan.steps.find((s) => s.name.startsWith('Secrets'))!;
    expect(secrets.detail).toEqual([
      'parameter /webapp/prod/feature-flags = "{\\"newCheckout\\":true}" (from the backup)',
      "parameter /webapp/prod/payments-api-key (SecureString: its value is not in the backup; take it from the team's secret store)",
    ]);
    expect(secrets.basis).toMatch(/2 recorded secrets are created anew by the stacks/);
  });

  test('names the account-wide resources the rebuild creates a second time (the lost region still holds the first)', () => {
    const twice = plan.steps.find((s) => s.name === 'Account-wide resources, now twice')!;
    expect(twice.phase).toBe('after recovery');
    expect(twice.detail.slice(0, -1)).toEqual([
      'prod-services: 1 CloudFront distribution (AWS::CloudFront::Distribution)',
      'prod-cost: 1 budget (AWS::Budgets::Budget)',
      'prod-cost: 1 cost anomaly monitor (AWS::CE::AnomalyMonitor)',
      'prod-cost: 1 cost anomaly subscription (AWS::CE::AnomalySubscription)',
    ]);
  });

  test('prints the stacks in order, each step with its estimate, and the verdict against the RTO', () => {
    const text = formatPlan(plan, rebuild, validation, 'dry run');
    expect(text).toMatch(/^Region rebuild of prod: eu-west-1 \(lost\) -> eu-central-1 {2}\[dry run\]$/m);
    expect(text).toMatch(/ 1\. prod-alerting/);
    expect(text).toMatch(/prod-dr .* deferred to fail-back/);
    expect(text).toMatch(/against the RTO of 240 min \(recovery\.regionRecovery\.rtoMinutes\): fits/);
  });

  test('fails when the last measured restore is so slow the plan cannot fit the RTO, naming the slowest stack', () => {
    const slow = readMeasuredRestore(reportBody.replace('"durationSeconds": 1380', '"durationSeconds": 10800'), 'slow report');
    const slowPlan = buildPlan({ rebuild, recorded, stacks: synth.stacks, measured: slow });
    expect(slowPlan.fits).toBe(false);
    expect(slowPlan.totalMinutes).toBeGreaterThan(240);
    const [problem] = planProblems(slowPlan, validation);
    expect(problem).toMatch(
      /^the estimated total of \d+ min exceeds the RTO of 240 min \(recovery\.regionRecovery\.rtoMinutes\): the slowest step is prod-data/,
    );
    expect(formatPlan(slowPlan, rebuild, validation, 'dry run')).toMatch(/DOES NOT FIT, \d+ min over/);
  });
});

describe('npm run recover, the dry run from the fixtures', () => {
  /** The CLI with this file's one synth and lint, and no AWS: every input comes from a file or a flag. */
  async function dryRun(reportFile?: string, aws = {} as CliIo['aws']): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      aws,
      execute: {} as ExecutePorts,
      synth: (config) => {
        expect(config).toEqual(rebuild.config);
        return synth;
      },
      lint: () => lint,
    };
    const files = reportFile
      ? ['--config-backup', join(FIXTURES, 'prod-config-backup.json'), '--restore-report', reportFile, '--snapshot', SNAPSHOT]
      : ['--backup-bucket', 'prod-backups'];
    const code = await runRecover(['--stage', 'prod', '--region', DR_REGION, ...files, '--certificate-arn', CERTIFICATE], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  test('prints the plan on stdout, progress on stderr, and exits 0 when it fits the RTO', async () => {
    const { code, out, err } = await dryRun(join(FIXTURES, 'prod-restore-report.json'));
    expect(code).toBe(0);
    expect(out).toMatch(/^Region rebuild of prod: eu-west-1 \(lost\) -> eu-central-1 {2}\[dry run\]/);
    expect(out).toMatch(/: fits, \d+ min to spare$/m);
    expect(err).toMatch(/^\[recover\] config backup: .*prod-config-backup\.json$/m);
    expect(err).not.toMatch(/PLAN FAILS/);
  });

  test('exits 1 and says why when a slow measured restore makes the plan exceed the RTO', async () => {
    const slow = join(synth.assemblyDirectory, 'slow-restore-report.json');
    writeFileSync(slow, reportBody.replace('"durationSeconds": 1380', '"durationSeconds": 10800'));
    const { code, out, err } = await dryRun(slow);
    expect(code).toBe(1);
    expect(out).toMatch(/DOES NOT FIT/);
    expect(err).toMatch(/^recover: PLAN FAILS: the estimated total of \d+ min exceeds the RTO of 240 min/m);
  });

  test('with credentials reads the backup and the report from the bucket and finds the newest copy, whose time it gives as the RPO', async () => {
    const asked: string[] = [];
    const aws = {
      haveCredentials: async () => true,
      readConfigBackupObject: async (bucket: string, region: string, stage: string) => {
        asked.push(`config ${bucket} ${region} ${stage}`);
        return {
          body: readFileSync(join(FIXTURES, 'prod-config-backup.json'), 'utf8'),
          source: 's3://prod-backups/config/prod/latest.json',
        };
      },
      readNewestRestoreReport: async (bucket: string, region: string, stage: string) => {
        asked.push(`report ${bucket} ${region} ${stage}`);
        return { body: reportBody, source: 's3://prod-backups/reports/prod/restore-tests/2026-11-29.json' };
      },
      findNewestCopy: async (stage: string, region: string) => {
        asked.push(`copy ${stage} ${region}`);
        return { arn: SNAPSHOT, takenAt: '2026-12-03T03:00:41.000Z' };
      },
    } as unknown as CliIo['aws'];
    const { code, out, err } = await dryRun(undefined, aws);
    expect(code).toBe(0);
    expect(asked).toEqual(['config prod-backups eu-west-1 prod', 'report prod-backups eu-west-1 prod', 'copy prod eu-central-1']);
    expect(err).toMatch(/^\[recover\] config backup: s3:\/\/prod-backups\/config\/prod\/latest\.json$/m);
    expect(out).toMatch(/The data is as of the snapshot, 2026-12-03T03:00:41\.000Z/);
  });
});
