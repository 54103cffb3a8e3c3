import { costReportKey, costReportPrefix } from '../../lambda/cost-report/contract';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { IamRequest } from '../../scripts/iam/aws-requests';
import { ConcreteValues, StageTemplates } from '../../scripts/iam/concrete';
import { denial } from '../../scripts/iam/contract';
import { PolicyStatement, TemplateJson, asList } from '../../scripts/iam/policies';
import { synthStage } from '../support/stage-synth';

// What the cost report reader can do, evaluated on each stage's synthesized policies by the same
// IAM policy evaluator the IAM contract test uses: open the stage's cost reports, list their
// prefix, decrypt them through S3, and nothing else in the bucket or with the key.

describe.each(STAGE_NAMES)('%s cost report reader', (stage: StageName) => {
  const { account, region } = STAGES[stage].env;
  const place = { partition: 'aws', account, region };

  const setup = () => {
    const synth = synthStage(stage);
    const byStackName = Object.fromEntries(
      Object.entries(synth.facts).map(([part, s]) => [s.stackName, synth.templates[part].toJSON() as TemplateJson]),
    );
    const stageTemplates: StageTemplates = { byStackName, where: place };
    const values = new ConcreteValues(stageTemplates);
    const costStack = `${stage}-cost`;
    const dataStack = `${stage}-data`;
    const resources = byStackName[costStack].Resources ?? {};
    const roleId = Object.keys(resources).find((id) => id.startsWith('CostsReaderRole') && resources[id].Type === 'AWS::IAM::Role')!;
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((r) => asList((r.Properties?.PolicyDocument as { Statement: PolicyStatement[] } | undefined)?.Statement ?? []))
      .map((s) => ({ ...s, Resource: asList(s.Resource as unknown[]).map((v) => values.resolve(v, costStack)) }));
    const dataResources = byStackName[dataStack].Resources ?? {};
    const bucketId = Object.keys(dataResources).find(
      (id) => id.startsWith('BackupsBucket') && dataResources[id].Type === 'AWS::S3::Bucket',
    )!;
    const keyId = Object.keys(dataResources).find((id) => id.startsWith('BackupKey') && dataResources[id].Type === 'AWS::KMS::Key')!;
    // KMS needs the key policy too; the data stack's, as deployed (it delegates to the account's IAM policies).
    const deep = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(deep);
      if (!value || typeof value !== 'object') return value;
      const keys = Object.keys(value);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return values.resolve(value, dataStack);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
    };
    return {
      reader: { roleId, statements },
      bucketArn: values.resolve({ 'Fn::GetAtt': [bucketId, 'Arn'] }, dataStack),
      keyArn: values.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] }, dataStack),
      keyPolicy: deep(dataResources[keyId].Properties?.KeyPolicy),
    };
  };
  let world: ReturnType<typeof setup>;
  beforeAll(() => {
    world = setup();
  });

  const allowed = async (request: IamRequest) => (await denial(request, world.reader, place)) === undefined;
  /** A KMS request, evaluated with the key policy as KMS does (the simulator needs it for KMS). */
  const allowedOnKey = async (action: string, context: Record<string, string>) => {
    const result = await runSimulation(
      {
        identityPolicies: [{ name: world.reader.roleId, policy: { Version: '2012-10-17', Statement: world.reader.statements } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: world.keyPolicy,
        request: {
          action,
          principal: `arn:aws:iam::${account}:role/${STAGES[stage].project}-${stage}-cost-report-reader`,
          resource: { resource: world.keyArn, accountId: account },
          contextVariables: { 'aws:SecureTransport': 'true', ...context },
        },
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult === 'Allowed';
  };
  const object = (key: string) => `${world.bucketArn}/${key}`;

  it.each(['daily', 'weekly', 'monthly'] as const)('opens the %s report in every format', async (period) => {
    for (const format of ['html', 'csv', 'json'] as const) {
      expect(await allowed({ action: 's3:GetObject', resource: object(costReportKey(stage, period, '2026-12-04', format)) })).toBe(true);
    }
  });

  it('reads nothing else in the bucket: dumps, manifests, config backups, restore-test reports, another stage', async () => {
    for (const key of [
      `dumps/${stage}/database/2026-12-04.dump`,
      `manifests/${stage}/database/2026-12-04.json`,
      `config/${stage}/stage.json`,
      `reports/${stage}/restore-tests/2026-12-04.json`,
      `reports/${stage === 'prod' ? 'dev' : 'prod'}/cost/daily/2026-12-04.html`,
    ]) {
      expect(await allowed({ action: 's3:GetObject', resource: object(key) })).toBe(false);
    }
  });

  it('lists the cost reports prefix only, so a report not written yet is a 404, not a 403', async () => {
    const list = (prefix: string) => allowed({ action: 's3:ListBucket', resource: world.bucketArn, context: { 's3:prefix': prefix } });
    expect(await list(costReportPrefix(stage))).toBe(true);
    expect(await list(`${costReportPrefix(stage)}daily/`)).toBe(true);
    expect(await list('dumps/')).toBe(false);
    expect(await list('')).toBe(false);
  });

  it('decrypts with the bucket key only through S3 in the stage region', async () => {
    const decrypt = (via?: string) => allowedOnKey('kms:Decrypt', via ? { 'kms:ViaService': via } : {});
    expect(await decrypt(`s3.${region}.amazonaws.com`)).toBe(true);
    expect(await decrypt()).toBe(false);
    expect(await decrypt(`secretsmanager.${region}.amazonaws.com`)).toBe(false);
    expect(await decrypt(`s3.${region === 'us-east-1' ? 'eu-west-1' : 'us-east-1'}.amazonaws.com`)).toBe(false);
  });

  it('writes, deletes and re-encrypts nothing', async () => {
    const key = costReportKey(stage, 'daily', '2026-12-04', 'html');
    expect(await allowed({ action: 's3:PutObject', resource: object(key) })).toBe(false);
    expect(await allowed({ action: 's3:DeleteObject', resource: object(key) })).toBe(false);
    expect(
      await allowed({ action: 'kms:GenerateDataKey', resource: world.keyArn, context: { 'kms:ViaService': `s3.${region}.amazonaws.com` } }),
    ).toBe(false);
  });
});
