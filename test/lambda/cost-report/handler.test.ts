import type { Context } from 'aws-lambda';
import { CostExplorerClient, GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createClients, handler } from '../../../lambda/cost-report/index';
import { QuotaAwareRetryStrategy } from '../../../lambda/shared/retry';
import { DAILY_PAGES, dataUnavailable } from './fixtures';

const ce = mockClient(CostExplorerClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const ENVIRONMENT = {
  STAGE: 'dev',
  REPORTS_BUCKET: 'reports-bucket',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:111111111111:dev-cost-reports',
  MONTHLY_BUDGET_USD: '150',
  READER_ROLE_ARN: 'arn:aws:iam::111111111111:role/webapp-dev-cost-report-reader',
  REPORT_RETENTION_DAYS: '35',
  AWS_REGION: 'eu-west-1',
};
const saved = { ...process.env };
let stdout: jest.SpyInstance;

beforeEach(() => {
  ce.reset();
  s3.reset();
  sns.reset();
  Object.assign(process.env, ENVIRONMENT);
  jest.useFakeTimers({ now: new Date('2026-11-04T09:00:00Z'), doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  jest.useRealTimers();
  stdout.mockRestore();
  process.env = { ...saved };
});

function emittedMetrics(): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('asks Cost Explorer in us-east-1, wherever the function runs', async () => {
  expect(await createClients().costExplorer.config.region()).toBe('us-east-1');
});

it('reads every page, falls back when there is no forecast, writes three objects, publishes and emits both metrics', async () => {
  ce.on(GetCostAndUsageCommand).callsFake(
    (input: { NextPageToken?: string }) => DAILY_PAGES[input.NextPageToken === 'page-2' ? 1 : input.NextPageToken === 'page-3' ? 2 : 0],
  );
  ce.on(GetCostForecastCommand).rejects(dataUnavailable());
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: '1' });

  const result = await handler({ period: 'daily' });

  expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 3);
  expect(ce.commandCalls(GetCostAndUsageCommand).map((call) => call.args[0].input.NextPageToken)).toEqual([undefined, 'page-2', 'page-3']);
  expect(ce).toHaveReceivedCommandWith(GetCostForecastCommand, { TimePeriod: { Start: '2026-11-04', End: '2026-12-01' } });
  for (const format of ['json', 'csv', 'html']) {
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'reports-bucket',
      Key: `reports/dev/cost/daily/2026-11-04.${format}`,
    });
  }
  expect(sns).toHaveReceivedCommandWith(PublishCommand, {
    TopicArn: ENVIRONMENT.TOPIC_ARN,
    Subject: '[dev] daily cost: $11.70 month to date, within budget',
  });
  expect(ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { Metrics: ['UnblendedCost', 'AmortizedCost'] });
  const message = sns.commandCalls(PublishCommand)[0].args[0].input.Message ?? '';
  expect(message).toContain('Amortized (commitment fees spread over their term): $4.35 this period, $11.45 month to date');
  expect(message).toContain(
    'https://eu-west-1.console.aws.amazon.com/s3/object/reports-bucket?region=eu-west-1&bucketType=general&prefix=reports%2Fdev%2Fcost%2Fdaily%2F2026-11-04.html',
  );
  expect(message).toContain('roleName=webapp-dev-cost-report-reader&account=111111111111');
  expect(result).toMatchObject({ monthToDateUsd: 11.7, forecastUsd: 117, forecastMethod: 'linear' });

  const metrics = emittedMetrics();
  expect(metrics).toHaveLength(1);
  expect(metrics[0]).toMatchObject({ MonthToDateCost: 11.7, ForecastCost: 117, Stage: 'dev', service: 'cost-report' });
  expect(JSON.stringify(metrics[0])).toContain('"Namespace":"StagePlatform"');
});

it('writes nothing and publishes nothing when Cost Explorer refuses', async () => {
  ce.on(GetCostAndUsageCommand).rejects(
    Object.assign(new Error('User is not authorized to perform ce:GetCostAndUsage'), { name: 'AccessDeniedException' }),
  );

  await expect(handler({ period: 'weekly' })).rejects.toThrow('not authorized');
  expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
});

it('names every missing variable before calling anything', async () => {
  delete process.env.REPORTS_BUCKET;
  delete process.env.MONTHLY_BUDGET_USD;
  delete process.env.READER_ROLE_ARN;
  await expect(handler({ period: 'daily' })).rejects.toThrow('REPORTS_BUCKET, MONTHLY_BUDGET_USD, READER_ROLE_ARN');
  expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 0);
});

describe('bounded time', () => {
  it("Cost Explorer's LimitExceededException is its throttling: its client's SDK retry is told so; a run still refused fails writing nothing", async () => {
    const strategy = await createClients().costExplorer.config.retryStrategy();
    expect(strategy).toBeInstanceOf(QuotaAwareRetryStrategy);
    expect((strategy as QuotaAwareRetryStrategy).policy.alsoThrottling).toEqual(['LimitExceededException']);
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('You made too many calls in a short period of time.'), { name: 'LimitExceededException' }),
    );
    await expect(handler({ period: 'daily' })).rejects.toThrow('too many calls');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });

  it('asks for no page past its deadline: the run fails and nothing is written or published', async () => {
    const started = Date.now();
    // 300 s left; the first page comes back after the deadline (the margin holds the forecast, the writes and the summary).
    ce.on(GetCostAndUsageCommand).callsFake(() => {
      jest.setSystemTime(started + 200_000);
      return DAILY_PAGES[0];
    });

    await expect(handler({ period: 'daily' }, { getRemainingTimeInMillis: () => 300_000 } as unknown as Context)).rejects.toMatchObject({
      name: 'DeadlineReached',
      message: expect.stringContaining('Cost Explorer page: not started'),
    });
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 1);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
