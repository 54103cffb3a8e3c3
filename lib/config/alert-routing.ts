import { ConfigIssue } from './config-issue';
import { distinctList, email, httpsUrl, isObject, matches, oneOf, scheduleExpression, unknownKeys } from './checks';

/*
 * The alert-routing part of the monitoring slice (monitoring.ts holds its per-stage values): types,
 * and the validator monitoring.ts calls.
 */

/**
 * How urgent an alarm is. `critical` pages: someone acts now (the stage is unhealthy, data is at
 * risk). `warning` is a ticket or a chat message, looked at within the working day.
 */
export const SEVERITIES = ['critical', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A Slack channel reached through AWS Chatbot (Amazon Q Developer in chat applications). */
export interface SlackChannel {
  /** The workspace id shown in the Chatbot console once the workspace is authorized, e.g. `T07EA123LEP`. */
  readonly workspaceId: string;
  /** The channel id (the last part of the channel's link), e.g. `C07EZ1ABC23`. */
  readonly channelId: string;
}

/** A Microsoft Teams channel reached through AWS Chatbot; the team must be authorized in the Chatbot console first. */
export interface TeamsChannel {
  /** The Azure tenant id (a UUID). */
  readonly tenantId: string;
  /** The team id (a UUID, `groupId` in the channel's link). */
  readonly teamId: string;
  /** The channel id as it appears URL-encoded in the channel's link, e.g. `19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2`. */
  readonly channelId: string;
}

/** Who hears about one severity's alarms. */
export interface AlertSubscribers {
  /** Addresses subscribed by email (each confirms once). May be empty. */
  readonly emails: readonly string[];
  /** An HTTPS endpoint (a pager service's SNS integration URL); it must confirm the subscription. @default none */
  readonly httpsEndpoint?: string;
  /** @default none */
  readonly slack?: SlackChannel;
  /** @default none */
  readonly teams?: TeamsChannel;
}

/** `per-severity`: one topic per severity. `single-topic`: every alarm goes to one topic (a dev stage nobody is paged for). */
export const ALERT_TOPIC_MODES = ['per-severity', 'single-topic'] as const;
export type AlertTopicMode = (typeof ALERT_TOPIC_MODES)[number];

/**
 * How warnings reach people. `daily-digest`: warning alarms notify nobody themselves; once a day a
 * digest function publishes one message to the warning topic listing the warnings in ALARM and those
 * that fired and cleared in the last 24 h (nothing when all was quiet). `each-alarm`: every warning
 * alarm notifies the warning topic on each ALARM transition. Critical alarms page either way.
 */
export const WARNING_DELIVERIES = ['daily-digest', 'each-alarm'] as const;
export type WarningDelivery = (typeof WARNING_DELIVERIES)[number];

/** When the daily digest runs by default: 07:00 UTC, before the working day in Europe. */
export const DEFAULT_DIGEST_SCHEDULE = 'cron(0 7 * * ? *)';

/** Where a stage's alarms go, per severity, and where their runbooks live. */
export interface AlertRoutingConfig {
  readonly topics: AlertTopicMode;
  readonly critical: AlertSubscribers;
  /** Must be empty with `single-topic`: the one topic is the critical topic, subscribed by `critical`. */
  readonly warning: AlertSubscribers;
  /**
   * Web address of the repository's docs/runbooks folder; an alarm links `<runbookBaseUrl>/<runbook>.md`.
   * HTTPS, without a trailing slash.
   */
  readonly runbookBaseUrl: string;
  /** How warnings reach their topic: one digest a day (the issue's "daily at most"), or each alarm as it fires. */
  readonly warningDelivery: WarningDelivery;
  /**
   * When the digest runs (EventBridge Scheduler, UTC), with `daily-digest`. It covers the 24 h before
   * it runs, so a schedule firing more often than daily repeats what is still in ALARM.
   */
  readonly digestSchedule: string;
}

/** Placeholder until the platform's own repository is configured; replace it in stages.ts or an override file. */
export const DEFAULT_RUNBOOK_BASE_URL = 'https://github.com/example-org/stage-platform/blob/main/docs/runbooks';

/** Whether a subscriber list reaches anyone. */
export function hasSubscribers(subscribers: AlertSubscribers): boolean {
  return subscribers.emails.length > 0 || !!subscribers.httpsEndpoint || !!subscribers.slack || !!subscribers.teams;
}

// The patterns AWS::Chatbot documents for these ids.
const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,256}$/;
const UUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const TEAMS_CHANNEL_ID = /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;

function validateEmails(value: unknown, path: string): ConfigIssue[] {
  return distinctList(value, path, email, { what: 'email addresses (may be empty)', entry: 'address' });
}

function validateSlack(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const slack = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, ['workspaceId', 'channelId']),
    ...matches(
      slack.workspaceId,
      `${path}.workspaceId`,
      SLACK_WORKSPACE_ID,
      'the Slack workspace id from the Chatbot console: capital letters and digits, e.g. "T07EA123LEP"',
    ),
    ...matches(
      slack.channelId,
      `${path}.channelId`,
      SLACK_CHANNEL_ID,
      'the Slack channel id: letters and digits, e.g. "C07EZ1ABC23" (not the channel name)',
    ),
  ];
}

function validateTeams(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const teams = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, ['tenantId', 'teamId', 'channelId']),
    ...matches(teams.tenantId, `${path}.tenantId`, UUID, 'the Microsoft tenant id, a UUID such as "8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60"'),
    ...matches(teams.teamId, `${path}.teamId`, UUID, 'the team id, a UUID (groupId in the channel link)'),
    ...matches(
      teams.channelId,
      `${path}.channelId`,
      TEAMS_CHANNEL_ID,
      'the channel id URL-encoded as in the channel link, e.g. "19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2"',
    ),
  ];
}

function validateSubscribers(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const subscribers = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, ['emails', 'httpsEndpoint', 'slack', 'teams']),
    ...validateEmails(subscribers.emails, `${path}.emails`),
    ...(subscribers.httpsEndpoint === undefined ? [] : httpsUrl(subscribers.httpsEndpoint, `${path}.httpsEndpoint`, 'an HTTPS subscriber')),
    ...(subscribers.slack === undefined ? [] : validateSlack(subscribers.slack, `${path}.slack`)),
    ...(subscribers.teams === undefined ? [] : validateTeams(subscribers.teams, `${path}.teams`)),
  ];
}

/** Every problem in the alert routing of a stage, each naming its path, the value found and what is allowed. */
export function validateAlertRoutingConfig(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const config = value as Record<string, unknown>;
  const issues = [
    ...unknownKeys(value, path, ['topics', 'critical', 'warning', 'runbookBaseUrl', 'warningDelivery', 'digestSchedule']),
    ...oneOf(config.topics, `${path}.topics`, ALERT_TOPIC_MODES),
    ...oneOf(config.warningDelivery, `${path}.warningDelivery`, WARNING_DELIVERIES),
    ...scheduleExpression(config.digestSchedule, `${path}.digestSchedule`),
    ...validateSubscribers(config.critical, `${path}.critical`),
    ...validateSubscribers(config.warning, `${path}.warning`),
    ...httpsUrl(config.runbookBaseUrl, `${path}.runbookBaseUrl`, 'the web address of docs/runbooks in the repository'),
  ];
  if (typeof config.runbookBaseUrl === 'string' && config.runbookBaseUrl.endsWith('/'))
    issues.push({
      path: `${path}.runbookBaseUrl`,
      value: config.runbookBaseUrl,
      expected: 'no trailing "/" (runbook names are appended as /<name>.md)',
    });
  const warning = config.warning as AlertSubscribers | undefined;
  if (config.topics === 'single-topic' && warning && Array.isArray(warning.emails) && hasSubscribers(warning))
    issues.push({
      path: `${path}.warning`,
      value: config.warning,
      expected: 'no subscribers with topics "single-topic": every alarm goes to the one topic, whose subscribers are listed under critical',
    });
  return issues;
}
