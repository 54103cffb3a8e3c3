import { Match } from 'aws-cdk-lib/assertions';
import { severityOf } from '../../lib/catalogs/alarm-catalog';
import { nagFindings } from '../support/fixtures';
import {
  CACHE_KEY_ARN,
  DATABASE_KEY_ARN,
  definitionOf,
  reachable,
  restoreTestStack,
  stateMachineIds,
  TOPIC_ARN,
  type Asl,
} from './restore-test/stack';

const { restoreTests, template } = restoreTestStack();
const disabled = restoreTestStack({ enabled: false });
const ids = stateMachineIds(template);
const definitions: Record<'database' | 'cache', Asl> = {
  database: definitionOf(template, ids.database),
  cache: definitionOf(template, ids.cache),
};

/** The IAM statements of the role of the function whose Description contains `text`. */
function statementsOf(text: string): Record<string, unknown>[] {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(text) } });
  const [fn] = Object.values(functions);
  const role = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function envOf(handlerDir: string): Record<string, unknown> {
  const [fn] = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: handlerDir } } },
    }),
  );
  return fn.Properties.Environment.Variables;
}

describe.each(['database', 'cache'] as const)('the %s restore-test state machine', (kind) => {
  const asl = definitions[kind];
  const tasks = Object.entries(asl.States).filter(([, state]) => state.Type === 'Task');

  it('catches every error of every step before cleanup and sends it to cleanup, keeping the state', () => {
    const beforeCleanup = tasks.filter(([name]) => name !== 'CleanUp' && name !== 'Report');
    expect(beforeCleanup.map(([name]) => name).sort()).toEqual(
      (kind === 'database'
        ? ['StartRestore', 'CheckCopy', 'PrepareCopy', 'CheckCopyAfterPrepare', 'Verify']
        : ['StartRestore', 'CheckCopy', 'Verify']
      ).sort(),
    );
    for (const [name, state] of beforeCleanup) {
      expect({ name, catch: state.Catch }).toEqual({
        name,
        catch: [{ ErrorEquals: ['States.ALL'], Next: 'CleanUp', ResultPath: '$.error' }],
      });
    }
  });

  it('retries cleanup on any error, then still reports; a report that cannot be written fails the run', () => {
    expect(asl.States.CleanUp.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 5 }));
    expect(asl.States.CleanUp.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'Report', ResultPath: '$.cleanupError' }]);
    expect(asl.States.CleanUp.Next).toBe('Report');
    expect(asl.States.Report.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'ReportFailed' })]);
    expect(asl.States.ReportFailed.Type).toBe('Fail');
  });

  it('has no path from the start to any end that skips cleanup', () => {
    const ends = Object.entries(asl.States)
      .filter(([, s]) => s.Type === 'Succeed' || s.Type === 'Fail')
      .map(([name]) => name);
    expect(ends.sort()).toEqual(['ReportFailed', 'RestoreTestFailed', 'RestoreTestPassed']);
    const withoutCleanup = reachable(asl, asl.StartAt, 'CleanUp');
    for (const end of ends) expect({ end, reachable: withoutCleanup.has(end) }).toEqual({ end, reachable: false });
  });

  it('reaches cleanup from every step', () => {
    for (const [name] of tasks.filter(([n]) => n !== 'CleanUp' && n !== 'Report')) expect(reachable(asl, name).has('CleanUp')).toBe(true);
  });

  it('waits in a loop of status checks that exits only when the copy is ready or a check fails', () => {
    expect(asl.States.WaitForCopy).toMatchObject({ Type: 'Wait', Seconds: 60, Next: 'CheckCopy' });
    expect(asl.States['CopyReady?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.status.ready', BooleanEquals: true, Next: kind === 'database' ? 'PrepareCopy' : 'Verify' }],
      Default: 'WaitForCopy',
    });
  });

  it("starts by recording the kind and the execution's name and start time", () => {
    expect(asl.States[asl.StartAt]).toMatchObject({
      Type: 'Pass',
      Parameters: { kind, 'executionName.$': '$$.Execution.Name', 'executionStartTime.$': '$$.Execution.StartTime' },
      ResultPath: '$.run',
    });
  });

  it('succeeds only when the report says the test passed', () => {
    expect(asl.States['Passed?']).toMatchObject({
      Choices: [{ Variable: '$.report.succeeded', BooleanEquals: true, Next: 'RestoreTestPassed' }],
      Default: 'RestoreTestFailed',
    });
    expect(asl.States.RestoreTestFailed).toMatchObject({ Type: 'Fail', Error: 'RestoreTestFailed', CausePath: '$.report.summary' });
  });

  it("times out only as a last resort, an hour after the run's own deadline", () => {
    expect(asl.TimeoutSeconds).toBe((120 + 60) * 60);
  });
});

describe('the database workflow', () => {
  it('resets the master password once the copy is ready and waits for it to apply before verifying', () => {
    const asl = definitions.database;
    expect(asl.States.PrepareCopy.Next).toBe('WaitForCopyAfterPrepare');
    expect(asl.States['CopyReadyAfterPrepare?']).toMatchObject({ Choices: [{ Next: 'Verify' }], Default: 'WaitForCopyAfterPrepare' });
    expect(asl.States.Verify.Next).toBe('CleanUp');
  });
});

describe('the functions', () => {
  it('bounds the wait loop: two hours of one-minute polls, plus one', () => {
    expect(envOf('restore-test-db-status')).toMatchObject({ MAX_POLLS: '121' });
    expect(envOf('restore-test-cache-status')).toMatchObject({ MAX_POLLS: '121' });
  });

  it("restore from the stage's source with the configured class, mode, subnets and security group", () => {
    expect(envOf('restore-test-db-start')).toMatchObject({
      STAGE: 'dev',
      SOURCE_DB_INSTANCE_ID: 'dev-appdb',
      RESTORE_MODE: 'snapshot',
      SNAPSHOT_SOURCE: 'manual',
      INSTANCE_CLASS: 'db.t4g.small',
      DB_SUBNET_GROUP_NAME: { Ref: expect.stringMatching('DatabaseSubnetGroup') },
      SECURITY_GROUP_ID: { 'Fn::GetAtt': [expect.stringMatching('DatabaseCopySecurityGroup'), 'GroupId'] },
      TIMEOUT_MINUTES: '120',
    });
    expect(envOf('restore-test-cache-start')).toMatchObject({
      SOURCE_REPLICATION_GROUP_ID: 'dev-valkey',
      CACHE_NODE_TYPE: 'cache.t4g.micro',
      AUTH_SECRET_ARN: expect.stringMatching('dev-cache-auth'),
    });
  });

  it("encrypt the cache copy under the cache's own key; the database copy keeps its source's key without being told", () => {
    expect(envOf('restore-test-cache-start')).toMatchObject({ KMS_KEY_ID: CACHE_KEY_ARN });
    // RestoreDBInstanceFromDBSnapshot and RestoreDBInstanceToPointInTime take no key for an instance: the copy inherits the source's.
    expect(JSON.stringify(envOf('restore-test-db-start'))).not.toContain('kms');
  });

  it('verify from inside the VPC, trusting the RDS certificates, with the configured checks', () => {
    expect(envOf('restore-test-db-verify')).toMatchObject({
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      EXPECTED_TABLES: '["app.orders"]',
      SQL_CHECKS: JSON.stringify([{ name: 'has-orders', sql: 'select count(*) > 0 from app.orders' }]),
      FRESHNESS_QUERY: 'select max(updated_at) from app.orders',
      ROW_COUNT_TOLERANCE_PERCENT: '5',
    });
    for (const handlerDir of ['restore-test-db-verify', 'restore-test-cache-verify']) {
      const [fn] = Object.values(
        template.findResources('AWS::Lambda::Function', {
          Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: handlerDir } } },
        }),
      );
      expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(2);
    }
  });

  it('are all ARM64 PlatformFunctions', () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: Match.stringLikeRegexp('^restore-test-') } } },
      }),
    );
    expect(functions).toHaveLength(12);
    for (const fn of functions) expect(fn.Properties.Architectures).toEqual(['arm64']);
  });
});

describe("the copies' network", () => {
  it('puts restored instances and caches in the isolated subnets', () => {
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('isolatedSubnet1') }, { Ref: Match.stringLikeRegexp('isolatedSubnet2') }],
    });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('isolatedSubnet1') }, { Ref: Match.stringLikeRegexp('isolatedSubnet2') }],
    });
  });

  it('lets only the verify functions reach a copy, on its port', () => {
    for (const [sg, port] of [
      ['DatabaseCopySecurityGroup', 5432],
      ['CacheCopySecurityGroup', 6379],
    ] as const) {
      const ingress = Object.values(
        template.findResources('AWS::EC2::SecurityGroupIngress', {
          Properties: { GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp(sg), 'GroupId'] } },
        }),
      );
      expect(ingress).toHaveLength(1);
      expect(ingress[0].Properties).toMatchObject({
        FromPort: port,
        ToPort: port,
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/VerifySecurityGroup/), 'GroupId'] },
      });
    }
  });
});

describe('least privilege', () => {
  const copyDb = 'arn:aws:rds:eu-west-1:111111111111:db:dev-restore-test-*';
  const tagged = { StringEquals: { 'rds:db-tag/Purpose': 'restore-test', 'rds:db-tag/Stage': 'dev' } };

  it('creates instances only under restore-test names and with the restore-test tags', () => {
    expect(statementsOf('restore the newest database snapshot')).toContainEqual(
      expect.objectContaining({
        Action: ['rds:AddTagsToResource', 'rds:RestoreDBInstanceFromDBSnapshot', 'rds:RestoreDBInstanceToPointInTime'],
        Resource: copyDb,
        Condition: { StringEquals: { 'aws:RequestTag/Purpose': 'restore-test', 'aws:RequestTag/Stage': 'dev' } },
      }),
    );
  });

  it("restores only from this stage's snapshots of the source instance", () => {
    const restore = statementsOf('restore the newest database snapshot').find(
      (s) => !s.Condition && JSON.stringify(s.Action).includes('Restore'),
    )!;
    expect(restore.Resource).toEqual(
      expect.arrayContaining([
        'arn:aws:rds:eu-west-1:111111111111:snapshot:dev-dev-appdb-*',
        'arn:aws:rds:eu-west-1:111111111111:snapshot:rds:dev-appdb-*',
      ]),
    );
    expect(JSON.stringify(restore.Resource)).not.toContain('snapshot:*');
  });

  it('lists snapshots on what the calls are authorized on: the source instance for the database, every snapshot of the account and region for the cache', () => {
    // DescribeDBSnapshots filtered by the instance is authorized on the instance; ElastiCache's
    // DescribeSnapshots has snapshot as its only resource type, and a list names none.
    const describe = (text: string, action: string) => statementsOf(text).filter((s) => [s.Action].flat().includes(action));
    expect(describe('restore the newest database snapshot', 'rds:DescribeDBSnapshots')).toEqual([
      {
        Action: ['rds:DescribeDBInstances', 'rds:DescribeDBSnapshots'],
        Effect: 'Allow',
        Resource: 'arn:aws:rds:eu-west-1:111111111111:db:dev-appdb',
      },
    ]);
    expect(describe('restore the newest cache snapshot', 'elasticache:DescribeSnapshots')).toEqual([
      { Action: 'elasticache:DescribeSnapshots', Effect: 'Allow', Resource: 'arn:aws:elasticache:eu-west-1:111111111111:snapshot:*' },
    ]);
  });

  it('changes and deletes instances only when named and tagged as restore-test copies of this stage', () => {
    expect(statementsOf('fresh master password')).toContainEqual(
      expect.objectContaining({ Action: 'rds:ModifyDBInstance', Resource: copyDb, Condition: tagged }),
    );
    expect(statementsOf('delete the temporary database')).toContainEqual(
      expect.objectContaining({ Action: 'rds:DeleteDBInstance', Resource: copyDb, Condition: tagged }),
    );
    expect(statementsOf('delete restore-test copies older')).toContainEqual(
      expect.objectContaining({ Action: 'rds:DeleteDBInstance', Resource: copyDb, Condition: tagged }),
    );
  });

  it('creates and deletes caches only under restore-test names, with the restore-test tags', () => {
    const group = 'arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:dev-rt-*';
    expect(statementsOf('restore the newest cache snapshot')).toContainEqual(
      expect.objectContaining({
        Action: ['elasticache:AddTagsToResource', 'elasticache:CreateReplicationGroup'],
        Resource: [expect.stringContaining('cluster:dev-rt-*'), group],
        Condition: { StringEquals: { 'aws:RequestTag/Purpose': 'restore-test', 'aws:RequestTag/Stage': 'dev' } },
      }),
    );
    expect(statementsOf('delete the temporary replication group')).toContainEqual(
      expect.objectContaining({
        Action: 'elasticache:DeleteReplicationGroup',
        Resource: group,
        Condition: { StringEquals: { 'aws:ResourceTag/Purpose': 'restore-test', 'aws:ResourceTag/Stage': 'dev' } },
      }),
    );
  });

  it('grants delete and modify on restore-test copies only, and never on "*"', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const destructive = statements.filter((s) => [s.Action].flat().some((a) => /^(rds|elasticache):(Delete|Modify)/.test(a)));
    expect(destructive.length).toBe(7);
    for (const statement of destructive) {
      for (const resource of [statement.Resource].flat())
        expect(resource).toMatch(/:(db:dev-restore-test-|replicationgroup:dev-rt-|cluster:dev-rt-)\*$/);
    }
    const writes = statements.filter((s) =>
      [s.Action].flat().some((a) => /^(rds|elasticache):(Delete|Modify|Create|Restore|AddTags)/.test(a)),
    );
    for (const statement of writes) expect([statement.Resource].flat()).not.toContain('*');
  });

  it('lets RDS use the database key for the database restore only: a grant for an AWS resource, DescribeKey, Decrypt through RDS', () => {
    const kms = statementsOf('restore the newest database snapshot').filter((s) => JSON.stringify(s.Action).includes('kms:'));
    expect(kms).toEqual([
      { Sid: 'SourceKeyDescribe', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: DATABASE_KEY_ARN },
      {
        Sid: 'SourceKeyGrant',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: DATABASE_KEY_ARN,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'SourceKeyDecrypt',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: DATABASE_KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 'rds.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it('lets ElastiCache use the cache key for the cache restore only: a grant for an AWS resource, DescribeKey, Decrypt through ElastiCache', () => {
    const kms = statementsOf('restore the newest cache snapshot').filter((s) => JSON.stringify(s.Action).includes('kms:'));
    expect(kms).toEqual([
      { Sid: 'CacheKeyDescribe', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: CACHE_KEY_ARN },
      {
        Sid: 'CacheKeyGrant',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: CACHE_KEY_ARN,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'CacheKeyDecrypt',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: CACHE_KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 'elasticache.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it("gives no other restore-test function any use of the data stores' keys", () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const onDataKeys = statements.filter((s) => [s.Resource].flat().some((r) => r === DATABASE_KEY_ARN || r === CACHE_KEY_ARN));
    expect(onDataKeys).toHaveLength(6);
  });

  it('leaves no cdk-nag finding unexplained', () => {
    expect(nagFindings(restoreTests)).toEqual([]);
  });
});

describe('schedules', () => {
  it('start both workflows on the configured schedule', () => {
    for (const id of Object.values(ids)) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 6 ? * SUN *)',
        State: 'ENABLED',
        Target: Match.objectLike({ Arn: { Ref: id } }),
      });
    }
  });

  it('sweep and measure freshness every hour', () => {
    const hourly = template.findResources('AWS::Scheduler::Schedule', { Properties: { ScheduleExpression: 'rate(1 hour)' } });
    expect(Object.keys(hourly)).toHaveLength(2);
  });

  it('are off when the restore tests are disabled, while the sweeper keeps running', () => {
    disabled.template.resourcePropertiesCountIs(
      'AWS::Scheduler::Schedule',
      { ScheduleExpression: 'cron(0 6 ? * SUN *)', State: 'DISABLED' },
      2,
    );
    disabled.template.resourcePropertiesCountIs('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' }, 2);
  });
});

describe('alarms', () => {
  it('send every alarm to the stage topic, and no recovery: in dev every restore-test alarm is a warning', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(12);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([TOPIC_ARN]);
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
  });

  it('a failed restore test pages in prod only', () => {
    expect(severityOf('restoreTestFailed', 'prod')).toBe('critical');
    expect(severityOf('restoreWorkflowFailed', 'prod')).toBe('critical');
    expect(severityOf('restoreTestFailed', 'staging')).toBe('warning');
    expect(severityOf('restoreTestSlow', 'prod')).toBe('warning');
  });

  it.each([['HoursSinceRestoreTestSucceeded'], ['HoursSinceCacheRestoreSucceeded']])(
    'fire when %s passes eight days or goes missing',
    (metricName) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'StagePlatform',
        Dimensions: Match.arrayWith([
          { Name: 'Stage', Value: 'dev' },
          { Name: 'service', Value: 'restore-test-freshness' },
        ]),
        Threshold: 192,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
      });
    },
  );

  it.each([['RestoreTestSucceeded'], ['CacheRestoreSucceeded']])('fire when the last run failed (%s < 1)', (metricName) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Dimensions: Match.arrayWith([{ Name: 'service', Value: 'restore-test-report' }]),
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'ignore',
    });
  });

  it.each([['RestoreDurationSeconds'], ['CacheRestoreDurationSeconds']])('fire when %s exceeds the RTO target', (metricName) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each([['ExecutionsFailed'], ['ExecutionsTimedOut']])('watch %s of both state machines', (metricName) => {
    for (const id of Object.values(ids)) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: id } }],
        Threshold: 1,
      });
    }
  });

  it('fire when the sweeper had to delete a leftover', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RestoreTestLeftoversDeleted',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('do not expect recent successes while the tests are disabled', () => {
    disabled.template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    expect(
      disabled.template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: Match.stringLikeRegexp('^HoursSince') } }),
    ).toEqual({});
  });
});
