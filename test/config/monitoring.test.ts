import { formatIssue } from '../../lib/config/config-issue';
import { MONITORING_ALARM_KEYS, MONITORING_DEFAULTS, validateMonitoringConfig } from '../../lib/config/monitoring';

const PATH = 'prod.monitoring';

/** The prod defaults with one setting replaced, addressed by a dotted path below the slice. */
function withSetting(dotted: string, value: unknown): unknown {
  const copy = structuredClone(MONITORING_DEFAULTS.prod) as unknown as Record<string, unknown>;
  const keys = dotted.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function messages(value: unknown): string[] {
  return validateMonitoringConfig(value, PATH).map(formatIssue);
}

describe('monitoring defaults', () => {
  it.each(Object.entries(MONITORING_DEFAULTS))('%s is valid', (stage, config) => {
    expect(validateMonitoringConfig(config, `${stage}.monitoring`)).toEqual([]);
  });

  it('prod carries the product thresholds: CPU 70 %, memory 80 %, p95 2 s, 5xx 1 % for 5 min, queue 1000, replica lag 30 s, free storage 10 %', () => {
    const alarms = MONITORING_DEFAULTS.prod.alarms;
    expect(alarms.serviceCpu.threshold).toBe(70);
    expect(alarms.serviceMemory.threshold).toBe(80);
    expect(alarms.apiLatencyP95.threshold).toBe(2);
    expect(alarms.api5xxRate).toEqual({ threshold: 1, periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 });
    expect(alarms.queueDepth.threshold).toBe(1000);
    expect(alarms.dbReplicaLag.threshold).toBe(30);
    expect(alarms.dbFreeStorage.threshold).toBe(10);
    expect(alarms.dlqMessages.threshold).toBe(0);
  });

  it('dev tolerates more than prod where small instances and test traffic make noise', () => {
    const { dev, prod } = MONITORING_DEFAULTS;
    expect(dev.alarms.api5xxRate.threshold).toBeGreaterThan(prod.alarms.api5xxRate.threshold);
    expect(dev.alarms.queueOldestMessageAge.threshold).toBeGreaterThan(prod.alarms.queueOldestMessageAge.threshold);
    expect(dev.alarms.dbFreeableMemory.threshold).toBeLessThan(prod.alarms.dbFreeableMemory.threshold);
  });

  it('every alarm kind has settings in every stage', () => {
    for (const config of Object.values(MONITORING_DEFAULTS))
      expect(Object.keys(config.alarms).sort()).toEqual([...MONITORING_ALARM_KEYS].sort());
  });
});

describe('validateMonitoringConfig rejects bad input', () => {
  const cases: Array<[string, string, unknown, string, RegExp]> = [
    [
      'emails as a string',
      'alerts.critical.emails',
      'ops@example.com',
      `${PATH}.alerts.critical.emails`,
      /got "ops@example.com"; expected a list of email addresses/,
    ],
    [
      'not an email',
      'alerts.warning.emails',
      ['ops.example.com'],
      `${PATH}.alerts.warning.emails[0]`,
      /got "ops.example.com"; expected an email address/,
    ],
    [
      'repeated email',
      'alerts.critical.emails',
      ['a@example.com', 'a@example.com'],
      `${PATH}.alerts.critical.emails[1]`,
      /each address once/,
    ],
    [
      'emails missing',
      'alerts.critical.emails',
      undefined,
      `${PATH}.alerts.critical.emails`,
      /got undefined; expected a list of email addresses/,
    ],
    [
      'the former alarmEmails',
      'alarmEmails',
      ['ops@example.com'],
      `${PATH}.alarmEmails`,
      /no such setting any more: list the addresses under prod.monitoring.alerts.critical.emails \(paged\) or prod.monitoring.alerts.warning.emails/,
    ],
    ['an unknown topic mode', 'alerts.topics', 'per-team', `${PATH}.alerts.topics`, /expected one of "per-severity", "single-topic"/],
    [
      'an http endpoint',
      'alerts.critical.httpsEndpoint',
      'http://pager.example.com/sns',
      `${PATH}.alerts.critical.httpsEndpoint`,
      /expected an HTTPS subscriber: an https:\/\/ URL with a host and no user name or password/,
    ],
    [
      'an endpoint with credentials',
      'alerts.critical.httpsEndpoint',
      'https://user:secret@pager.example.com/sns',
      `${PATH}.alerts.critical.httpsEndpoint`,
      /no user name or password \(the template holds it in clear\)/,
    ],
    [
      'a Slack channel name instead of its id',
      'alerts.warning.slack',
      { workspaceId: 'T07EA123LEP', channelId: '#ops-alerts' },
      `${PATH}.alerts.warning.slack.channelId`,
      /expected the Slack channel id: letters and digits/,
    ],
    [
      'a lower-case Slack workspace id',
      'alerts.warning.slack',
      { workspaceId: 't07ea123lep', channelId: 'C07EZ1ABC23' },
      `${PATH}.alerts.warning.slack.workspaceId`,
      /expected the Slack workspace id from the Chatbot console/,
    ],
    [
      'a Teams team id that is no UUID',
      'alerts.critical.teams',
      { tenantId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60', teamId: 'ops-team', channelId: '19%3aabc%40thread.tacv2' },
      `${PATH}.alerts.critical.teams.teamId`,
      /expected the team id, a UUID/,
    ],
    [
      'a Teams channel id not URL-encoded',
      'alerts.critical.teams',
      {
        tenantId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60',
        teamId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f61',
        channelId: '19:abc@thread.tacv2',
      },
      `${PATH}.alerts.critical.teams.channelId`,
      /expected the channel id URL-encoded as in the channel link/,
    ],
    [
      'a runbook URL over http',
      'alerts.runbookBaseUrl',
      'http://github.com/org/repo/blob/main/docs/runbooks',
      `${PATH}.alerts.runbookBaseUrl`,
      /expected the web address of docs\/runbooks in the repository: an https:\/\/ URL/,
    ],
    [
      'an unknown warning delivery',
      'alerts.warningDelivery',
      'hourly',
      `${PATH}.alerts.warningDelivery`,
      /expected one of "daily-digest", "each-alarm"/,
    ],
    [
      'a digest schedule that is not an EventBridge schedule',
      'alerts.digestSchedule',
      '0 7 * * *',
      `${PATH}.alerts.digestSchedule`,
      /expected an EventBridge schedule/,
    ],
    [
      'a runbook URL with a trailing slash',
      'alerts.runbookBaseUrl',
      'https://github.com/org/repo/blob/main/docs/runbooks/',
      `${PATH}.alerts.runbookBaseUrl`,
      /no trailing "\/"/,
    ],
    [
      '5xx rate above 100 %',
      'alarms.api5xxRate.threshold',
      150,
      `${PATH}.alarms.api5xxRate.threshold`,
      /got 150; expected a number from 0.01 to 100 %/,
    ],
    [
      '5xx rate of 0 (would page on the first error)',
      'alarms.api5xxRate.threshold',
      0,
      `${PATH}.alarms.api5xxRate.threshold`,
      /got 0; expected a number from 0.01 to 100 %/,
    ],
    [
      'CPU as a string',
      'alarms.serviceCpu.threshold',
      '70',
      `${PATH}.alarms.serviceCpu.threshold`,
      /got "70"; expected a number from 1 to 100 %/,
    ],
    ['latency of 0 s', 'alarms.apiLatencyP95.threshold', 0, `${PATH}.alarms.apiLatencyP95.threshold`, /from 0.01 to 60 s/],
    [
      'negative DLQ threshold',
      'alarms.dlqMessages.threshold',
      -1,
      `${PATH}.alarms.dlqMessages.threshold`,
      /got -1; expected a number from 0 to 1000000 messages/,
    ],
    [
      'queue age under a minute',
      'alarms.queueOldestMessageAge.threshold',
      30,
      `${PATH}.alarms.queueOldestMessageAge.threshold`,
      /from 60 to 1209600 s/,
    ],
    ['free storage of 100 %', 'alarms.dbFreeStorage.threshold', 100, `${PATH}.alarms.dbFreeStorage.threshold`, /from 1 to 99 %/],
    [
      'period of 120 s',
      'alarms.serviceCpu.periodSeconds',
      120,
      `${PATH}.alarms.serviceCpu.periodSeconds`,
      /got 120; expected one of 60, 300/,
    ],
    ['period as a string', 'alarms.dbCpu.periodSeconds', '300', `${PATH}.alarms.dbCpu.periodSeconds`, /got "300"; expected one of 60, 300/],
    [
      'zero evaluation periods',
      'alarms.queueDepth.evaluationPeriods',
      0,
      `${PATH}.alarms.queueDepth.evaluationPeriods`,
      /got 0; expected an integer from 1 to 288/,
    ],
    [
      'more than a day of 5-minute periods',
      'alarms.queueDepth.evaluationPeriods',
      289,
      `${PATH}.alarms.queueDepth.evaluationPeriods`,
      /got 289; expected an integer from 1 to 288/,
    ],
    [
      'datapoints above evaluation periods',
      'alarms.dbCpu.datapointsToAlarm',
      4,
      `${PATH}.alarms.dbCpu.datapointsToAlarm`,
      /got 4; expected an integer from 1 to 3/,
    ],
    ['fractional datapoints', 'alarms.dbCpu.datapointsToAlarm', 1.5, `${PATH}.alarms.dbCpu.datapointsToAlarm`, /got 1.5/],
    ['alarm settings missing', 'alarms.cacheMemory', undefined, `${PATH}.alarms.cacheMemory`, /got undefined; expected an object/],
    [
      'misspelt alarm kind',
      'alarms.apiCpu',
      { threshold: 70, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
      `${PATH}.alarms.apiCpu`,
      /no such setting; known settings here: api5xxRate/,
    ],
    [
      'misspelt alarm setting',
      'alarms.dbCpu.treshold',
      80,
      `${PATH}.alarms.dbCpu.treshold`,
      /no such setting; known settings here: threshold, periodSeconds/,
    ],
    [
      'dashboard suffix with a space',
      'dashboard.nameSuffix',
      'stage overview',
      `${PATH}.dashboard.nameSuffix`,
      /got "stage overview"; expected 1 to 64 letters, digits, "-" or "_"/,
    ],
    [
      'dashboard range of 0 h',
      'dashboard.defaultRangeHours',
      0,
      `${PATH}.dashboard.defaultRangeHours`,
      /got 0; expected an integer from 1 to 168/,
    ],
    [
      'unknown dashboard setting',
      'dashboard.theme',
      'dark',
      `${PATH}.dashboard.theme`,
      /no such setting; known settings here: nameSuffix, defaultRangeHours/,
    ],
    [
      'unknown top-level setting',
      'emails',
      ['ops@example.com'],
      `${PATH}.emails`,
      /no such setting; known settings here: alerts, alarms, dashboard/,
    ],
  ];

  it.each(cases)('%s', (_name, setting, value, path, message) => {
    const issues = validateMonitoringConfig(withSetting(setting, value), PATH);
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    expect(formatIssue(issues[0])).toMatch(message);
  });

  it('reports every problem at once, not just the first', () => {
    let config = withSetting('alarms.serviceCpu.threshold', 0);
    config = {
      ...(config as object),
      alerts: { ...MONITORING_DEFAULTS.prod.alerts, critical: { emails: ['nope'] } },
      dashboard: { nameSuffix: '', defaultRangeHours: 500 },
    };
    expect(messages(config)).toEqual([
      `${PATH}.alerts.critical.emails[0]: got "nope"; expected an email address such as ops@example.com`,
      `${PATH}.alarms.serviceCpu.threshold: got 0; expected a number from 1 to 100 %`,
      `${PATH}.dashboard.nameSuffix: got ""; expected 1 to 64 letters, digits, "-" or "_" (CloudWatch dashboard names allow no other characters)`,
      `${PATH}.dashboard.defaultRangeHours: got 500; expected an integer from 1 to 168`,
    ]);
  });

  it('a single-topic stage lists its subscribers under critical only', () => {
    const config = withSetting('alerts', {
      ...MONITORING_DEFAULTS.prod.alerts,
      topics: 'single-topic',
      warning: { emails: ['ops@example.com'] },
    });
    expect(messages(config)).toEqual([
      `${PATH}.alerts.warning: got {"emails":["ops@example.com"]}; expected no subscribers with topics "single-topic": every alarm goes to the one topic, whose subscribers are listed under critical`,
    ]);
  });

  it('accepts Slack, Teams and an HTTPS endpoint that follow the documented id formats', () => {
    const config = withSetting('alerts.critical', {
      emails: [],
      httpsEndpoint: 'https://events.pagerduty.com/integration/abc123/enqueue',
      slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
      teams: {
        tenantId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60',
        teamId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f61',
        channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
      },
    });
    expect(messages(config)).toEqual([]);
  });

  it('a bad period still checks datapoints against the evaluation periods given', () => {
    const config = withSetting('alarms.dbCpu', { threshold: 80, periodSeconds: 30, evaluationPeriods: 3, datapointsToAlarm: 5 });
    expect(validateMonitoringConfig(config, PATH).map((i) => i.path)).toEqual([
      `${PATH}.alarms.dbCpu.periodSeconds`,
      `${PATH}.alarms.dbCpu.datapointsToAlarm`,
    ]);
  });

  it.each([null, 'monitoring', [], 42])('a slice that is not an object (%p) is one issue', (value) => {
    expect(messages(value)).toEqual([`${PATH}: got ${JSON.stringify(value)}; expected an object`]);
  });
});
