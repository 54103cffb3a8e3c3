import { CloudWatchClient, paginateDescribeAlarmHistory, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { allItems, limitedPages } from '../shared/pages';
import { readEnvironment } from '../shared/env';
import { wrapHandler } from '../shared/handler';
import { sdkClientConfig } from '../shared/sdk-client';
import { assertBeforeDeadline, DeadlineReachedError, invocationDeadline } from '../shared/time-budget';
import {
  type DigestResult,
  ENV,
  HANDLER_DIR,
  MAX_ALARM_PAGES,
  MAX_HISTORY_PAGES,
  PAGE_SIZE,
  REQUIRED_ENV,
  TIME_BUDGET,
  WINDOW_HOURS,
} from './contract';
import { type AlarmNow, composeDigest, isStageWarning, newStateOf, type StateChange } from './core';

export interface DigestClients {
  readonly cloudwatch: CloudWatchClient;
  readonly sns: SNSClient;
}

export function createClients(): DigestClients {
  return { cloudwatch: new CloudWatchClient(sdkClientConfig()), sns: new SNSClient(sdkClientConfig()) };
}

export interface DigestHandlerOptions {
  readonly clients?: DigestClients;
  readonly env?: Record<string, string | undefined>;
  readonly now?: () => Date;
}

/** The stage's alarms, metric and composite; a listing cut short fails the run (its errors alarm pages). */
async function stageAlarms(cloudwatch: CloudWatchClient, stage: string, deadline: number): Promise<AlarmNow[]> {
  const pages = paginateDescribeAlarms(
    { client: cloudwatch },
    { AlarmNamePrefix: `${stage}-`, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: PAGE_SIZE },
  );
  const alarms = await allItems(pages, (page) => [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])], {
    maxPages: MAX_ALARM_PAGES,
    deadline,
  });
  return alarms.map((a) => ({
    name: a.AlarmName ?? '',
    description: a.AlarmDescription,
    state: a.StateValue,
    since: a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp,
  }));
}

/**
 * The day's StateUpdate items of the named alarms, newest first. DescribeAlarmHistory has no name
 * prefix filter, so every metric alarm's items come back and are filtered here. The warnings are
 * metric alarms (the stage's one composite is critical), and composite history needs a permission on "*".
 * Past the page cap or the deadline the history is partial, not a failure: the digest says so.
 */
async function stateChanges(
  cloudwatch: CloudWatchClient,
  names: ReadonlySet<string>,
  window: { start: Date; end: Date },
  deadline: number,
): Promise<{ changes: StateChange[]; partial: boolean }> {
  const changes: StateChange[] = [];
  if (names.size === 0) return { changes, partial: false };
  const pages = paginateDescribeAlarmHistory(
    { client: cloudwatch },
    {
      AlarmTypes: ['MetricAlarm'],
      HistoryItemType: 'StateUpdate',
      StartDate: window.start,
      EndDate: window.end,
      ScanBy: 'TimestampDescending',
      MaxRecords: PAGE_SIZE,
    },
  );
  let read = 0;
  try {
    for await (const page of limitedPages(pages, { deadline })) {
      for (const item of page.AlarmHistoryItems ?? []) {
        if (!item.AlarmName || !names.has(item.AlarmName) || !item.Timestamp) continue;
        changes.push({ name: item.AlarmName, at: item.Timestamp, to: newStateOf(item.HistoryData, item.HistorySummary) });
      }
      if (++read >= MAX_HISTORY_PAGES && page.NextToken) return { changes, partial: true };
    }
    return { changes, partial: false };
  } catch (error) {
    if (error instanceof DeadlineReachedError) return { changes, partial: true };
    throw error;
  }
}

export function createHandler(options: DigestHandlerOptions = {}) {
  const source = options.env ?? process.env;
  const { cloudwatch, sns } = options.clients ?? createClients();
  return wrapHandler(
    HANDLER_DIR,
    async (_event: unknown, { logger, context }): Promise<DigestResult> => {
      const deadline = invocationDeadline(context, TIME_BUDGET);
      const env = readEnvironment(REQUIRED_ENV, source);
      const stage = env[ENV.stage];
      const now = (options.now ?? (() => new Date()))();
      const alarms = await stageAlarms(cloudwatch, stage, deadline);
      const warnings = new Set(alarms.filter((a) => isStageWarning(a, stage)).map((a) => a.name));
      const window = { start: new Date(now.getTime() - WINDOW_HOURS * 3_600_000), end: now };
      const history = await stateChanges(cloudwatch, warnings, window, deadline);
      if (history.partial) logger.warn('Alarm history read only in part', { changes: history.changes.length });
      const digest = composeDigest({ stage, alarms, history: history.changes, historyPartial: history.partial, now });
      if (!digest) {
        logger.info('Nothing to report: no warning in ALARM or fired in the window', { warnings: warnings.size });
        return { published: false, firing: 0, cleared: 0, historyPartial: history.partial };
      }
      // Publishing fits in the margin the budget keeps; the check only guards a clock already past the Lambda's end.
      assertBeforeDeadline(deadline + TIME_BUDGET.marginMs, 'Publishing the digest');
      await sns.send(new PublishCommand({ TopicArn: env[ENV.topicArn], Subject: digest.subject, Message: digest.message }));
      logger.info('Published the warning digest', { firing: digest.firing.length, cleared: digest.cleared.length });
      return { published: true, firing: digest.firing.length, cleared: digest.cleared.length, historyPartial: history.partial };
    },
    { stage: () => source[ENV.stage] },
  );
}

/** Clients built once per container, at module scope; createHandler({ clients }) lets a test pass its own. */
export const handler = createHandler();
