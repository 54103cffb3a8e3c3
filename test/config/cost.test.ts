import { formatIssue } from '../../lib/config/config-issue';
import { COST_DEFAULTS, validateCostConfig } from '../../lib/config/cost';

function withPatch(patch: Record<string, unknown>): Record<string, unknown> {
  const base = COST_DEFAULTS.prod as unknown as Record<string, unknown>;
  const schedules = patch.reportSchedules;
  return {
    ...base,
    ...patch,
    ...(schedules && typeof schedules === 'object' && !Array.isArray(schedules)
      ? { reportSchedules: { ...COST_DEFAULTS.prod.reportSchedules, ...schedules } }
      : {}),
  };
}

describe('cost defaults', () => {
  it.each(Object.entries(COST_DEFAULTS))('%s is valid', (stage, config) => {
    expect(validateCostConfig(config, `${stage}.cost`)).toEqual([]);
  });

  it('sends prod cost messages to finance through the cost topic, and budget mails only to on-call', () => {
    expect(COST_DEFAULTS.prod.reportEmails).toEqual(['finance@example.com']);
    expect(COST_DEFAULTS.prod.budgetAlertEmails).toEqual(['ops-oncall@example.com']);
    expect(COST_DEFAULTS.prod.reportReaders).toEqual([]);
  });

  it('dev has the smallest budget and anomaly threshold, prod the largest', () => {
    const { dev, staging, prod } = COST_DEFAULTS;
    expect(dev.monthlyBudgetUsd).toBeLessThan(staging.monthlyBudgetUsd);
    expect(staging.monthlyBudgetUsd).toBeLessThan(prod.monthlyBudgetUsd);
    expect(dev.anomalyThresholdUsd).toBeLessThan(prod.anomalyThresholdUsd);
    expect([dev.actualAlertPercent, dev.forecastAlertPercent]).toEqual([80, 100]);
  });
});

describe('validateCostConfig rejects bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['zero budget', { monthlyBudgetUsd: 0 }, 'prod.cost.monthlyBudgetUsd', /got 0; expected a number from 1 to 1000000 USD/],
    ['negative budget', { monthlyBudgetUsd: -10 }, 'prod.cost.monthlyBudgetUsd', /got -10/],
    ['budget as a string', { monthlyBudgetUsd: '3000' }, 'prod.cost.monthlyBudgetUsd', /got "3000"/],
    ['emails as a string', { budgetAlertEmails: 'ops@example.com' }, 'prod.cost.budgetAlertEmails', /a list of at most 10 email addresses/],
    [
      'eleven emails',
      { budgetAlertEmails: Array.from({ length: 11 }, (_, i) => `ops${i}@example.com`) },
      'prod.cost.budgetAlertEmails',
      /at most 10/,
    ],
    [
      'not an email',
      { budgetAlertEmails: ['ops.example.com'] },
      'prod.cost.budgetAlertEmails[0]',
      /got "ops.example.com"; expected an email address/,
    ],
    ['repeated email', { budgetAlertEmails: ['a@example.com', 'a@example.com'] }, 'prod.cost.budgetAlertEmails[1]', /each address once/],
    ['actual percent 0', { actualAlertPercent: 0 }, 'prod.cost.actualAlertPercent', /got 0; expected an integer from 1 to 1000/],
    ['actual percent 80.5', { actualAlertPercent: 80.5 }, 'prod.cost.actualAlertPercent', /got 80.5/],
    [
      'forecast percent missing',
      { forecastAlertPercent: undefined },
      'prod.cost.forecastAlertPercent',
      /got undefined; expected an integer from 1 to 1000/,
    ],
    ['anomaly threshold 0', { anomalyThresholdUsd: 0 }, 'prod.cost.anomalyThresholdUsd', /from 1 to 1000000 USD/],
    [
      'daily schedule of five cron fields',
      { reportSchedules: { daily: 'cron(0 7 * * *)' } },
      'prod.cost.reportSchedules.daily',
      /six fields/,
    ],
    [
      'weekly schedule as text',
      { reportSchedules: { weekly: 'every monday' } },
      'prod.cost.reportSchedules.weekly',
      /an EventBridge schedule/,
    ],
    ['schedules missing', { reportSchedules: null }, 'prod.cost.reportSchedules', /an object/],
    [
      'typo in a schedule key',
      { reportSchedules: { montly: 'rate(30 days)' } },
      'prod.cost.reportSchedules.montly',
      /known settings here: daily, weekly, monthly/,
    ],
    ['typo in a key', { budgetUsd: 100 }, 'prod.cost.budgetUsd', /known settings here: monthlyBudgetUsd/],
    ['report emails missing', { reportEmails: undefined }, 'prod.cost.reportEmails', /a list of at most 25 email addresses/],
    ['report email not an address', { reportEmails: ['finance'] }, 'prod.cost.reportEmails[0]', /got "finance"; expected an email address/],
    ['report email twice', { reportEmails: ['f@example.com', 'f@example.com'] }, 'prod.cost.reportEmails[1]', /each address once/],
    [
      'http endpoint',
      { reportHttpsEndpoints: ['http://hooks.example.com/cost'] },
      'prod.cost.reportHttpsEndpoints[0]',
      /got "http:\/\/hooks.example.com\/cost"; expected an HTTPS subscriber: an https:\/\/ URL/,
    ],
    [
      'endpoint with a password',
      { reportHttpsEndpoints: ['https://bot:s3cret@hooks.example.com/cost'] },
      'prod.cost.reportHttpsEndpoints[0]',
      /no user name or password \(the template holds it in clear\)/,
    ],
    ['endpoint not a URL', { reportHttpsEndpoints: ['hooks.example.com'] }, 'prod.cost.reportHttpsEndpoints[0]', /an https:\/\/ URL/],
    [
      'endpoint as a string',
      { reportHttpsEndpoints: 'https://hooks.example.com' },
      'prod.cost.reportHttpsEndpoints',
      /a list of at most 25 https:\/\/ URLs/,
    ],
    [
      'reader as a role name',
      { reportReaders: ['finance-reader'] },
      'prod.cost.reportReaders[0]',
      /got "finance-reader"; expected an IAM role ARN such as arn:aws:iam::123456789012:role\/finance-reader/,
    ],
    [
      'reader as a user ARN',
      { reportReaders: ['arn:aws:iam::123456789012:user/alice'] },
      'prod.cost.reportReaders[0]',
      /an IAM role ARN .* or an account root ARN/,
    ],
    [
      'reader with a short account id',
      { reportReaders: ['arn:aws:iam::12345:role/finance'] },
      'prod.cost.reportReaders[0]',
      /an IAM role ARN/,
    ],
    [
      'eleven readers',
      { reportReaders: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::12345678901${i % 10}:role/r${i}`) },
      'prod.cost.reportReaders',
      /at most 10 IAM role or account root ARNs \(empty: the stage's own account\)/,
    ],
  ];

  it.each(cases)('%s', (_name, patch, path, message) => {
    const issues = validateCostConfig(withPatch(patch), 'prod.cost');
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(formatIssue(issue!)).toMatch(message);
  });

  it('accepts role ARNs with a path, account roots and other partitions as readers, and https endpoints with a query', () => {
    expect(
      validateCostConfig(
        withPatch({
          reportReaders: [
            'arn:aws:iam::123456789012:role/finance/cost-reader',
            'arn:aws:iam::210987654321:root',
            'arn:aws-us-gov:iam::123456789012:role/reader',
          ],
          reportHttpsEndpoints: ['https://hooks.example.com/services/T0/B0?channel=cost'],
        }),
        'prod.cost',
      ),
    ).toEqual([]);
  });

  it('reports every problem at once', () => {
    const issues = validateCostConfig(withPatch({ monthlyBudgetUsd: 0, actualAlertPercent: -1, budgetAlertEmails: ['x'] }), 'prod.cost');
    expect(issues.map((i) => i.path).sort()).toEqual([
      'prod.cost.actualAlertPercent',
      'prod.cost.budgetAlertEmails[0]',
      'prod.cost.monthlyBudgetUsd',
    ]);
  });

  it('rejects a slice that is not an object', () => {
    expect(validateCostConfig([], 'dev.cost')).toEqual([{ path: 'dev.cost', value: [], expected: 'an object' }]);
  });
});
