import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { scratchDir } from '../support/scratch-dir';
import { allResources, stageGuards, synthStage } from '../support/stage-synth';

/** Property names that would carry a credential if one were ever written into a template. */
const SECRET_KEY = /password|passwd|secret(?!sManager|Arn|Id|Name|StringTemplate|Template)|token|apikey|privatekey/i;
/** Keys that merely configure secret generation, name a secret, or (HttpTokens) require IMDSv2. */
const ALLOWED_KEYS = new Set([
  'ExcludeCharacters',
  'ExcludePunctuation',
  'GenerateStringKey',
  'PasswordLength',
  'SecretStringTemplate',
  'GenerateSecretString',
  'ValueFrom',
  'SecretArn',
  'ManageMasterUserPassword',
  'HttpTokens',
]);

function literalSecrets(value: unknown, trail: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => literalSecrets(v, [...trail, String(i)]));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // An environment entry { Name, Value }: judge the pair by its name.
    if (typeof record.Name === 'string' && 'Value' in record && SECRET_KEY.test(record.Name) && typeof record.Value === 'string') {
      return [`${trail.join('.')}: ${record.Name}`];
    }
    return Object.entries(record).flatMap(([k, v]) => {
      // IAM condition keys (token.actions.githubusercontent.com:sub, iam:PassedToService) name claims, not credentials.
      if (k === 'Condition') return [];
      if (SECRET_KEY.test(k) && !ALLOWED_KEYS.has(k) && typeof v === 'string' && !v.startsWith('{{resolve:secretsmanager:'))
        return [`${[...trail, k].join('.')}=${v.slice(0, 8)}…`];
      return literalSecrets(v, [...trail, k]);
    });
  }
  return [];
}

const TAGGED_TYPES = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::NatGateway',
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::SecretsManager::Secret',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::SQS::Queue',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
];

describe.each(STAGE_NAMES)('%s guards', (stage: StageName) => {
  const synth = () => synthStage(stage);
  const guards = () => stageGuards(stage);

  test("CloudFormation's template validation reports no error", () => {
    const found = guards().cloudFormation;
    expect(found.filter((v) => v.severity !== 'warning').map((v) => v.ruleName)).toEqual([]);
    // It did read this stage: the explicit AZs (offline synth) draw its one expected warning.
    expect(found.map((v) => v.ruleName)).toContain('W3010');
  });

  test('every taggable resource carries Project and Stage tags', () => {
    const untagged = allResources(synth())
      .filter((r) => TAGGED_TYPES.includes(r.type) || Array.isArray(r.properties.Tags))
      .filter((r) => {
        const tags = (r.properties.Tags ?? []) as Array<{ Key: string; Value: string }>;
        const has = (key: string, value: string) => tags.some((t) => t.Key === key && t.Value === value);
        return !(has('Project', STAGES[stage].project) && has('Stage', stage));
      })
      .map((r) => `${r.part}/${r.id} (${r.type})`);
    expect(untagged).toEqual([]);
  });

  test('no template holds a plaintext password, token or key', () => {
    const found = allResources(synth()).flatMap((r) => literalSecrets(r.properties).map((f) => `${r.part}/${r.id}: ${f}`));
    expect(found).toEqual([]);
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    expect(guards().awsSolutions).toEqual([]);
  });

  test('cdk-nag NIST 800-53 rev 5 finds nothing unacknowledged', () => {
    expect(guards().nist).toEqual([]);
  });
});

describe('the plaintext-secret scan itself', () => {
  test('catches a literal password, a secret env var and a literal auth token', () => {
    expect(literalSecrets({ MasterUserPassword: 'hunter22' })).toHaveLength(1);
    expect(literalSecrets({ Environment: [{ Name: 'DB_PASSWORD', Value: 'x' }] })).toHaveLength(1);
    expect(literalSecrets({ AuthToken: 'abc' })).toHaveLength(1);
    expect(literalSecrets({ AuthToken: '{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:x}}' })).toHaveLength(0);
  });
});

describe('cdk synth with a bad override file', () => {
  test('fails with every problem listed and writes no template', () => {
    const dir = scratchDir('bad-config-');
    const file = path.join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ prod: { database: { readReplicas: 7 }, api: { cpu: 100 } } }));
    const out = path.join(dir, 'cdk.out');
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify({ configFile: file }) },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/prod\.database\.readReplicas: got 7; expected an integer from 0 to 5/);
    expect(result.stderr).toMatch(/prod\.api\.cpu: got 100; expected a Fargate CPU size/);
    const written = existsSync(out) ? readdirSync(out) : [];
    expect(written.filter((f) => f.endsWith('.template.json'))).toEqual([]);
  });

  test('a file that is not JSON is named with the fix', () => {
    const dir = scratchDir('bad-json-');
    const file = path.join(dir, 'overrides.json');
    writeFileSync(file, '{ prod: ');
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, CDK_OUTDIR: path.join(dir, 'out'), CDK_CONTEXT_JSON: JSON.stringify({ configFile: file }) },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/configFile: .* is not valid JSON/);
  });
});
