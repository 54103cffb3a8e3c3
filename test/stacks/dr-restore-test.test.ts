import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, type StageName } from '../../lib/config/stage-name';
import { DR_LANDING_ZONE_CIDR } from '../../lib/constructs/restore-test/dr-landing-zone';
import { allStates } from '../support/local-execution';
import { synthStage } from '../support/stage-synth';
import { definitionOf, reachable, type Asl } from '../constructs/restore-test/stack';

/**
 * The DR landing zone and the monthly DR restore test, as each stage synthesizes them: the stacks
 * in the DR region, the workflow's error paths, the roles' reach, and the alarms and dashboard line
 * in the stage's own region.
 */

/** Template JSON, read as loosely as CloudFormation takes it. */
type Json = ReturnType<typeof JSON.parse>;
type Resources = Record<string, { Type: string; Properties?: Record<string, Json>; DeletionPolicy?: string }>;
const resourcesOf = (stage: StageName, part: 'dr' | 'drRestoreTest' | 'restoreTest' | 'monitoring'): Resources =>
  synthStage(stage).templates[part].toJSON().Resources;
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Every resource type the DR region's stacks may hold: none of them is billed by the hour while idle. */
const FREE_WHILE_IDLE = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::FlowLog',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::StepFunctions::StateMachine',
  'AWS::Scheduler::Schedule',
  // CDK's custom resource that removes the default security group's rules (restrictDefaultSecurityGroup).
  'Custom::VpcRestrictDefaultSG',
  'AWS::CDK::Metadata',
]);

describe.each(STAGE_NAMES)('%s: the DR landing zone', (stage) => {
  const config = STAGES[stage];
  const synth = synthStage(stage);
  const zone = resourcesOf(stage, 'drRestoreTest');

  test('lives in the DR region, in a stateless stack beside the stateful <stage>-dr', () => {
    expect(synth.facts.drRestoreTest).toMatchObject({
      stackName: `${stage}-dr-restore-test`,
      region: config.backup.drRegion,
      terminationProtection: false,
    });
    expect(synth.facts.dr.region).toBe(config.backup.drRegion);
  });

  test('has no NAT, no internet gateway, no interface endpoint, no instance: nothing billed by the hour while idle', () => {
    for (const part of ['dr', 'drRestoreTest'] as const) {
      const types = [...new Set(Object.values(resourcesOf(stage, part)).map((r) => r.Type))];
      expect(types.filter((type) => !FREE_WHILE_IDLE.has(type))).toEqual([]);
    }
    expect(ofType(zone, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType(zone, 'AWS::EC2::InternetGateway')).toEqual([]);
    expect(ofType(zone, 'AWS::EC2::VPCGatewayAttachment')).toEqual([]);
    const endpoints = ofType(zone, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]?.VpcEndpointType ?? 'Gateway').toBe('Gateway');
    expect(JSON.stringify(endpoints[0]?.ServiceName)).toContain('.s3');
  });

  test('is isolated subnets only, over the configured AZs of the DR region, with no route but the S3 endpoint', () => {
    const [vpc] = ofType(zone, 'AWS::EC2::VPC');
    expect(vpc[1].Properties?.CidrBlock).toBe(DR_LANDING_ZONE_CIDR);
    const subnets = ofType(zone, 'AWS::EC2::Subnet').map(([, r]) => r.Properties!);
    expect(subnets.map((s) => s.AvailabilityZone).sort()).toEqual([...config.restoreTest.dr.availabilityZones].sort());
    for (const subnet of subnets) expect(subnet.MapPublicIpOnLaunch).toBe(false);
    expect(ofType(zone, 'AWS::EC2::Route')).toEqual([]);
  });

  test('has a DB subnet group over those subnets, and security groups that let only the verify function reach the copy', () => {
    expect(ofType(zone, 'AWS::RDS::DBSubnetGroup')).toHaveLength(1);
    const groups = ofType(zone, 'AWS::EC2::SecurityGroup').map(([id, r]) => ({ id, ...r.Properties }) as Record<string, Json>);
    const copy = groups.find((g) => /CopySecurityGroup/.test(g.id))!;
    const verify = groups.find((g) => /VerifySecurityGroup/.test(g.id))!;
    expect(copy.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
    ]);
    const ingress = ofType(zone, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties!);
    expect(ingress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        GroupId: { 'Fn::GetAtt': [copy.id, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [verify.id, 'GroupId'] },
      }),
    ]);
    expect(verify.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })]);
    // The verify function's one other way out: the copies' database port.
    expect(ofType(zone, 'AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        GroupId: { 'Fn::GetAtt': [verify.id, 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [copy.id, 'GroupId'] },
      }),
    ]);
  });

  test('lets the landing zone reach only the run objects and the manifest copies through its S3 endpoint', () => {
    const [[, endpoint]] = ofType(zone, 'AWS::EC2::VPCEndpoint');
    const statements = endpoint.Properties!.PolicyDocument.Statement as { Action: string | string[] }[];
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  test('keeps the DR key where it was and adds a versioned, retained, KMS-encrypted bucket of manifest copies', () => {
    const dr = resourcesOf(stage, 'dr');
    expect(dr.SnapshotCopyKey8B833C79.Type).toBe('AWS::KMS::Key');
    const [[, bucket]] = ofType(dr, 'AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': ['SnapshotCopyKey8B833C79', 'Arn'] },
    });
  });

  test('keeps each run password object a day at most, encrypted under the DR key', () => {
    const [[, bucket]] = ofType(zone, 'AWS::S3::Bucket');
    expect(bucket.Properties!.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 1, Status: 'Enabled' }),
    );
    expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'aws:kms',
    );
  });
});

describe.each(STAGE_NAMES)('%s: the DR restore workflow', (stage) => {
  const template = synthStage(stage).templates.drRestoreTest;
  const [machineId] = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
  const asl: Asl = definitionOf(template, machineId);

  test('every Task before cleanup catches every error into cleanup, keeping the state', () => {
    const tasks = allStates(asl.States as never).filter(([, state]) => state.Type === 'Task');
    const beforeCleanup = tasks.filter(([name]) => name !== 'CleanUp' && name !== 'Report');
    expect(beforeCleanup.map(([name]) => name).sort()).toEqual([
      'CheckCopy',
      'CheckCopyAfterPrepare',
      'PrepareCopy',
      'StartRestore',
      'Verify',
    ]);
    for (const [name, state] of beforeCleanup)
      expect({ name, catch: state.Catch }).toEqual({
        name,
        catch: [{ ErrorEquals: ['States.ALL'], Next: 'CleanUp', ResultPath: '$.error' }],
      });
  });

  test('cleanup retries, and its own failure still reaches the report; no end is reachable without cleanup', () => {
    expect(asl.States.CleanUp.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 5 }));
    expect(asl.States.CleanUp.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Report', ResultPath: '$.cleanupError' }]);
    const ends = Object.entries(asl.States)
      .filter(([, s]) => s.Type === 'Succeed' || s.Type === 'Fail')
      .map(([name]) => name);
    const withoutCleanup = reachable(asl, asl.StartAt, 'CleanUp');
    for (const end of ends) expect({ end, reachable: withoutCleanup.has(end) }).toEqual({ end, reachable: false });
  });

  test('runs each step as its DR function (status reuses the weekly one) and the verify step inside the landing zone', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => f.Properties);
    const byService = (name: string) => functions.find((p) => p.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
    for (const name of [
      'restore-test-dr-start',
      'restore-test-db-status',
      'restore-test-dr-credentials',
      'restore-test-dr-cleanup',
      'restore-test-dr-report',
      'restore-test-dr-sweeper',
    ])
      expect({ name, vpc: byService(name)?.VpcConfig }).toEqual({ name, vpc: undefined });
    expect(byService('restore-test-dr-verify')?.VpcConfig?.SubnetIds).toHaveLength(STAGES[stage].restoreTest.dr.availabilityZones.length);
    // Nothing secret travels in the environment: the password is in the run bucket only.
    expect(JSON.stringify(byService('restore-test-dr-verify')?.Environment)).not.toMatch(/PASSWORD|SECRET/);
    expect(byService('restore-test-dr-start')?.Environment?.Variables?.INSTANCE_CLASS).toBe(STAGES[stage].restoreTest.dr.instanceClass);
    expect(byService('restore-test-dr-report')?.Environment?.Variables?.PRIMARY_REGION).toBe(STAGES[stage].env.region);
  });

  test(`is scheduled monthly, and enabled only where the config says (${STAGES[stage].restoreTest.dr.enabled ? 'on' : 'off'} in ${stage})`, () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    const monthly = schedules.find((s) => s.ScheduleExpression === STAGES[stage].restoreTest.dr.schedule);
    expect(monthly?.State).toBe(STAGES[stage].restoreTest.dr.enabled ? 'ENABLED' : 'DISABLED');
    expect(schedules.find((s) => s.ScheduleExpression === 'rate(1 hour)')?.State).toBe('ENABLED');
  });
});

describe.each(STAGE_NAMES)("%s: the DR roles reach only this stage's copies in the DR region", (stage) => {
  const { drRegion } = STAGES[stage].backup;
  const resources = resourcesOf(stage, 'drRestoreTest');
  const statements = ofType(resources, 'AWS::IAM::Policy').flatMap(
    ([, p]) => p.Properties!.PolicyDocument.Statement as Record<string, Json>[],
  );
  const rdsStatements = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('rds:')));
  const arnsOf = (s: Record<string, Json>) => [s.Resource].flat().map((r) => JSON.stringify(r));

  test('every RDS resource is in the DR region', () => {
    const arns = rdsStatements.flatMap(arnsOf);
    expect(arns.length).toBeGreaterThan(5);
    for (const arn of arns) expect(arn).toContain(`:rds:${drRegion}:`);
  });

  test(`instances are created, changed and deleted only as ${stage}-restore-test-*, with this stage's restore-test tags`, () => {
    const writes = rdsStatements.filter((s) => [s.Action].flat().some((a: string) => /^rds:(Restore|Modify|Delete|AddTags)/.test(a)));
    for (const s of writes.filter((w) => arnsOf(w).some((arn) => arn.includes(':db:')))) {
      expect(arnsOf(s)).toEqual([expect.stringContaining(`:db:${stage}-restore-test-*`)]);
      const tags = JSON.stringify(s.Condition);
      expect(tags).toMatch(/"(aws:RequestTag|rds:db-tag)\/Purpose":"restore-test"/);
      expect(tags).toMatch(new RegExp(`"(aws:RequestTag|rds:db-tag)/Stage":"${stage}"`));
    }
  });

  test("the restore reads only this stage's backup snapshots, by name and by their backup tags", () => {
    const fromSnapshot = rdsStatements.filter(
      (s) => arnsOf(s).some((arn) => arn.includes(':snapshot:')) && [s.Action].flat().includes('rds:RestoreDBInstanceFromDBSnapshot'),
    );
    expect(fromSnapshot).toHaveLength(1);
    expect(arnsOf(fromSnapshot[0])).toEqual([expect.stringContaining(`:snapshot:${stage}-*`)]);
    expect(fromSnapshot[0].Condition).toEqual({
      StringEquals: { 'rds:snapshot-tag/Stage': stage, 'rds:snapshot-tag/CreatedBy': 'stage-platform-backup' },
    });
  });

  test('only describes may name every instance or snapshot of the region', () => {
    const wide = rdsStatements.filter((s) => arnsOf(s).some((arn) => /:(db|snapshot):\*"/.test(arn)));
    expect(wide.flatMap((s) => [s.Action].flat()).sort()).toEqual(['rds:DescribeDBInstances', 'rds:DescribeDBSnapshots']);
  });

  test('metrics are published only into the platform namespace', () => {
    const put = statements.filter((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    expect(put).toHaveLength(2);
    for (const s of put) expect(s.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'StagePlatform' } });
  });
});

describe.each(STAGE_NAMES)("%s: the DR restore test's results in the stage's own region", (stage) => {
  const dr = STAGES[stage].restoreTest.dr;
  const alarms = ofType(resourcesOf(stage, 'restoreTest'), 'AWS::CloudWatch::Alarm')
    .map(([, r]) => r.Properties!)
    .filter((p) => String(p.MetricName).includes('DrRestore'));

  test('alarms on a failed run, the RTO and RPO targets and leftovers, and, where it runs monthly, on no pass for 35 days', () => {
    const byMetric = Object.fromEntries(alarms.map((a) => [a.MetricName, a]));
    expect(Object.keys(byMetric).sort()).toEqual(
      [
        'DrRestoreSucceeded',
        'DrRestoreDurationSeconds',
        'DrRestoredDataAgeSeconds',
        'DrRestoreLeftoversDeleted',
        ...(dr.enabled ? ['HoursSinceDrRestoreSucceeded'] : []),
      ].sort(),
    );
    expect(byMetric.DrRestoreDurationSeconds).toMatchObject({
      Threshold: dr.rtoTargetMinutes * 60,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(byMetric.DrRestoredDataAgeSeconds).toMatchObject({ Threshold: dr.rpoTargetHours * 3600 });
    expect(byMetric.DrRestoreSucceeded).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'ignore',
    });
    if (dr.enabled)
      expect(byMetric.HoursSinceDrRestoreSucceeded).toMatchObject({ Threshold: 35 * 24, TreatMissingData: 'breaching', Period: 10800 });
    for (const alarm of alarms) {
      expect(alarm.Namespace).toBe('StagePlatform');
      expect(alarm.Dimensions).toContainEqual({ Name: 'Stage', Value: stage });
      expect(alarm.AlarmName).toMatch(new RegExp(`^${stage}-dr-restore-test-`));
    }
  });

  test('routed by severity: a failed DR restore pages in prod (ALARM and OK to the critical topic), every other one is a warning', () => {
    const { topics, warningDelivery } = STAGES[stage].monitoring.alerts;
    for (const alarm of alarms) {
      const critical = stage === 'prod' && alarm.MetricName === 'DrRestoreSucceeded';
      if (!critical && warningDelivery === 'daily-digest') {
        // The daily digest reports warnings; the alarm itself notifies nobody.
        expect({ name: alarm.AlarmName, actions: alarm.AlarmActions, ok: alarm.OKActions }).toEqual({ name: alarm.AlarmName });
        continue;
      }
      const topic = critical || topics === 'single-topic' ? 'PublishOutputRefAlertsTopic' : 'PublishOutputRefWarningAlertsTopic';
      expect({ name: alarm.AlarmName, actions: JSON.stringify(alarm.AlarmActions) }).toEqual({
        name: alarm.AlarmName,
        actions: expect.stringContaining(`"OutputName":"${topic}`),
      });
      expect(alarm.AlarmActions).toHaveLength(1);
      expect({ name: alarm.AlarmName, ok: alarm.OKActions }).toEqual({
        name: alarm.AlarmName,
        ok: critical ? alarm.AlarmActions : undefined,
      });
    }
    expect(alarms.filter((a) => a.OKActions).length).toBe(stage === 'prod' ? 1 : 0);
  });

  test("shows the DR restore's RTO and RPO on the dashboard's Recovery row", () => {
    const [dashboard] = ofType(resourcesOf(stage, 'monitoring'), 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard[1].Properties!.DashboardBody);
    expect(body).toContain('Last DR restore');
    expect(body).toContain('DrRestoreDurationSeconds');
    expect(body).toContain('DrRestoredDataAgeSeconds');
  });
});
