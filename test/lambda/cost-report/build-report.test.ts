import type { DailyCost } from '../../../lambda/cost-report/cost-data';
import { buildCostReport, compareWithBudget, periodCost, type ReportInput } from '../../../lambda/cost-report/report';

// buildCostReport from daily rows, checked field by field: sums per window, the order of services
// and movers, the tag buckets, and which estimated days the report admits to.

const WINDOWS = {
  monthToDate: { start: '2026-11-01', end: '2026-11-08' },
  current: { start: '2026-11-07', end: '2026-11-08' },
  previous: { start: '2026-11-06', end: '2026-11-07' },
};
const row = (date: string, service: string, tagValue: string | undefined, amount: number): DailyCost => ({
  date,
  service,
  tagValue,
  amount,
});

const ROWS: DailyCost[] = [
  row('2026-11-01', 'RDS', 'dev', 10),
  row('2026-11-06', 'RDS', 'dev', 2),
  row('2026-11-07', 'RDS', 'dev', 3),
  row('2026-11-06', 'EC2', 'dev', 5),
  row('2026-11-07', 'EC2', 'dev', 3),
  row('2026-11-07', 'S3', 'dev', 1),
  row('2026-11-02', 'Lambda', 'dev', 4),
  row('2026-11-07', 'EC2', undefined, 0.5),
  row('2026-11-07', 'EC2', 'prod', 9),
  row('2026-10-31', 'RDS', 'dev', 100),
];
const input = (patch: Partial<ReportInput> = {}): ReportInput => ({
  stage: 'dev',
  period: 'daily',
  generatedAt: '2026-11-08T06:00:00.000Z',
  currency: 'USD',
  windows: WINDOWS,
  rows: ROWS,
  estimatedDates: [],
  forecast: { method: 'linear', monthEndUsd: 123.456, note: 'n' },
  monthlyBudgetUsd: 100,
  ...patch,
});

describe('buildCostReport', () => {
  const report = buildCostReport(input());

  it("totals only this stage's rows, per window, and rounds the forecast", () => {
    expect(report.total).toEqual({ monthToDateUsd: 28, currentUsd: 7, previousUsd: 7, changeUsd: 0, changePercent: 0 });
    expect(report.forecast.monthEndUsd).toBe(123.46);
  });

  it('orders services by current cost, then month to date, then name', () => {
    expect(report.byService.map((s) => [s.service, s.currentUsd, s.monthToDateUsd])).toEqual([
      ['RDS', 3, 15],
      ['EC2', 3, 8],
      ['S3', 1, 1],
      ['Lambda', 0, 4],
    ]);
    const tie = buildCostReport(input({ rows: [row('2026-11-07', 'Beta', 'dev', 1), row('2026-11-07', 'Alpha', 'dev', 1)] }));
    expect(tie.byService.map((s) => s.service)).toEqual(['Alpha', 'Beta']);
  });

  it('shows the stage, every other tag and the untagged bucket, each with its own rows', () => {
    expect(report.byTag.map((t) => [t.tag, t.monthToDateUsd, t.currentUsd])).toEqual([
      ['dev', 28, 7],
      ['(untagged)', 0.5, 0.5],
      ['prod', 9, 9],
    ]);
    const quiet = buildCostReport(input({ rows: [] }));
    expect(quiet.byTag.map((t) => [t.tag, t.monthToDateUsd])).toEqual([
      ['dev', 0],
      ['(untagged)', 0],
    ]);
  });

  it('movers: services whose cost changed, largest change either way first, ties by name', () => {
    expect(report.topMovers.map((m) => [m.service, m.changeUsd])).toEqual([
      ['EC2', -2],
      ['RDS', 1],
      ['S3', 1],
    ]);
  });

  it('admits to estimated days only inside the current period or the month', () => {
    const estimated = buildCostReport(input({ estimatedDates: ['2026-10-31', '2026-11-03', '2026-11-07'] }));
    expect(estimated.estimated).toBe(true);
    expect(estimated.estimatedDates).toEqual(['2026-11-03', '2026-11-07']);
    const old = buildCostReport(input({ estimatedDates: ['2026-10-31'] }));
    expect(old.estimated).toBe(false);
    expect(old.estimatedDates).toEqual([]);
  });
});

describe('periodCost and the budget', () => {
  it('a change against nothing has no percent; against a cost, a rounded one', () => {
    expect(periodCost([row('2026-11-07', 'X', 'dev', 3)], WINDOWS).changePercent).toBeNull();
    expect(periodCost([row('2026-11-06', 'X', 'dev', 3), row('2026-11-07', 'X', 'dev', 4)], WINDOWS).changePercent).toBe(33.33);
    expect(periodCost([row('2026-11-06', 'X', 'dev', -3), row('2026-11-07', 'X', 'dev', 3)], WINDOWS).changePercent).toBe(200);
  });

  it('over when the month so far is over; forecast-over when only the forecast is; within at exactly the budget', () => {
    expect(compareWithBudget(101, 150, 100).status).toBe('over');
    expect(compareWithBudget(100, 101, 100).status).toBe('forecast-over');
    expect(compareWithBudget(100, 100, 100)).toEqual({ monthlyUsd: 100, monthToDatePercent: 100, forecastPercent: 100, status: 'within' });
    expect(compareWithBudget(33.333, 50, 100).monthToDatePercent).toBe(33.33);
  });
});
