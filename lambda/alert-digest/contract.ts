import { callsMs, deadlineBudget, type TimeBudget } from '../shared/time-budget';

/** Folder name, service name and the `service` metrics dimension. */
export const HANDLER_DIR = 'alert-digest';

export const ENV = {
  stage: 'STAGE',
  /** The warning topic the digest is published to. */
  topicArn: 'TOPIC_ARN',
} as const;

export const REQUIRED_ENV = [ENV.stage, ENV.topicArn] as const;

/** What the digest looks back over: the day since the last run. */
export const WINDOW_HOURS = 24;

/**
 * The text the stage's AlarmLinks aspect (lib/aspects/alarm-links.ts) writes into every routed
 * alarm's description. The digest reads the severity and the runbook link from it.
 */
export const WARNING_MARK = 'Severity: warning.';

/** DescribeAlarms and DescribeAlarmHistory return at most 100 records a page (their MaxRecords range). */
export const PAGE_SIZE = 100;
/** The stage's alarms, 100 a page: a few hundred at most; more pages than this means a runaway listing. */
export const MAX_ALARM_PAGES = 20;
/**
 * State changes of the account's metric alarms in one day, 100 a page. Past this cap (a storm of
 * flapping) the digest says its history is partial rather than failing.
 */
export const MAX_HISTORY_PAGES = 50;

/** SNS limits (Publish API reference): a subject of at most 100 printable ASCII characters, a message of at most 256 KB. */
export const SUBJECT_LIMIT = 100;
export const MESSAGE_LIMIT_BYTES = 262_144;

export interface DigestResult {
  /** Whether a message was published (false: nothing to say). */
  readonly published: boolean;
  readonly firing: number;
  readonly cleared: number;
  /** The history stopped early (page cap or deadline): counts of cleared warnings may be low. */
  readonly historyPartial: boolean;
}

/**
 * Lists the stage's alarms and the day's state changes until the Lambda's remaining time less the
 * margin (a history cut short is reported as partial); publishing the one message must fit in the margin.
 */
export const TIME_BUDGET: TimeBudget = deadlineBudget(120, 'read-alarms-and-history', { publish: callsMs(1) });
