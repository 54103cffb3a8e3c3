import { CloudFormationClient, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../lambda/config-backup/index';
import { handlerHarness } from '../backup-storage/harness';
import { CLUSTER, PARAMETERS, SERVICES, STACKS, TASK_DEFINITIONS } from './fixtures';

const ecs = mockClient(ECSClient);
const ssm = mockClient(SSMClient);
const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const { metricValues } = handlerHarness({
  STAGE: 'dev',
  BACKUP_BUCKET: 'backup-bucket',
  CLUSTER_ARN: CLUSTER,
  PROJECT: 'shop',
  STACK_NAME_PREFIX: 'dev-',
});

const notFound = () => Object.assign(new Error('Not Found'), { name: 'NotFound' });

beforeEach(() => {
  for (const client of [ecs, ssm, cfn, s3]) client.reset();
  // Two pages of each listing, to prove paging is followed.
  ecs
    .on(ListServicesCommand)
    .callsFake((input: { nextToken?: string }) =>
      input.nextToken ? { serviceArns: [SERVICES[1].serviceArn] } : { serviceArns: [SERVICES[0].serviceArn], nextToken: 'p2' },
    );
  ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
    services: SERVICES.filter((s) => input.services.includes(s.serviceArn!)),
    failures: [],
  }));
  ecs
    .on(DescribeTaskDefinitionCommand)
    .callsFake((input: { taskDefinition: string }) => ({ taskDefinition: TASK_DEFINITIONS[input.taskDefinition] }));
  ssm
    .on(GetParametersByPathCommand)
    .callsFake((input: { NextToken?: string }) =>
      input.NextToken ? { Parameters: [PARAMETERS[1]] } : { Parameters: [PARAMETERS[0]], NextToken: 'p2' },
    );
  cfn.on(ListStacksCommand).callsFake((input: { NextToken?: string }) =>
    input.NextToken
      ? { StackSummaries: [{ StackName: 'prod-Services', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] }
      : {
          StackSummaries: STACKS.map((s) => ({ StackName: s.StackName, StackStatus: s.StackStatus, CreationTime: new Date() })),
          NextToken: 'p2',
        },
  );
  cfn
    .on(DescribeStacksCommand)
    .callsFake((input: { StackName: string }) => ({ Stacks: STACKS.filter((s) => s.StackName === input.StackName) }));
});

it("exports services, task definitions, parameters and this stage's stacks, then writes a first version with its hash", async () => {
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });

  const result = await handler({ source: 'aws.scheduler' });

  expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 2);
  expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, { taskDefinition: SERVICES[0].taskDefinition });
  expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/shop/dev/', Recursive: true, WithDecryption: false });
  expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
  expect(cfn.commandCalls(ListStacksCommand)[0].args[0].input.StackStatusFilter).not.toContain('DELETE_COMPLETE');
  expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName)).toEqual(['dev-Data', 'dev-Services']);

  const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(put).toMatchObject({
    Bucket: 'backup-bucket',
    Key: 'config/dev/latest.json',
    IfNoneMatch: '*',
    Metadata: { sha256: result.sha256 },
  });
  expect(JSON.parse(put.Body as string).parameters).toHaveLength(2);
  expect(result).toMatchObject({ succeeded: true, changed: true, versionId: 'v1' });
  expect(metricValues('BackupSucceeded')).toEqual([1]);
  expect(metricValues('ConfigChanged')).toEqual([1]);
});

it('writes nothing when the stored x-amz-meta-sha256 matches', async () => {
  s3.on(HeadObjectCommand).rejects(notFound());
  s3.on(PutObjectCommand).resolves({});
  const first = await handler({});
  s3.reset();
  s3.on(HeadObjectCommand).resolves({ ETag: '"e1"', Metadata: { sha256: first.sha256! } });

  const second = await handler({});

  expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  expect(second).toMatchObject({ succeeded: true, changed: false });
  expect(metricValues('ConfigChanged')).toEqual([1, 0]);
});

it('replaces a changed document only if it is still the version it read (If-Match)', async () => {
  s3.on(HeadObjectCommand).resolves({ ETag: '"old"', Metadata: { sha256: 'different' } });
  s3.on(PutObjectCommand).resolves({ VersionId: 'v2' });
  await handler({});
  expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { IfMatch: '"old"' });
});

it('publishes BackupSucceeded 0 and writes nothing when a read fails', async () => {
  ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
  const result = await handler({});
  expect(s3.calls()).toHaveLength(0);
  expect(result).toMatchObject({ succeeded: false });
  expect(metricValues('BackupSucceeded')).toEqual([0]);
  expect(metricValues('ConfigChanged')).toEqual([0]);
});

it('fails rather than guess when DescribeServices reports a failure', async () => {
  ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'arn:svc', reason: 'MISSING' }] });
  expect(await handler({})).toMatchObject({ succeeded: false, reason: expect.stringContaining('arn:svc: MISSING') });
  expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
});

it('reaching its deadline mid-read, it starts no further page or call and writes nothing', async () => {
  const start = Date.now();
  let now = start;
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
  // 150 s left, less the budget's margin (a call in flight and the writes): the first page of stacks arrives after the deadline.
  cfn.on(ListStacksCommand).callsFake(() => {
    now = start + 100_000;
    return {
      StackSummaries: STACKS.map((s) => ({ StackName: s.StackName, StackStatus: s.StackStatus, CreationTime: new Date() })),
      NextToken: 'p2',
    };
  });
  try {
    const result = await handler({}, { getRemainingTimeInMillis: () => 150_000 });
    // The three listings run side by side: whichever asks for a page next is refused.
    expect(result).toMatchObject({
      succeeded: false,
      reason: expect.stringMatching(
        /^Reading the configuration failed, nothing written: DeadlineReached: .*not started, the run reached its deadline/,
      ),
    });
    expect(cfn).toHaveReceivedCommandTimes(ListStacksCommand, 1);
    expect(cfn).not.toHaveReceivedCommand(DescribeStacksCommand);
    expect(s3.calls()).toHaveLength(0);
    expect(metricValues('BackupSucceeded')).toEqual([0]);
  } finally {
    clock.mockRestore();
  }
});
