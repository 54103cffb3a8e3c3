import { Match } from 'aws-cdk-lib/assertions';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { MANAGED_RULE_GROUPS } from '../../lib/constructs/services/web-acl';
import { allResources, synthStage } from '../support/stage-synth';

type Resource = ReturnType<typeof allResources>[number];
type Statement = { Effect: string; Condition?: Record<string, Record<string, unknown>> };

/** A web ACL rule as the template holds it (only the parts these tests read). */
interface WafRule {
  Name: string;
  Priority: number;
  Action?: Record<string, unknown>;
  OverrideAction?: Record<string, unknown>;
  Statement: {
    ManagedRuleGroupStatement?: { VendorName: string; Name: string; ExcludedRules?: unknown[]; RuleActionOverrides?: unknown[] };
    RateBasedStatement?: { Limit: number; EvaluationWindowSec: number; AggregateKeyType: string; ForwardedIPConfig?: unknown };
  };
}

describe.each(STAGE_NAMES)('%s web application firewall', (stage: StageName) => {
  const config = STAGES[stage];
  const services = () => synthStage(stage).templates.services;
  const webAcl = () => {
    const acls = Object.entries(services().findResources('AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const [id, acl] = acls[0];
    return { id, properties: acl.Properties };
  };

  test('one regional web ACL that allows what no rule blocks, with metrics', () => {
    expect(webAcl().properties).toMatchObject({
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
  });

  test('is associated with the stage ALB', () => {
    const [lbId] = Object.keys(services().findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    services().resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    services().hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: lbId },
      WebACLArn: { 'Fn::GetAtt': [webAcl().id, 'Arn'] },
    });
  });

  test('runs the AWS managed common, known-bad-inputs and IP reputation rule groups, blocking as AWS defines', () => {
    const rules = webAcl().properties.Rules as WafRule[];
    const managed = rules.flatMap((r) =>
      r.Statement.ManagedRuleGroupStatement ? [{ ...r, group: r.Statement.ManagedRuleGroupStatement }] : [],
    );
    expect(managed.map((r) => r.group.Name).sort()).toEqual(
      ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].sort(),
    );
    expect([...MANAGED_RULE_GROUPS].sort()).toEqual(managed.map((r) => r.Name).sort());
    for (const rule of managed) {
      expect(rule.group.VendorName).toBe('AWS');
      // `None` keeps each group's own Block actions; `Count` would only observe.
      expect(rule.OverrideAction).toEqual({ None: {} });
      expect(rule.group.ExcludedRules ?? []).toEqual([]);
      expect(rule.group.RuleActionOverrides ?? []).toEqual([]);
    }
    const priorities = rules.map((r) => r.Priority);
    expect(new Set(priorities).size).toBe(rules.length);
  });

  test(`blocks a client above ${config.ingress.wafRateLimitPer5Min} requests in 5 minutes, counted per ${config.delivery.cdn.enabled ? 'forwarded client IP (behind CloudFront)' : 'source IP'}`, () => {
    const rules = webAcl().properties.Rules as WafRule[];
    const rate = rules.filter((r) => r.Statement.RateBasedStatement);
    expect(rate).toHaveLength(1);
    expect(rate[0].Action).toEqual({ Block: {} });
    const statement = rate[0].Statement.RateBasedStatement;
    expect(statement).toMatchObject({ Limit: config.ingress.wafRateLimitPer5Min, EvaluationWindowSec: 300 });
    if (config.delivery.cdn.enabled) {
      expect(statement).toMatchObject({
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      });
    } else {
      expect(statement?.AggregateKeyType).toBe('IP');
    }
  });

  test('logs to an aws-waf-logs- log group with the stage retention, credentials redacted', () => {
    const t = services();
    const [groupId, group] = Object.entries(
      t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp(`^aws-waf-logs-${stage}-`) } }),
    )[0];
    expect(group.Properties.RetentionInDays).toBe(config.logRetentionDays);
    const logging = Object.values(t.findResources('AWS::WAFv2::LoggingConfiguration'));
    expect(logging).toHaveLength(1);
    expect(logging[0].Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [webAcl().id, 'Arn'] });
    expect(JSON.stringify(logging[0].Properties.LogDestinationConfigs)).toContain(`{"Ref":"${groupId}"}`);
    const redacted = logging[0].Properties.RedactedFields.map((f: { SingleHeader: { Name: string } }) => f.SingleHeader.Name);
    expect(redacted).toEqual(expect.arrayContaining(['authorization', 'cookie']));
    // The CloudFront origin secret travels in a header; it must not land in the logs.
    if (config.delivery.cdn.enabled) expect(redacted).toContain('x-origin-verify');
  });
});

/** Resource types that hold data or open it; in prod none may be deleted with its stack or on replacement. */
const KEPT_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::EC2::VPC',
];

/**
 * Stateful-typed resources prod may delete, each with why. Anything not here fails the test.
 * Matched on `<part>/<logical id>`.
 */
const MAY_BE_DELETED: Record<string, string> = {
  'restoreTest/RestoreTestsDatabaseSubnetGroup994BB40D': 'subnet group of the throwaway databases restore tests create and delete',
  'restoreTest/RestoreTestsDatabaseSecretC660CF8B': 'credential of the throwaway restored databases, which are deleted after each test',
  'services/OriginVerifyED6A82E8': 'header value shared by CloudFront and the ALB, both in this template; a new one is generated with them',
  'drRestoreTest/DrRestoreTestLandingZoneVpcD453DA12':
    'the DR landing zone holds no data: DR restore copies live in it for hours and are deleted',
  'drRestoreTest/DrRestoreTestLandingZoneSubnetGroup2762D97A': 'subnet group of the throwaway DR restore copies',
  'drRestoreTest/DrRestoreTestRunBucket205D527B': "each DR run's temporary password object, deleted by the run and expired after a day",
};

/** CloudFormation's deletion policy; absent means Delete for every type here. */
function deletionPolicy(resource: Resource): string {
  return resource.deletionPolicy ?? 'Delete';
}

describe('prod keeps its data', () => {
  const prod = () => synthStage('prod');
  const kept = () => allResources(prod()).filter((r) => KEPT_TYPES.includes(r.type));

  test('no database, cache, bucket, key, secret or VPC is deleted with its stack (Retain or Snapshot)', () => {
    const deleted = kept()
      .filter((r) => deletionPolicy(r) === 'Delete' && !MAY_BE_DELETED[`${r.part}/${r.id}`])
      .map((r) => `${r.part}/${r.id} (${r.type})`);
    expect(deleted).toEqual([]);
  });

  test('nor deleted when a change replaces it (UpdateReplacePolicy)', () => {
    const replaced = Object.entries(prod().templates)
      .flatMap(([part, t]) =>
        Object.entries(t.toJSON().Resources as Record<string, { Type: string; UpdateReplacePolicy?: string }>).map(([id, r]) => ({
          part,
          id,
          ...r,
        })),
      )
      .filter(
        (r) => KEPT_TYPES.includes(r.Type) && (r.UpdateReplacePolicy ?? 'Delete') === 'Delete' && !MAY_BE_DELETED[`${r.part}/${r.id}`],
      )
      .map((r) => `${r.part}/${r.id} (${r.Type})`);
    expect(replaced).toEqual([]);
  });

  test('the exemptions still exist (a stale exemption would hide a new resource of the same name)', () => {
    const ids = new Set(allResources(prod()).map((r) => `${r.part}/${r.id}`));
    expect(Object.keys(MAY_BE_DELETED).filter((key) => !ids.has(key))).toEqual([]);
  });

  test('the database, its replicas and its credential are retained; the cache keeps a final snapshot', () => {
    const byType = (type: string) =>
      kept()
        .filter((r) => r.part === 'data' && r.type === type)
        .map(deletionPolicy);
    expect(byType('AWS::RDS::DBInstance')).toEqual(['Retain', 'Retain', 'Retain']);
    expect(byType('AWS::SecretsManager::Secret')).toEqual(['Retain', 'Retain']);
    expect(byType('AWS::ElastiCache::ReplicationGroup')).toEqual(['Snapshot']);
  });

  test('the VPC and the isolated subnets the retained database lives in are retained', () => {
    const network = allResources(prod()).filter((r) => r.part === 'network');
    expect(network.filter((r) => r.type === 'AWS::EC2::VPC').map(deletionPolicy)).toEqual(['Retain']);
    const isolated = network.filter((r) => r.type === 'AWS::EC2::Subnet' && /isolated/.test(r.id));
    expect(isolated).toHaveLength(STAGES.prod.network.availabilityZones.length);
    expect(isolated.map(deletionPolicy)).toEqual(isolated.map(() => 'Retain'));
  });

  test('the stateful stacks (network, DR key, data) have termination protection', () => {
    const { network, dr, data } = prod().facts;
    expect([network, dr, data].map((s) => [s.stackName, s.terminationProtection])).toEqual([
      ['prod-network', true],
      ['prod-dr', true],
      ['prod-data', true],
    ]);
  });
});

describe('dev can still be torn down', () => {
  test('its cache and cache credential go with the stack; its VPC is not retained', () => {
    const dev = allResources(synthStage('dev'));
    expect(dev.filter((r) => r.type === 'AWS::ElastiCache::ReplicationGroup').map(deletionPolicy)).toEqual(['Delete']);
    expect(dev.filter((r) => r.id.startsWith('CacheAuthToken')).map(deletionPolicy)).toEqual(['Delete']);
    // The stage's VPC and the DR landing zone's.
    expect(dev.filter((r) => r.type === 'AWS::EC2::VPC').map(deletionPolicy)).toEqual(['Delete', 'Delete']);
  });
});

/** Whether a bucket policy in the same template denies any request made without TLS on `bucketId`. */
function deniesInsecureTransport(resources: Resource[], bucketId: string): boolean {
  return resources
    .filter((r) => r.type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.properties.Bucket) === JSON.stringify({ Ref: bucketId }))
    .flatMap((r) => (r.properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false');
}

describe.each(STAGE_NAMES)('%s encryption, TLS and log retention across every template', (stage: StageName) => {
  const resources = () => allResources(synthStage(stage));
  const ofType = (type: string) => resources().filter((r) => r.type === type);

  test('every S3 bucket blocks public access, is encrypted and refuses requests without TLS', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThan(0);
    const problems = buckets.flatMap((b) => {
      const name = `${b.part}/${b.id}`;
      const found: string[] = [];
      const block = b.properties.PublicAccessBlockConfiguration as Record<string, boolean> | undefined;
      const flags = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
      if (!flags.every((f) => block?.[f] === true)) found.push(`${name}: public access not fully blocked`);
      const sse = (
        b.properties.BucketEncryption as
          | { ServerSideEncryptionConfiguration?: Array<{ ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }> }
          | undefined
      )?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
      if (!sse || !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(sse)) found.push(`${name}: no default encryption`);
      if (
        !deniesInsecureTransport(
          resources().filter((r) => r.part === b.part),
          b.id,
        )
      )
        found.push(`${name}: no policy denying aws:SecureTransport=false`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  test('every SQS queue and SNS topic is encrypted at rest', () => {
    const queues = ofType('AWS::SQS::Queue');
    const topics = ofType('AWS::SNS::Topic');
    expect(queues.length + topics.length).toBeGreaterThan(0);
    const plainQueues = queues
      .filter((q) => !q.properties.KmsMasterKeyId && q.properties.SqsManagedSseEnabled !== true)
      .map((q) => `${q.part}/${q.id}`);
    const plainTopics = topics.filter((t) => !t.properties.KmsMasterKeyId).map((t) => `${t.part}/${t.id}`);
    expect([...plainQueues, ...plainTopics]).toEqual([]);
  });

  test('every log group has a retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((g) => typeof g.properties.RetentionInDays !== 'number').map((g) => `${g.part}/${g.id}`)).toEqual([]);
    // Log groups AWS creates itself (RDS exports) get theirs through CDK's LogRetention resources.
    for (const r of ofType('Custom::LogRetention')) expect(Number(r.properties.RetentionInDays)).toBeGreaterThan(0);
  });

  test("every log group is encrypted with the stage's logs key, which only CloudWatch Logs of this account and region may use", () => {
    const [key] = ofType('AWS::KMS::Key').filter((k) => k.part === 'alerting' && k.id.startsWith('LogsKey'));
    expect(key.properties.EnableKeyRotation).toBe(true);
    const { region, account } = STAGES[stage].env;
    expect((key.properties.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${region}:${account}:log-group:*`]],
            },
          },
        },
      }),
    );
    const keyArn = (part: string) =>
      part === 'alerting'
        ? { 'Fn::GetAtt': [key.id, 'Arn'] }
        : {
            'Fn::GetStackOutput': expect.objectContaining({ StackName: `${stage}-alerting`, OutputName: expect.stringContaining(key.id) }),
          };
    // CloudWatch Logs uses a key of its own region only; the DR region's log groups (drRestoreTest) keep
    // CloudWatch's own encryption, since a key there would be the landing zone's one hourly-billed resource.
    const groups = ofType('AWS::Logs::LogGroup').filter((g) => g.part !== 'drRestoreTest');
    expect(groups.length).toBeGreaterThan(0);
    expect(ofType('AWS::Logs::LogGroup').filter((g) => g.part === 'drRestoreTest' && g.properties.KmsKeyId !== undefined)).toEqual([]);
    expect(
      groups
        .filter((g) => !expect.objectContaining({ KmsKeyId: keyArn(g.part) }).asymmetricMatch(g.properties))
        .map((g) => `${g.part}/${g.id}`),
    ).toEqual([]);
  });

  test('every Lambda function, CDK provider functions included, logs to a log group of its template (which has a retention)', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    const groupIds = new Set(
      ofType('AWS::Logs::LogGroup')
        .filter((g) => typeof g.properties.RetentionInDays === 'number')
        .map((g) => `${g.part}/${g.id}`),
    );
    const unmanaged = functions.filter((fn) => {
      const ref = (fn.properties.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
      return !(ref && groupIds.has(`${fn.part}/${ref}`));
    });
    expect(unmanaged.map((fn) => `${fn.part}/${fn.id}`)).toEqual([]);
  });

  test('the database forces TLS and the cache encrypts in transit', () => {
    const data = synthStage(stage).templates.data;
    data.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    data.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true });
    for (const db of ofType('AWS::RDS::DBInstance').filter((r) => r.part === 'data' && !r.properties.SourceDBInstanceIdentifier)) {
      expect(db.properties.StorageEncrypted).toBe(true);
    }
  });
});

/** A container definition as the template holds it (only the parts these tests read). */
interface ContainerDefinition {
  Name: string;
  User?: string;
  ReadonlyRootFilesystem?: boolean;
  MountPoints?: Array<{ ContainerPath: string; ReadOnly: boolean }>;
}

/** Whether an ECS `user` value names root: the user part is `root` or uid 0, whatever group follows. */
function runsAsRoot(user: string | undefined): boolean {
  return user === undefined || /^(root|0+)(:|$)/.test(user);
}

describe.each(STAGE_NAMES)('%s containers', (stage: StageName) => {
  const containers = () =>
    allResources(synthStage(stage))
      .filter((r) => r.type === 'AWS::ECS::TaskDefinition')
      .flatMap((r) =>
        (r.properties.ContainerDefinitions as ContainerDefinition[]).map((c) => ({ name: `${r.part}/${r.id}/${c.Name}`, ...c })),
      );

  test('the API, the worker and the database dump are the containers there are (migrations reuse the API task)', () => {
    expect(
      containers()
        .map((c) => `${c.name.split('/')[0]}/${c.Name}`)
        .sort(),
    ).toEqual(['backup/pg-dump', 'services/api', 'services/worker']);
  });

  test('every container of every task definition runs as a non-root user', () => {
    expect(
      containers()
        .filter((c) => runsAsRoot(c.User))
        .map((c) => `${c.name}: ${c.User ?? '(image default)'}`),
    ).toEqual([]);
  });

  test('the API and the worker run as the configured image user', () => {
    const byName = new Map(
      containers()
        .filter((c) => c.name.startsWith('services/'))
        .map((c) => [c.Name, c.User]),
    );
    expect(byName.get('api')).toBe(STAGES[stage].api.image.user);
    expect(byName.get('worker')).toBe(STAGES[stage].worker.image.user);
  });

  test('every container has a read-only root filesystem and a writable /tmp', () => {
    const problems = containers().flatMap((c) => [
      ...(c.ReadonlyRootFilesystem === true ? [] : [`${c.name}: root filesystem is writable`]),
      ...((c.MountPoints ?? []).some((m) => m.ContainerPath === '/tmp' && m.ReadOnly === false) ? [] : [`${c.name}: no writable /tmp`]),
    ]);
    expect(problems).toEqual([]);
  });
});

describe('the root-user check itself', () => {
  test.each(['root', '0', '00', '0:0', '0:1000', 'root:app', undefined])('%p is root', (user) => expect(runsAsRoot(user)).toBe(true));
  test.each(['65534:65534', '1000', 'postgres', 'app:0', '10'])('%p is not', (user) => expect(runsAsRoot(user)).toBe(false));
});

/** An IAM policy statement as synthesized, with the stack part and policy it belongs to. */
interface PolicyStatement {
  part: string;
  policy: string;
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

describe.each(STAGE_NAMES)('%s customer-managed keys of the database, the cache and the work queue', (stage: StageName) => {
  const { region, account } = STAGES[stage].env;
  const resources = () => allResources(synthStage(stage));
  /** The key of `part` whose logical id starts with `name`. */
  const key = (part: string, name: string) => {
    const keys = resources().filter((r) => r.part === part && r.type === 'AWS::KMS::Key' && r.id.startsWith(name));
    expect(keys).toHaveLength(1);
    return keys[0];
  };
  const statements = (): PolicyStatement[] =>
    resources()
      .filter((r) => r.type === 'AWS::IAM::Policy')
      .flatMap((p) =>
        (p.properties.PolicyDocument as { Statement: Omit<PolicyStatement, 'part' | 'policy'>[] }).Statement.map((s) => ({
          part: p.part,
          policy: p.id,
          ...s,
        })),
      );
  /** Statements naming the key with this logical id, in its own stack or through a reference to it. */
  const on = (keyId: string) => statements().filter((s) => JSON.stringify(s.Resource).includes(keyId));
  const actions = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();

  test('each is rotating, kept on deletion and replacement, and trusts only IAM of its own account (no service in its policy)', () => {
    for (const k of [key('data', 'DatabaseKey'), key('data', 'CacheKey'), key('services', 'WorkKey')]) {
      const template = synthStage(stage).templates[k.part].toJSON().Resources[k.id];
      expect([k.id, k.properties.EnableKeyRotation, template.DeletionPolicy, template.UpdateReplacePolicy]).toEqual([
        k.id,
        true,
        'Retain',
        'Retain',
      ]);
      expect((k.properties.KeyPolicy as { Statement: unknown[] }).Statement).toEqual([
        { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Resource: '*' },
      ]);
    }
  });

  test("the primary, the cache and both queues name their key; replicas inherit the primary's", () => {
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const instances = resources().filter((r) => r.type === 'AWS::RDS::DBInstance');
    expect(instances.filter((r) => !r.properties.SourceDBInstanceIdentifier).map((r) => r.properties.KmsKeyId)).toEqual([
      arn(key('data', 'DatabaseKey').id),
    ]);
    expect(instances.filter((r) => r.properties.SourceDBInstanceIdentifier).map((r) => r.properties.KmsKeyId ?? 'inherited')).toEqual(
      Array(STAGES[stage].database.readReplicas).fill('inherited'),
    );
    expect(
      resources()
        .filter((r) => r.type === 'AWS::ElastiCache::ReplicationGroup')
        .map((r) => r.properties.KmsKeyId),
    ).toEqual([arn(key('data', 'CacheKey').id)]);
    const workQueues = resources().filter(
      (r) => r.type === 'AWS::SQS::Queue' && r.part === 'services' && /^Work(Queue|DeadLetters)/.test(r.id),
    );
    expect(workQueues.map((r) => r.properties.KmsMasterKeyId)).toEqual([
      arn(key('services', 'WorkKey').id),
      arn(key('services', 'WorkKey').id),
    ]);
  });

  test('only the DB snapshot job and the DB restore test may use the database key: RDS grants, DescribeKey, Decrypt through RDS', () => {
    const uses = on(key('data', 'DatabaseKey').id);
    expect([...new Set(uses.map((s) => `${s.part}/${s.policy.replace(/[0-9A-F]{8}$/, '')}`))].sort()).toEqual([
      'backup/SnapshotsDbSnapshotFunctionServiceRoleDefaultPolicy',
      'restoreTest/RestoreTestsDatabaseStartServiceRoleDefaultPolicy',
    ]);
    expect(actions(uses)).toEqual(['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey']);
    for (const s of uses.filter((u) => u.Action === 'kms:CreateGrant'))
      expect(s.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    for (const s of uses.filter((u) => u.Action === 'kms:Decrypt'))
      expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': `rds.${region}.amazonaws.com` } });
    for (const s of uses) expect([s.Action].flat()).toHaveLength(1);
  });

  test('only the cache snapshot job and the cache restore test may use the cache key: grants, DescribeKey, and Decrypt through ElastiCache for the restore', () => {
    const uses = on(key('data', 'CacheKey').id);
    const byPolicy = (prefix: string) => actions(uses.filter((s) => s.policy.startsWith(prefix)));
    expect(byPolicy('SnapshotsCacheSnapshotFunction')).toEqual(['kms:CreateGrant', 'kms:DescribeKey']);
    expect(byPolicy('RestoreTestsCacheStart')).toEqual(['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey']);
    expect(
      uses.filter((s) => !s.policy.startsWith('SnapshotsCacheSnapshotFunction') && !s.policy.startsWith('RestoreTestsCacheStart')),
    ).toEqual([]);
    for (const s of uses.filter((u) => u.Action === 'kms:CreateGrant'))
      expect(s.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    for (const s of uses.filter((u) => u.Action === 'kms:Decrypt'))
      expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': `elasticache.${region}.amazonaws.com` } });
  });

  test('only the API (GenerateDataKey, Decrypt) and the worker (Decrypt) may use the work queue key', () => {
    const uses = on(key('services', 'WorkKey').id);
    expect(uses.map((s) => [s.policy.replace(/[0-9A-F]{8}$/, ''), s.Action])).toEqual([
      ['ApiTaskTaskRoleDefaultPolicy', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['WorkerTaskTaskRoleDefaultPolicy', 'kms:Decrypt'],
    ]);
  });

  test('the DR copies are made under the DR key, named by its alias in the DR region, through RDS grants only', () => {
    const dr = STAGES[stage].backup.drRegion;
    const drKey = statements().filter((s) => JSON.stringify(s.Resource) === JSON.stringify(`arn:aws:kms:${dr}:${account}:key/*`));
    expect(drKey.map((s) => [s.policy.replace(/[0-9A-F]{8}$/, ''), s.Action, s.Condition?.['ForAnyValue:StringEquals']])).toEqual([
      [
        'SnapshotsDbSnapshotFunctionServiceRoleDefaultPolicy',
        'kms:DescribeKey',
        { 'kms:ResourceAliases': `alias/${STAGES[stage].project}-${stage}-backup-dr` },
      ],
      [
        'SnapshotsDbSnapshotFunctionServiceRoleDefaultPolicy',
        'kms:CreateGrant',
        { 'kms:ResourceAliases': `alias/${STAGES[stage].project}-${stage}-backup-dr` },
      ],
    ]);
  });
});

describe('the TLS-policy scan itself', () => {
  const policy = (effect: string, secure: unknown): Resource => ({
    part: 'data',
    id: 'Policy',
    type: 'AWS::S3::BucketPolicy',
    properties: {
      Bucket: { Ref: 'Bucket' },
      PolicyDocument: { Statement: [{ Effect: effect, Condition: { Bool: { 'aws:SecureTransport': secure } } }] },
    },
  });

  test('accepts a Deny on aws:SecureTransport=false for that bucket only', () => {
    expect(deniesInsecureTransport([policy('Deny', 'false')], 'Bucket')).toBe(true);
    expect(deniesInsecureTransport([policy('Deny', 'false')], 'OtherBucket')).toBe(false);
  });

  test('rejects no policy, an Allow, or a condition on secure requests', () => {
    expect(deniesInsecureTransport([], 'Bucket')).toBe(false);
    expect(deniesInsecureTransport([policy('Allow', 'false')], 'Bucket')).toBe(false);
    expect(deniesInsecureTransport([policy('Deny', 'true')], 'Bucket')).toBe(false);
  });
});
