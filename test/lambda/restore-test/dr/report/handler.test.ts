import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../../../lambda/restore-test/dr/report';
import { awsError, DB_COPY, jsonBody, started, state } from '../../common/fixtures';
import { PRIMARY_REGION, useDrHandlerEnvironment } from '../fixtures';

const TOPIC = `arn:aws:sns:${PRIMARY_REGION}:111111111111:dev-alerts`;
const BUCKET = 'dev-backups';
// The clients the handler builds from PRIMARY_REGION: of the stage's own region, not the DR region it runs in.
const clients = {
  cloudwatch: new CloudWatchClient({ region: PRIMARY_REGION }),
  s3: new S3Client({ region: PRIMARY_REGION }),
  sns: new SNSClient({ region: PRIMARY_REGION }),
};
const cloudwatch = mockClient(clients.cloudwatch);
const s3 = mockClient(clients.s3);
const sns = mockClient(clients.sns);
const handler = createHandler(clients);

beforeEach(() => {
  for (const m of [cloudwatch, s3, sns]) m.reset();
  useDrHandlerEnvironment({
    PRIMARY_REGION,
    REPORT_BUCKET: BUCKET,
    TOPIC_ARN: TOPIC,
    RTO_TARGET_MINUTES: '240',
    RPO_TARGET_HOURS: '27',
  });
});

const run = state({
  restore: started(),
  verify: { passed: true, checks: [], newestDataAt: '2026-11-22T02:58:00.000Z', verifiedAt: '2026-11-22T08:30:00.000Z' },
  cleanup: { copyId: DB_COPY, action: 'deleted', detail: 'deleted' },
});

it("publishes the metrics with PutMetricData under the platform's namespace and dimensions, adds drDatabase to the day's report, and notifies", async () => {
  const weekly = { stage: 'dev', date: '2026-11-22', database: { succeeded: true } };
  s3.on(GetObjectCommand).resolves({ Body: jsonBody(weekly), ETag: '"abc"' });
  s3.on(PutObjectCommand).resolves({});
  cloudwatch.on(PutMetricDataCommand).resolves({});
  sns.on(PublishCommand).resolves({});

  const result = await handler(run);

  const published = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input;
  expect(published.Namespace).toBe('StagePlatform');
  expect(published.MetricData?.map((d) => [d.MetricName, d.Value, d.Unit])).toEqual([
    ['DrRestoreSucceeded', 1, 'Count'],
    ['DrRestoreDurationSeconds', 9000, 'Seconds'],
    ['DrRestoredDataAgeSeconds', 10920, 'Seconds'],
  ]);
  expect(published.MetricData?.[0].Dimensions).toEqual([
    { Name: 'service', Value: 'restore-test-dr-report' },
    { Name: 'Stage', Value: 'dev' },
  ]);
  const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(put).toMatchObject({ Bucket: BUCKET, Key: 'reports/dev/restore-tests/2026-11-22.json', IfMatch: '"abc"' });
  // The weekly test's section of the same day stays; the DR section is added beside it.
  expect(JSON.parse(put.Body as string)).toMatchObject({
    database: { succeeded: true },
    drDatabase: { succeeded: true, durationSeconds: 9000 },
  });
  expect(sns).toHaveReceivedCommandWith(PublishCommand, {
    TopicArn: TOPIC,
    Subject: '[dev] DR restore test (eu-central-1) passed in 2 h 30 min',
  });
  expect(result.succeeded).toBe(true);
});

it("starts the day's report when there is none yet", async () => {
  s3.on(GetObjectCommand).rejects(awsError('NoSuchKey'));
  s3.on(PutObjectCommand).resolves({});
  cloudwatch.on(PutMetricDataCommand).resolves({});
  sns.on(PublishCommand).resolves({});
  await handler(run);
  expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: BUCKET, IfNoneMatch: '*' });
});
