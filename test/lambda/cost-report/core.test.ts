import { parseBudget, parseEvent, parseReaderRoleArn, parseRetentionDays, runCostReport } from '../../../lambda/cost-report/core';
import type { CostReport } from '../../../lambda/cost-report/report';
import { CACHE, DAILY_PAGES, EC2, RDS, dailyPage, dataUnavailable, group } from './fixtures';
import { recordingDependencies } from './harness';

const READER = 'arn:aws:iam::111111111111:role/webapp-dev-cost-report-reader';
const SETTINGS = {
  stage: 'dev',
  bucket: 'reports-bucket',
  monthlyBudgetUsd: 150,
  region: 'eu-west-1',
  readerRoleArn: READER,
  reportRetentionDays: 35,
};

function jsonReport(objects: Map<string, { body: string }>, key: string): CostReport {
  return JSON.parse(objects.get(key)!.body) as CostReport;
}

describe('daily report from three pages of Cost Explorer data, forecast unavailable', () => {
  const { deps, recorded } = recordingDependencies(DAILY_PAGES, () => Promise.reject(dataUnavailable()), '2026-11-04T09:00:00Z');
  let result: Awaited<ReturnType<typeof runCostReport>>;
  let report: CostReport;

  beforeAll(async () => {
    result = await runCostReport({ period: 'daily' }, SETTINGS, deps);
    report = jsonReport(recorded.objects, 'reports/dev/cost/daily/2026-11-04.json');
  });

  it('follows NextPageToken until the last page, asking for complete days only (today excluded)', () => {
    expect(recorded.costRequests.map((r) => r.NextPageToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(recorded.costRequests[0]).toEqual({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-04' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      Filter: {
        Or: [{ Tags: { Key: 'Stage', Values: ['dev'], MatchOptions: ['EQUALS'] } }, { Tags: { Key: 'Stage', MatchOptions: ['ABSENT'] } }],
      },
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'TAG', Key: 'Stage' },
      ],
    });
  });

  it('totals the stage-tagged cost: month to date 3.50 + 3.60 + 4.60 = 11.70; yesterday 4.60 vs 3.60 = +1.00 (+27.78%)', () => {
    expect(report.total).toEqual({ monthToDateUsd: 11.7, currentUsd: 4.6, previousUsd: 3.6, changeUsd: 1, changePercent: 27.78 });
  });

  it("totals the amortized cost beside it: the Savings Plan covers 0.25 of yesterday's EC2 (11.45 month to date, 4.35 yesterday)", () => {
    expect(report.amortizedTotal).toEqual({
      monthToDateUsd: 11.45,
      currentUsd: 4.35,
      previousUsd: 3.6,
      changeUsd: 0.75,
      changePercent: 20.83,
    });
  });

  it('keeps the untagged bucket (Stage$ and a group without a tag key) apart from the stage: 0.40 + 0.10', () => {
    expect(report.byTag).toEqual([
      expect.objectContaining({ tag: 'dev', monthToDateUsd: 11.7 }),
      expect.objectContaining({ tag: '(untagged)', monthToDateUsd: 0.5, currentUsd: 0, previousUsd: 0.1 }),
    ]);
  });

  it('lists services by current cost and drops zero-cost groups', () => {
    expect(report.byService.map((s) => [s.service, s.currentUsd, s.previousUsd])).toEqual([
      [RDS, 2.5, 2],
      [EC2, 1.2, 1.6],
      [CACHE, 0.9, 0],
    ]);
  });

  it('ranks top movers by the size of the change, with no percent for a service that was free before', () => {
    expect(report.topMovers.map((m) => [m.service, m.changeUsd, m.changePercent])).toEqual([
      [CACHE, 0.9, null],
      [RDS, 0.5, 25],
      [EC2, -0.4, -25],
    ]);
  });

  it('falls back to a linear projection and says so: 11.70 / 3 days × 30 days = 117.00', () => {
    expect(report.forecast.method).toBe('linear');
    expect(report.forecast.monthEndUsd).toBe(117);
    expect(report.forecast.note).toMatch(/Linear projection.*Insufficient amount of historical data/);
    expect(recorded.forecastRequests[0]).toEqual({
      TimePeriod: { Start: '2026-11-04', End: '2026-12-01' },
      Metric: 'UNBLENDED_COST',
      Granularity: 'MONTHLY',
      Filter: { Tags: { Key: 'Stage', Values: ['dev'], MatchOptions: ['EQUALS'] } },
    });
  });

  it('compares with the budget: 11.70 is 7.8% and 117.00 is 78% of 150', () => {
    expect(report.budget).toEqual({ monthlyUsd: 150, monthToDatePercent: 7.8, forecastPercent: 78, status: 'within' });
  });

  it('marks the estimated day', () => {
    expect(report.estimated).toBe(true);
    expect(report.estimatedDates).toEqual(['2026-11-03']);
  });

  it('writes JSON, CSV and HTML under reports/<stage>/cost/<period>/<date>', () => {
    expect([...recorded.objects.keys()].sort()).toEqual([
      'reports/dev/cost/daily/2026-11-04.csv',
      'reports/dev/cost/daily/2026-11-04.html',
      'reports/dev/cost/daily/2026-11-04.json',
    ]);
    expect(recorded.objects.get('reports/dev/cost/daily/2026-11-04.html')!.contentType).toBe('text/html; charset=utf-8');
    expect(result.keys.html).toBe('reports/dev/cost/daily/2026-11-04.html');
  });

  it('writes a CSV with a total row, one row per service and per tag', () => {
    const lines = recorded.objects.get('reports/dev/cost/daily/2026-11-04.csv')!.body.trim().split('\r\n');
    expect(lines[0]).toBe('scope,name,month_to_date,current_period,previous_period,change,change_percent');
    expect(lines).toContain('total,dev,11.7,4.6,3.6,1,27.78');
    expect(lines).toContain('service,Amazon ElastiCache,0.9,0.9,0,0.9,');
    expect(lines).toContain('total_amortized,dev,11.45,4.35,3.6,0.75,20.83');
    expect(lines).toContain('tag,(untagged),0.5,0,0.1,-0.1,-100');
    expect(lines).toHaveLength(1 + 2 + 3 + 2);
  });

  it('sends a short plain-text summary naming the forecast method and the report', () => {
    expect(recorded.messages).toHaveLength(1);
    const { subject, message } = recorded.messages[0];
    expect(subject).toBe('[dev] daily cost: $11.70 month to date, within budget');
    expect(message).toContain('Yesterday (2026-11-03): $4.60, +$1.00 (+27.8%) vs 2026-11-02 [includes estimated days]');
    expect(message).toContain('Forecast to month end: $117.00 (78% of budget, linear projection)');
    expect(message).toContain('Untagged cost month to date (not attributed to any stage): $0.50');
    expect(message).toContain('Amortized (commitment fees spread over their term): $4.35 this period, $11.45 month to date');
  });

  it("links the HTML report in the S3 console for the reader role, with the switch-role link, and states that the links don't expire", () => {
    const lines = recorded.messages[0].message.split('\n');
    expect(lines).toContain(
      'Full report: https://eu-west-1.console.aws.amazon.com/s3/object/reports-bucket?region=eu-west-1&bucketType=general&prefix=reports%2Fdev%2Fcost%2Fdaily%2F2026-11-04.html',
    );
    expect(lines).toContain(
      'Open it as the cost report reader: switch role first (https://signin.aws.amazon.com/switchrole?roleName=webapp-dev-cost-report-reader&account=111111111111&displayName=webapp-dev-cost-report-reader), then follow the link.',
    );
    expect(lines).toContain(`The links do not expire; they open only for the role ${READER}, and the report is kept 35 days.`);
    expect(lines).toContain(
      `With the AWS CLI (a profile with role_arn = ${READER}): aws s3 cp s3://reports-bucket/reports/dev/cost/daily/2026-11-04.html .`,
    );
  });

  it('records MonthToDateCost and ForecastCost and returns them', () => {
    expect(recorded.metrics).toEqual([{ monthToDateUsd: 11.7, forecastUsd: 117 }]);
    expect(result).toMatchObject({ monthToDateUsd: 11.7, forecastUsd: 117, forecastMethod: 'linear', budgetUsd: 150 });
  });
});

describe('forecast available', () => {
  it('adds Cost Explorer forecast of the rest of the month to month to date: 11.70 + 95.50 = 107.20', async () => {
    const { deps, recorded } = recordingDependencies(
      DAILY_PAGES,
      async () => ({ Total: { Amount: '95.5', Unit: 'USD' }, ForecastResultsByTime: [] }),
      '2026-11-04T09:00:00Z',
    );
    const result = await runCostReport({ period: 'daily' }, SETTINGS, deps);
    expect(result.forecastMethod).toBe('cost-explorer');
    expect(result.forecastUsd).toBe(107.2);
    expect(recorded.messages[0].message).toContain('Cost Explorer forecast');
  });

  it('reports forecast over budget when the forecast passes it', async () => {
    const { deps, recorded } = recordingDependencies(
      DAILY_PAGES,
      async () => ({ Total: { Amount: '200', Unit: 'USD' } }),
      '2026-11-04T09:00:00Z',
    );
    await runCostReport({ period: 'daily' }, SETTINGS, deps);
    const report = jsonReport(recorded.objects, 'reports/dev/cost/daily/2026-11-04.json');
    expect(report.budget.status).toBe('forecast-over');
    expect(recorded.messages[0].subject).toContain('FORECAST OVER BUDGET');
  });
});

describe('weekly report with zero-cost days', () => {
  // 2026-11-01..11-19: dev EC2 2.00 a day except 11-08, 11-15 and 11-16, which cost nothing.
  const page = dailyPage('2026-11-01', 19, () => [group(EC2, 'Stage$dev', '2.00')], ['2026-11-08', '2026-11-15', '2026-11-16']);

  it('counts zero days as zero: this week 5 × 2.00, last week 6 × 2.00, month 16 × 2.00', async () => {
    const { deps, recorded } = recordingDependencies([page], () => Promise.reject(dataUnavailable()), '2026-11-20T06:00:00Z');
    const result = await runCostReport({ period: 'weekly' }, SETTINGS, deps);
    const report = jsonReport(recorded.objects, 'reports/dev/cost/weekly/2026-11-20.json');
    expect(report.current).toEqual({ start: '2026-11-13', end: '2026-11-20' });
    expect(report.previous).toEqual({ start: '2026-11-06', end: '2026-11-13' });
    expect(report.total).toEqual({ monthToDateUsd: 32, currentUsd: 10, previousUsd: 12, changeUsd: -2, changePercent: -16.67 });
    // 32 / 19 complete days × 30 days
    expect(result.forecastUsd).toBeCloseTo((32 / 19) * 30, 2);
    expect(report.estimated).toBe(false);
  });
});

describe('monthly report on the 1st', () => {
  // October 31 days × 1.00, November 30 days × 3.00; run on December 1st, so no December day is complete.
  const page = dailyPage('2026-10-01', 61, (date) => [group(RDS, 'Stage$prod', date < '2026-11-01' ? '1' : '3')]);

  it('compares last month with the one before and projects from the last complete days when the month has none', async () => {
    const { deps, recorded } = recordingDependencies([page], () => Promise.reject(dataUnavailable()), '2026-12-01T07:00:00Z');
    const result = await runCostReport({ period: 'monthly' }, { ...SETTINGS, stage: 'prod', monthlyBudgetUsd: 80 }, deps);
    expect(recorded.costRequests[0].TimePeriod).toEqual({ Start: '2026-10-01', End: '2026-12-01' });
    const report = jsonReport(recorded.objects, 'reports/prod/cost/monthly/2026-12-01.json');
    expect(report.total).toEqual({ monthToDateUsd: 0, currentUsd: 90, previousUsd: 31, changeUsd: 59, changePercent: 190.32 });
    // 90 / 30 days of November = 3.00 a day × 31 days of December
    expect(result.forecastUsd).toBe(93);
    expect(report.forecast.note).toContain('last complete days');
    expect(report.budget.status).toBe('forecast-over');
  });
});

describe('failures', () => {
  it('writes and sends nothing when Cost Explorer fails', async () => {
    const { deps, recorded } = recordingDependencies([], async () => ({}), '2026-11-04T09:00:00Z');
    const failing = {
      ...deps,
      getCostAndUsage: () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })),
    };
    await expect(runCostReport({ period: 'daily' }, SETTINGS, failing)).rejects.toThrow('denied');
    expect(recorded.objects.size).toBe(0);
    expect(recorded.messages).toHaveLength(0);
    expect(recorded.metrics).toHaveLength(0);
  });

  it('does not hide a forecast error that is not "no data yet"', async () => {
    const denied = Object.assign(new Error('not authorized to perform ce:GetCostForecast'), { name: 'AccessDeniedException' });
    const { deps, recorded } = recordingDependencies(DAILY_PAGES, () => Promise.reject(denied), '2026-11-04T09:00:00Z');
    await expect(runCostReport({ period: 'daily' }, SETTINGS, deps)).rejects.toThrow('ce:GetCostForecast');
    expect(recorded.objects.size).toBe(0);
  });

  it('stops when Cost Explorer keeps returning page tokens', async () => {
    const { deps } = recordingDependencies([], async () => ({}), '2026-11-04T09:00:00Z');
    const endless = { ...deps, getCostAndUsage: async () => ({ ResultsByTime: [], NextPageToken: 'again' }) };
    await expect(runCostReport({ period: 'daily' }, SETTINGS, endless)).rejects.toThrow(/more than 40 pages/);
  });

  it.each([[{}], [{ period: 'hourly' }], [null]])('rejects the event %j', (event) => {
    expect(() => parseEvent(event)).toThrow(/daily, weekly, monthly/);
  });

  it.each(['', 'webapp-dev-cost-report-reader', 'arn:aws:iam::111111111111:user/finance', 'arn:aws:iam::1111:role/x'])(
    'rejects the reader role ARN %j before anything is read',
    (value) => {
      expect(() => parseReaderRoleArn(value)).toThrow(/arn:aws:iam::123456789012:role\/name/);
    },
  );

  it.each([
    ['35', 35],
    ['0', 0],
    ['-1', 0],
    ['seven', 0],
    ['1.5', 0],
  ])('reads the retention %j as %p days (0: "as the bucket keeps reports")', (value, days) => {
    expect(parseRetentionDays(value)).toBe(days);
  });

  it.each(['0', '-5', 'abc', ''])('rejects the budget %j', (value) => {
    expect(() => parseBudget(value)).toThrow(/positive number/);
  });
});
