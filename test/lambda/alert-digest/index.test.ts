import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { MAX_HISTORY_PAGES, TIME_BUDGET } from '../../../lambda/alert-digest/contract';
import { createHandler } from '../../../lambda/alert-digest/index';

const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:prod-alerting-WarningAlertsTopic';
const ENV = { STAGE: 'prod', TOPIC_ARN: TOPIC };
const NOW = new Date('2026-12-04T07:00:00Z');
const RUNBOOKS = 'https://github.com/example-org/stage-platform/blob/main/docs/runbooks';
const links = (severity: string, runbook: string) =>
  `Meaning. Severity: ${severity}. Runbook: ${RUNBOOKS}/${runbook}.md Dashboard: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/prod-overview Logs: https://x`;
const stateUpdate = (name: string, at: string, from: string, to: string) => ({
  AlarmName: name,
  AlarmType: 'MetricAlarm' as const,
  Timestamp: new Date(at),
  HistoryItemType: 'StateUpdate' as const,
  HistorySummary: `Alarm updated from ${from} to ${to}`,
  HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: from }, newState: { stateValue: to } }),
});

const handler = () =>
  createHandler({ clients: { cloudwatch: new CloudWatchClient({}), sns: new SNSClient({}) }, env: ENV, now: () => NOW });

let stdout: jest.SpyInstance;
beforeEach(() => {
  cloudwatch.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

function twoPagesOfAlarms() {
  cloudwatch
    .on(DescribeAlarmsCommand, { NextToken: undefined })
    .resolves({
      MetricAlarms: [
        {
          AlarmName: 'prod-db-primary-cpu',
          AlarmDescription: links('warning', 'db-primary-cpu'),
          StateValue: 'ALARM',
          StateTransitionedTimestamp: new Date('2026-12-04T01:00:00Z'),
        },
        {
          AlarmName: 'prod-backup-db-snapshot-stale',
          AlarmDescription: links('critical', 'backup-db-snapshot-stale'),
          StateValue: 'ALARM',
        },
      ],
      NextToken: 'alarms-2',
    })
    .on(DescribeAlarmsCommand, { NextToken: 'alarms-2' })
    .resolves({
      MetricAlarms: [{ AlarmName: 'prod-api-latency-p95', AlarmDescription: links('warning', 'api-latency-p95'), StateValue: 'OK' }],
      CompositeAlarms: [{ AlarmName: 'prod-stage-unhealthy', AlarmDescription: links('critical', 'stage-unhealthy'), StateValue: 'OK' }],
    });
}

it('reads every page of alarms and history and publishes one digest to the warning topic', async () => {
  twoPagesOfAlarms();
  cloudwatch
    .on(DescribeAlarmHistoryCommand, { NextToken: undefined })
    .resolves({
      AlarmHistoryItems: [
        stateUpdate('prod-api-latency-p95', '2026-12-04T05:00:00Z', 'ALARM', 'OK'),
        stateUpdate('prod-api-latency-p95', '2026-12-04T04:00:00Z', 'OK', 'ALARM'),
        stateUpdate('staging-api-latency-p95', '2026-12-04T04:00:00Z', 'OK', 'ALARM'),
      ],
      NextToken: 'history-2',
    })
    .on(DescribeAlarmHistoryCommand, { NextToken: 'history-2' })
    .resolves({
      AlarmHistoryItems: [
        stateUpdate('prod-api-latency-p95', '2026-12-03T20:00:00Z', 'OK', 'ALARM'),
        stateUpdate('prod-db-primary-cpu', '2026-12-04T01:00:00Z', 'OK', 'ALARM'),
      ],
    });

  const result = await handler()({});

  expect(result).toEqual({ published: true, firing: 1, cleared: 1, historyPartial: false });
  expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
    AlarmNamePrefix: 'prod-',
    AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    MaxRecords: 100,
  });
  expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 2);
  expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmHistoryCommand, {
    AlarmTypes: ['MetricAlarm'],
    HistoryItemType: 'StateUpdate',
    StartDate: new Date('2026-12-03T07:00:00Z'),
    EndDate: NOW,
    ScanBy: 'TimestampDescending',
    MaxRecords: 100,
  });
  expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmHistoryCommand, 2);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  const input = sns.commandCalls(PublishCommand)[0].args[0].input;
  expect(input.TopicArn).toBe(TOPIC);
  expect(input.Subject).toBe('prod: 1 warning in ALARM, 1 fired and cleared (daily warning digest)');
  expect(input.Message).toContain('- prod-db-primary-cpu since 2026-12-04T01:00:00.000Z (6 h ago)');
  expect(input.Message).toContain(`  Runbook: ${RUNBOOKS}/db-primary-cpu.md`);
  expect(input.Message).toContain('- prod-api-latency-p95: fired 2 times, OK now');
  expect(input.Message).not.toMatch(/stage-unhealthy|snapshot-stale|staging-/);
});

it('publishes nothing when all was quiet', async () => {
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: 'prod-db-primary-cpu', AlarmDescription: links('warning', 'db-primary-cpu'), StateValue: 'OK' }],
  });
  cloudwatch.on(DescribeAlarmHistoryCommand).resolves({
    AlarmHistoryItems: [stateUpdate('prod-db-primary-cpu', '2026-12-04T01:00:00Z', 'INSUFFICIENT_DATA', 'OK')],
  });

  expect(await handler()({})).toEqual({ published: false, firing: 0, cleared: 0, historyPartial: false });
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
});

it('reads no history when the stage has no warning alarm', async () => {
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

  expect(await handler()({})).toEqual({ published: false, firing: 0, cleared: 0, historyPartial: false });
  expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmHistoryCommand, 0);
});

it(`stops the history after ${MAX_HISTORY_PAGES} pages and says it is partial`, async () => {
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: 'prod-db-primary-cpu', AlarmDescription: links('warning', 'db-primary-cpu'), StateValue: 'ALARM' }],
  });
  let page = 0;
  cloudwatch.on(DescribeAlarmHistoryCommand).callsFake(() => ({
    AlarmHistoryItems: [stateUpdate('prod-db-primary-cpu', '2026-12-04T01:00:00Z', 'OK', 'ALARM')],
    NextToken: `history-${++page}`,
  }));

  const result = await handler()({});

  expect(result).toEqual({ published: true, firing: 1, cleared: 0, historyPartial: true });
  expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmHistoryCommand, MAX_HISTORY_PAGES);
  expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toContain('read only in part');
});

it('fails when the alarms cannot be listed, so its critical errors alarm pages', async () => {
  cloudwatch.on(DescribeAlarmsCommand).rejects(new Error('AccessDenied'));

  await expect(handler()({})).rejects.toThrow('AccessDenied');
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
});

it('stops reading history at the deadline and publishes what it has, marked partial', async () => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
  try {
    cloudwatch.on(DescribeAlarmsCommand).callsFake(() => {
      // Listing the alarms takes the run past its deadline.
      jest.setSystemTime(Date.now() + 2_000);
      return {
        MetricAlarms: [{ AlarmName: 'prod-db-primary-cpu', AlarmDescription: links('warning', 'db-primary-cpu'), StateValue: 'ALARM' }],
      };
    });
    cloudwatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [] });
    const context = { getRemainingTimeInMillis: () => TIME_BUDGET.marginMs + 1_000, functionName: 'alert-digest', awsRequestId: 'r' };

    const result = await handler()({}, context as never);

    expect(result).toEqual({ published: true, firing: 1, cleared: 0, historyPartial: true });
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmHistoryCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  } finally {
    jest.useRealTimers();
  }
});
