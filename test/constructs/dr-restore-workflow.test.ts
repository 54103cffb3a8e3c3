import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as dbStatus } from '../../lambda/restore-test/db/status';
import { handler as drCleanup } from '../../lambda/restore-test/dr/cleanup';
import { handler as drCredentials } from '../../lambda/restore-test/dr/credentials';
import { handler as drReport } from '../../lambda/restore-test/dr/report';
import { handler as drStart } from '../../lambda/restore-test/dr/start';
import type { VerifyOutcome } from '../../lambda/restore-test/common/workflow';
import { aslOf, plausibleArn } from '../support/asl-definition';
import { executeLocally, type TaskHandler } from '../support/local-execution';
import { synthStage } from '../support/stage-synth';
import { resolveJoin } from './restore-test/stack';

/**
 * The synthesized DR restore workflow (prod) run through aws-local-stepfunctions with the real DR
 * step handlers and mocked AWS APIs. The verify step stands in for the landing zone's copy (its core
 * runs against the real PostgreSQL in test/lambda/restore-test/dr/verify/core.test.ts). Whichever step
 * fails, cleanup deletes the copy that exists and the run's password object, and the report says so.
 */

type Handler = (event: never) => Promise<unknown>;
const template = synthStage('prod').templates.drRestoreTest;
const [machineId] = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
const definition = aslOf(template, machineId);
/** An environment value as text: another stack's output (a bucket or topic of the primary region) by its output name. */
const envValue = (value: unknown): string => {
  const output = (value as { 'Fn::GetStackOutput'?: { OutputName: string } })['Fn::GetStackOutput'];
  return output ? `output-${output.OutputName.toLowerCase()}` : resolveJoin(value);
};
const functions = new Map(
  Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, fn]) => {
    const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    const env = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, envValue(value)]));
    return [plausibleArn(id, 'AWS::Lambda::Function'), env];
  }),
);
const passingVerify: Handler = async () =>
  ({
    passed: true,
    checks: [{ name: 'row-count:app.orders', passed: true, detail: 'restored 20 rows, backup recorded 20 (allowed ±5%)' }],
    newestDataAt: '2026-12-02T02:58:00.000Z',
    verifiedAt: new Date().toISOString(),
  }) satisfies VerifyOutcome;
const HANDLERS: Record<string, Handler> = {
  'restore-test-dr-start': drStart,
  'restore-test-db-status': dbStatus,
  'restore-test-dr-credentials': drCredentials,
  'restore-test-dr-verify': passingVerify,
  'restore-test-dr-cleanup': drCleanup,
  'restore-test-dr-report': drReport,
};

const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);
const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);

const START = new Date('2026-12-02T06:00:00.000Z');
const COPY = 'prod-restore-test-202612020600';
const EXECUTION = 'monthly-run';
const PASSWORD_OBJECT = `restore-runs/${COPY}/credentials.json`;
const ours = [
  { Key: 'Purpose', Value: 'restore-test' },
  { Key: 'Stage', Value: 'prod' },
  { Key: 'RestoreTestExecution', Value: EXECUTION },
];
const offSiteCopy = {
  DBSnapshotIdentifier: 'prod-appdb-2026-12-02',
  SnapshotType: 'manual',
  Status: 'available',
  OriginalSnapshotCreateTime: new Date('2026-12-02T03:00:00Z'),
  SnapshotCreateTime: new Date('2026-12-02T04:10:00Z'),
  TagList: [
    { Key: 'Stage', Value: 'prod' },
    { Key: 'CreatedBy', Value: 'stage-platform-backup' },
  ],
};
const available = {
  DBInstanceIdentifier: COPY,
  DBInstanceStatus: 'available',
  Endpoint: { Address: 'copy.example', Port: 5432 },
  MasterUsername: 'platform',
  DBName: 'app',
  TagList: ours,
};

async function run(replace: Record<string, Handler> = {}) {
  const calls: string[] = [];
  const baseline = { ...process.env };
  const tasks = Object.fromEntries(
    Object.entries(definition.States)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name, state]): [string, TaskHandler] => {
        const env = functions.get(String(state.Resource));
        if (!env) throw new Error(`No function for ${state.Resource}`);
        const service = env.POWERTOOLS_SERVICE_NAME;
        return [
          name,
          async (input) => {
            calls.push(service);
            for (const key of Object.keys(process.env)) if (!(key in baseline)) delete process.env[key];
            Object.assign(
              process.env,
              baseline,
              { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_LOG_LEVEL: 'SILENT' },
              env,
            );
            const handler = (replace[name] ?? HANDLERS[service]) as Handler;
            try {
              return JSON.parse(JSON.stringify((await handler(JSON.parse(JSON.stringify(input)) as never)) ?? null));
            } catch (thrown) {
              const e = thrown as Error;
              throw Object.assign(new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message })), { name: e.name });
            }
          },
        ];
      }),
  );
  const result = await executeLocally(definition, {}, tasks, { Execution: { Name: EXECUTION } });
  return { ...result, calls };
}

/** The drDatabase section the run wrote into the day's report. */
function writtenSection() {
  const put = s3.commandCalls(PutObjectCommand).find((c) => String(c.args[0].input.Key).startsWith('reports/'));
  return JSON.parse(String(put?.args[0].input.Body)).drDatabase;
}

beforeEach(() => {
  jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  for (const mock of [rds, s3, cloudwatch, sns]) mock.reset();
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [offSiteCopy] });
  rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [available] });
  rds.on(ModifyDBInstanceCommand).resolves({});
  rds.on(DeleteDBInstanceCommand).resolves({});
  s3.on(GetObjectCommand).rejects(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: {} }));
  s3.on(PutObjectCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});
  cloudwatch.on(PutMetricDataCommand).resolves({});
  sns.on(PublishCommand).resolves({});
});
afterEach(() => jest.useRealTimers());

it('passes: restores the newest off-site copy, sets its password through the run bucket, verifies, deletes both, reports home', async () => {
  const result = await run();
  expect(result.status).toBe('SUCCEEDED');
  expect(result.calls).toEqual([
    'restore-test-dr-start',
    'restore-test-db-status',
    'restore-test-dr-credentials',
    'restore-test-db-status',
    'restore-test-dr-verify',
    'restore-test-dr-cleanup',
    'restore-test-dr-report',
  ]);
  expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: PASSWORD_OBJECT });
  expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: COPY, SkipFinalSnapshot: true });
  expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: PASSWORD_OBJECT });
  expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
  expect(writtenSection()).toMatchObject({ succeeded: true, source: 'prod-appdb-2026-12-02 (2026-12-02T03:00:00.000Z)' });
});

it.each(['StartRestore', 'CheckCopy', 'PrepareCopy', 'CheckCopyAfterPrepare', 'Verify'])(
  'a failure in %s still deletes the copy and the password object, reports, and fails the run',
  async (failing) => {
    const result = await run({
      [failing]: async () => {
        // A start that restored, then failed: cleanup must still find and delete the copy.
        throw Object.assign(new Error(`${failing} broke`), { name: 'InternalFailure' });
      },
    });
    expect(result).toMatchObject({ status: 'FAILED', end: 'RestoreTestFailed' });
    expect(result.calls.slice(-2)).toEqual(['restore-test-dr-cleanup', 'restore-test-dr-report']);
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: COPY });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: PASSWORD_OBJECT });
    expect(writtenSection()).toMatchObject({ succeeded: false, error: expect.stringContaining(`${failing} broke`) });
    expect(cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData).toEqual([
      expect.objectContaining({ MetricName: 'DrRestoreSucceeded', Value: 0 }),
    ]);
  },
);
