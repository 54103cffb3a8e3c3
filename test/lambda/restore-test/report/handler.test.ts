import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../lambda/restore-test/report';
import { awsError, DB_COPY, started, state, useHandlerEnvironment } from '../common/fixtures';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:dev-ops';

beforeEach(() => {
  s3.reset();
  sns.reset();
  jest.restoreAllMocks();
  useHandlerEnvironment({ REPORT_BUCKET: 'backups', TOPIC_ARN: TOPIC, RTO_TARGET_MINUTES: '60' });
});

it("writes the failed run into the day's report, publishes the metrics and notifies the stage topic", async () => {
  const added = jest.spyOn(Metrics.prototype, 'addMetric');
  s3.on(GetObjectCommand).rejects(awsError('NoSuchKey'));
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({});
  const failed = state({
    restore: started(),
    error: {
      Error: 'RestoreDeadlineExceededError',
      Cause: JSON.stringify({ errorType: 'RestoreDeadlineExceededError', errorMessage: `${DB_COPY} was still "creating" at the deadline` }),
    },
    cleanup: { copyId: DB_COPY, action: 'deleted', detail: `${DB_COPY} deleted` },
  });

  const result = await handler(failed);

  expect(result).toMatchObject({
    succeeded: false,
    summary: '[dev] Database restore test FAILED',
    reportKey: 'reports/dev/restore-tests/2026-11-22.json',
  });
  expect(added.mock.calls).toEqual([['RestoreTestSucceeded', 'Count', 0]]);
  expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
    Bucket: 'backups',
    Key: 'reports/dev/restore-tests/2026-11-22.json',
    IfNoneMatch: '*',
  });
  const report = JSON.parse(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body as string);
  expect(report.database).toMatchObject({ succeeded: false, error: expect.stringContaining('at the deadline') });
  expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, Subject: '[dev] Database restore test FAILED' });
});
