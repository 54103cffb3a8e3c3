import {
  CreateReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { VerifyOutcome } from '../../lambda/restore-test/common/workflow';
import type { AslStateDefinition } from '../support/asl-definition';
import { markHanging } from '../support/local-execution';
import { restoreTestStack } from './restore-test/stack';
import { workflowRunner } from './restore-test/workflow-harness';

/**
 * The synthesized workflows driven through their failure paths with the real step handlers and
 * mocked AWS APIs: whatever goes wrong, the copy is looked for and deleted when it exists, a failed
 * report is written and sent, and the execution fails.
 */

const { template } = restoreTestStack();
const run = workflowRunner(template);
const rds = mockClient(RDSClient);
const elasticache = mockClient(ElastiCacheClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const secrets = mockClient(SecretsManagerClient);

const START = new Date('2026-11-22T06:00:00.000Z');
const DB_COPY = 'dev-restore-test-202611220600';
const CACHE_COPY = 'dev-rt-11220600';
const EXECUTION = 'weekly-run';
const ours = [
  { Key: 'Purpose', Value: 'restore-test' },
  { Key: 'Stage', Value: 'dev' },
  { Key: 'RestoreTestExecution', Value: EXECUTION },
];
const backupTags = [
  { Key: 'Stage', Value: 'dev' },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
];
const snapshot = (status: string) => ({
  DBSnapshotIdentifier: 'dev-dev-appdb-2026-11-22',
  SnapshotCreateTime: new Date('2026-11-22T03:00:00Z'),
  Status: status,
  SnapshotType: 'manual',
  TagList: backupTags,
});
const notFound = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

function passingVerify(): Promise<VerifyOutcome> {
  return Promise.resolve({
    passed: true,
    checks: [{ name: 'connect', passed: true, detail: 'connected' }],
    newestDataAt: '2026-11-22T02:58:00.000Z',
    verifiedAt: new Date().toISOString(),
  });
}

/** The report section the run wrote to S3. */
function writtenReport(section: 'database' | 'cache') {
  const put = s3.commandCalls(PutObjectCommand);
  expect(put).toHaveLength(1);
  return JSON.parse(put[0].args[0].input.Body as string)[section];
}

beforeEach(() => {
  jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  for (const mock of [rds, elasticache, s3, sns, secrets]) mock.reset();
  s3.on(GetObjectCommand).rejects(notFound('NoSuchKey'));
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({});
});
afterEach(() => jest.useRealTimers());

describe('the database workflow', () => {
  it.each([
    ['no snapshot exists', []],
    ['the only snapshot is still being created', [snapshot('creating')]],
  ])('fails cleanly when %s: nothing restored, nothing to delete, a failed report', async (_what, snapshots) => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: snapshots });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY }).rejects(notFound('DBInstanceNotFoundFault'));

    const result = await run('database');

    expect(result).toMatchObject({
      status: 'FAILED',
      end: 'RestoreTestFailed',
      error: { Error: 'RestoreTestFailed', Cause: '[dev] Database restore test FAILED' },
    });
    expect(result.calls).toEqual(['restore-test-db-start', 'restore-test-db-cleanup', 'restore-test-report']);
    expect(rds).not.toHaveReceivedCommand(RestoreDBInstanceFromDBSnapshotCommand);
    expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
    expect(writtenReport('database')).toMatchObject({
      succeeded: false,
      source: 'nothing was restored',
      error: expect.stringMatching(/^NoSnapshotAvailableError: /),
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: '[dev] Database restore test FAILED' });
  });

  it.each(['InstanceQuotaExceededFault', 'StorageQuotaExceededFault'])(
    'fails cleanly when RDS refuses the restore with %s, and still looks for the copy',
    async (fault) => {
      rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
      rds.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(notFound(fault));
      rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY }).rejects(notFound('DBInstanceNotFoundFault'));

      const result = await run('database');

      expect(result.end).toBe('RestoreTestFailed');
      expect(result.calls).toEqual(['restore-test-db-start', 'restore-test-db-cleanup', 'restore-test-report']);
      expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY });
      expect(writtenReport('database')).toMatchObject({ succeeded: false, error: expect.stringContaining(fault) });
    },
  );

  it('gives up at the deadline when the copy never becomes available, and deletes it', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'creating', TagList: ours }] });
    rds.on(DeleteDBInstanceCommand).resolves({});

    const result = await run('database');

    expect(result.end).toBe('RestoreTestFailed');
    expect(result.calls.filter((c) => c === 'restore-test-db-status').length).toBe(120);
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
      DBInstanceIdentifier: DB_COPY,
      SkipFinalSnapshot: true,
      DeleteAutomatedBackups: true,
    });
    expect(writtenReport('database')).toMatchObject({
      succeeded: false,
      error: expect.stringMatching(/^RestoreDeadlineExceededError: .*at the deadline 2026-11-22T08:00:00.000Z/),
    });
    expect(Date.now() - START.getTime()).toBeLessThan(3 * 3600 * 1000);
  });

  it('deletes the copy when verification times out', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY }).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: DB_COPY,
          DBInstanceStatus: 'available',
          Endpoint: { Address: 'copy.example', Port: 5432 },
          MasterUsername: 'platform',
          TagList: ours,
        },
      ],
    });
    rds.on(ModifyDBInstanceCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    secrets.on(PutSecretValueCommand).resolves({});
    const timedOut = () => Promise.reject(Object.assign(new Error('Task timed out after 600.00 seconds'), { name: 'Sandbox.Timedout' }));

    const result = await run('database', { replace: { 'restore-test-db-verify': timedOut } });

    expect(result.end).toBe('RestoreTestFailed');
    expect(result.output.error).toMatchObject({ Error: 'Sandbox.Timedout' });
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: DB_COPY });
    expect(writtenReport('database')).toMatchObject({ succeeded: false, error: 'Sandbox.Timedout: Task timed out after 600.00 seconds' });
  });

  it('retries a cleanup that meets a busy instance, and reports the run failed when it never succeeds', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'failed', TagList: ours }] });
    rds.on(DeleteDBInstanceCommand).rejects(notFound('InvalidDBInstanceStateFault'));

    const result = await run('database');

    expect(result.end).toBe('RestoreTestFailed');
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 6);
    expect(writtenReport('database').checks).toContainEqual(expect.objectContaining({ name: 'cleanup', passed: false }));
  });

  it('passes a good restore: new password stored before it is set, verified, deleted, reported', async () => {
    const ready = {
      DBInstanceIdentifier: DB_COPY,
      DBInstanceStatus: 'available',
      Endpoint: { Address: 'copy.example', Port: 5432 },
      MasterUsername: 'platform',
      DBName: 'app',
      TagList: ours,
    };
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY })
      .resolvesOnce({ DBInstances: [{ ...ready, DBInstanceStatus: 'creating' }] })
      .resolvesOnce({ DBInstances: [ready] })
      .resolvesOnce({ DBInstances: [{ ...ready, PendingModifiedValues: { MasterUserPassword: '****' } }] })
      .resolves({ DBInstances: [ready] });
    rds.on(ModifyDBInstanceCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    secrets.on(PutSecretValueCommand).resolves({});

    const result = await run('database', { replace: { 'restore-test-db-verify': passingVerify } });

    expect(result).toMatchObject({ status: 'SUCCEEDED', end: 'RestoreTestPassed' });
    expect(result.calls).toEqual([
      'restore-test-db-start',
      'restore-test-db-status',
      'restore-test-db-status',
      'restore-test-db-credentials',
      'restore-test-db-status',
      'restore-test-db-status',
      'restore-test-db-verify',
      'restore-test-db-cleanup',
      'restore-test-report',
    ]);
    expect(secrets.commandCalls(PutSecretValueCommand)[0].calledBefore(rds.commandCalls(ModifyDBInstanceCommand)[0])).toBe(true);
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: DB_COPY });
    expect(writtenReport('database')).toMatchObject({ succeeded: true, durationSeconds: 4 * 60, dataAgeSeconds: 3 * 3600 + 2 * 60 });
  });
});

describe('the cache workflow', () => {
  beforeEach(() => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'auth-token' });
  });

  it('fails cleanly when no snapshot exists', async () => {
    elasticache.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    elasticache.on(DescribeReplicationGroupsCommand).rejects(notFound('ReplicationGroupNotFoundFault'));

    const result = await run('cache');

    expect(result.end).toBe('RestoreTestFailed');
    expect(result.calls).toEqual(['restore-test-cache-start', 'restore-test-cache-cleanup', 'restore-test-report']);
    expect(elasticache).not.toHaveReceivedCommand(CreateReplicationGroupCommand);
    expect(elasticache).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: CACHE_COPY });
    expect(writtenReport('cache')).toMatchObject({ succeeded: false, error: expect.stringMatching(/^NoSnapshotAvailableError: /) });
  });

  it('fails cleanly when the node quota is exceeded', async () => {
    elasticache
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [{ SnapshotName: 'dev-cache-20261122-0300', SnapshotStatus: 'available' }] });
    elasticache.on(CreateReplicationGroupCommand).rejects(notFound('NodeQuotaForCustomerExceededFault'));
    elasticache.on(DescribeReplicationGroupsCommand).rejects(notFound('ReplicationGroupNotFoundFault'));

    const result = await run('cache');

    expect(result.end).toBe('RestoreTestFailed');
    expect(writtenReport('cache')).toMatchObject({ succeeded: false, error: expect.stringContaining('NodeQuotaForCustomerExceededFault') });
  });

  it('passes a good restore and always deletes the copy', async () => {
    const group = {
      ReplicationGroupId: CACHE_COPY,
      ARN: `arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:${CACHE_COPY}`,
      Status: 'available',
      NodeGroups: [{ PrimaryEndpoint: { Address: 'copy.cache.example', Port: 6379 } }],
    };
    elasticache
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [{ SnapshotName: 'dev-cache-20261122-0300', SnapshotStatus: 'available' }] });
    elasticache.on(CreateReplicationGroupCommand).resolves({});
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [{ ...group, Status: 'creating' }] })
      .resolves({ ReplicationGroups: [group] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: ours });
    elasticache.on(DeleteReplicationGroupCommand).resolves({});

    const result = await run('cache', { replace: { 'restore-test-cache-verify': passingVerify } });

    expect(result.end).toBe('RestoreTestPassed');
    expect(elasticache).toHaveReceivedCommandWith(CreateReplicationGroupCommand, {
      ReplicationGroupId: CACHE_COPY,
      AuthToken: 'auth-token',
      TransitEncryptionEnabled: true,
    });
    expect(elasticache).toHaveReceivedCommandWith(DeleteReplicationGroupCommand, { ReplicationGroupId: CACHE_COPY });
    expect(writtenReport('cache')).toMatchObject({ succeeded: true });
  });
});

/** The happy path's AWS answers: every step would succeed, so the one that fails is the one the test breaks. */
function everyStepWorks(kind: 'database' | 'cache') {
  if (kind === 'database') {
    const ready = {
      DBInstanceIdentifier: DB_COPY,
      DBInstanceStatus: 'available',
      Endpoint: { Address: 'copy.example', Port: 5432 },
      MasterUsername: 'platform',
      DBName: 'app',
      TagList: ours,
    };
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('available')] });
    rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY }).resolves({ DBInstances: [ready] });
    rds.on(ModifyDBInstanceCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    secrets.on(PutSecretValueCommand).resolves({});
  } else {
    const group = {
      ReplicationGroupId: CACHE_COPY,
      ARN: `arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:${CACHE_COPY}`,
      Status: 'available',
      NodeGroups: [{ PrimaryEndpoint: { Address: 'copy.cache.example', Port: 6379 } }],
    };
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'auth-token' });
    elasticache
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [{ SnapshotName: 'dev-cache-20261122-0300', SnapshotStatus: 'available' }] });
    elasticache.on(CreateReplicationGroupCommand).resolves({});
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: ours });
    elasticache.on(DeleteReplicationGroupCommand).resolves({});
  }
}

const VERIFY = { database: 'restore-test-db-verify', cache: 'restore-test-cache-verify' } as const;
const CLEANUP = { database: 'restore-test-db-cleanup', cache: 'restore-test-cache-cleanup' } as const;
const copyDeleted = (kind: 'database' | 'cache') =>
  kind === 'database'
    ? rds.commandCalls(DeleteDBInstanceCommand, { DBInstanceIdentifier: DB_COPY }).length
    : elasticache.commandCalls(DeleteReplicationGroupCommand, { ReplicationGroupId: CACHE_COPY }).length;

/** The attempts Step Functions makes at a task that always fails with `error`: one, plus the first matching retrier's. */
function attemptsFor(state: AslStateDefinition, error: string): number {
  const retrier = (state.Retry ?? []).find(
    (r) =>
      r.ErrorEquals.includes(error) ||
      r.ErrorEquals.includes('States.ALL') ||
      (error !== 'States.Timeout' && r.ErrorEquals.includes('States.TaskFailed')),
  );
  return 1 + (retrier ? (retrier.MaxAttempts ?? 3) : 0);
}

/**
 * Every Task state of both workflows, read from the synthesized definition (a new state is covered
 * without a new test), failed three ways: an error its Retry lists, an error no Retry lists by name,
 * and a task that never answers (its TimeoutSeconds ends it with States.Timeout). Whatever fails,
 * the copy is deleted, unless deleting is what failed, and the execution fails.
 */
describe('every Task state failing', () => {
  const failures = (['database', 'cache'] as const).flatMap((kind) =>
    run.tasks(kind).flatMap(({ name, state }) => {
      const listed = state.Retry?.flatMap((r) => r.ErrorEquals).find((e) => !e.startsWith('States.')) ?? 'Lambda.ServiceException';
      return [
        { kind, name, state, how: `${listed} (listed in its Retry)`, error: listed },
        { kind, name, state, how: 'an error no Retry names', error: 'UnexpectedStepError' },
        { kind, name, state, how: `no answer within its ${state.TimeoutSeconds} s`, error: 'States.Timeout' },
      ];
    }),
  );

  it('covers every Task state of both workflows, each with a timeout', () => {
    expect(new Set(failures.map((f) => `${f.kind}:${f.name}`)).size).toBe(run.tasks('database').length + run.tasks('cache').length);
    expect(run.tasks('database').map((t) => t.name)).toEqual(
      expect.arrayContaining(['StartRestore', 'CheckCopy', 'PrepareCopy', 'CheckCopyAfterPrepare', 'Verify', 'CleanUp', 'Report']),
    );
    for (const { state } of failures) expect(state.TimeoutSeconds).toBeGreaterThan(0);
  });

  it.each(failures.map((f) => [f.kind, f.name, f.how, f]))(
    '%s %s fails with %s: retried as its Retry says, then the copy is cleaned up and the run fails',
    async (_k, _n, _h, { kind, name, state, error }) => {
      everyStepWorks(kind);
      let attempts = 0;
      const failing = Object.assign(
        error === 'States.Timeout'
          ? markHanging(() => {
              attempts++;
              return new Promise(() => undefined);
            })
          : () => {
              attempts++;
              return Promise.reject(Object.assign(new Error(`${name} broke`), { name: error }));
            },
      );

      const result = await run(kind, { replace: { [VERIFY[kind]]: passingVerify, [name]: failing } });

      expect(result.status).toBe('FAILED');
      expect(attempts).toBe(attemptsFor(state, error));
      expect(result.events).toContainEqual(
        expect.objectContaining({ type: 'StateFailed', state: expect.objectContaining({ name }), Error: error }),
      );
      if (name === 'Report') {
        expect(result).toMatchObject({ end: 'ReportFailed', error: { Error: 'RestoreReportFailed' } });
        expect(copyDeleted(kind)).toBe(1);
        return;
      }
      expect(result).toMatchObject({ end: 'RestoreTestFailed', error: { Error: 'RestoreTestFailed' } });
      const written = writtenReport(kind);
      expect(written.succeeded).toBe(false);
      if (name === 'CleanUp') {
        expect(copyDeleted(kind)).toBe(0);
        expect(written.checks).toContainEqual(expect.objectContaining({ name: 'cleanup', passed: false }));
      } else {
        expect(result.calls).toContain(CLEANUP[kind]);
        expect(copyDeleted(kind)).toBe(1);
        expect(written.error).toContain(error);
      }
    },
  );
});

describe('the deadline check', () => {
  it.each(['database', 'cache'] as const)(
    '%s: a copy that never becomes available is given up at the deadline and deleted, inside the execution timeout',
    async (kind) => {
      everyStepWorks(kind);
      if (kind === 'database')
        rds
          .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY })
          .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'creating', TagList: ours }] });
      else
        elasticache.on(DescribeReplicationGroupsCommand).resolves({
          ReplicationGroups: [
            {
              ReplicationGroupId: CACHE_COPY,
              ARN: `arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:${CACHE_COPY}`,
              Status: 'creating',
            },
          ],
        });

      const result = await run(kind);

      expect(result).toMatchObject({ status: 'FAILED', end: 'RestoreTestFailed' });
      expect(copyDeleted(kind)).toBe(1);
      expect(writtenReport(kind)).toMatchObject({ succeeded: false, error: expect.stringMatching(/^RestoreDeadlineExceededError: /) });
      expect(Date.now() - START.getTime()).toBeLessThan(run.definitions[kind].TimeoutSeconds! * 1000);
    },
  );
});
