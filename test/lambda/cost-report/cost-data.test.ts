import type { GetCostAndUsageResponse } from '@aws-sdk/client-cost-explorer';
import { costAndUsageRequest, fetchDailyCosts, parseResults, tagValueOf } from '../../../lambda/cost-report/cost-data';

// The Cost Explorer request, exactly as sent (its values are the API's enums), and how the
// answer's pages become daily rows.

const RANGE = { start: '2026-11-01', end: '2026-11-04' };

describe('the GetCostAndUsage request', () => {
  it('asks for daily unblended and amortized cost of this stage plus untagged cost, by service and stage tag', () => {
    expect(costAndUsageRequest(RANGE, 'dev', 'Stage')).toEqual({
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
    expect(costAndUsageRequest(RANGE, 'dev', 'Stage', 'next').NextPageToken).toBe('next');
  });
});

describe('reading the pages', () => {
  const page = (token: string | undefined, day: string, amount: string): GetCostAndUsageResponse => ({
    ResultsByTime: [
      {
        TimePeriod: { Start: day, End: day },
        Groups: [{ Keys: ['EC2', 'Stage$dev'], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } }],
      },
    ],
    NextPageToken: token,
  });

  it("follows the token to the last page, each request carrying the previous page's token", async () => {
    const tokens: Array<string | undefined> = [];
    const pages = [page('a', '2026-11-01', '1'), page('b', '2026-11-02', '2'), page(undefined, '2026-11-03', '3')];
    const data = await fetchDailyCosts(
      async (request) => {
        tokens.push(request.NextPageToken);
        return pages[tokens.length - 1];
      },
      RANGE,
      'dev',
      'Stage',
    );
    expect(tokens).toEqual([undefined, 'a', 'b']);
    expect(data.pages).toBe(3);
    expect(data.rows.map((r) => r.amount)).toEqual([1, 2, 3]);
  });

  it('stops at the page limit instead of following a token forever: the limit itself is still read', async () => {
    let calls = 0;
    const endless = async () => {
      calls++;
      return page('again', '2026-11-01', '1');
    };
    await expect(fetchDailyCosts(endless, RANGE, 'dev', 'Stage', 3)).rejects.toThrow(
      'Cost Explorer returned more than 3 pages for 2026-11-01..2026-11-04; refusing to read further',
    );
    expect(calls).toBe(3);
    let last = 0;
    const exactlyThree = async () => (++last < 3 ? page('more', '2026-11-01', '1') : page(undefined, '2026-11-01', '1'));
    await expect(fetchDailyCosts(exactlyThree, RANGE, 'dev', 'Stage', 3)).resolves.toMatchObject({ pages: 3 });
  });
});

describe('parseResults', () => {
  it('drops zero, unreadable and dateless entries; keeps the first currency; sorts the estimated days', () => {
    const parsed = parseResults(
      [
        {
          TimePeriod: { Start: '2026-11-02', End: '2026-11-03' },
          Estimated: true,
          Groups: [{ Keys: ['RDS', 'Stage$dev'], Metrics: { UnblendedCost: { Amount: '2.5', Unit: 'EUR' } } }],
        },
        {
          TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
          Estimated: true,
          Groups: [
            { Keys: ['RDS', 'Stage$'], Metrics: { UnblendedCost: { Amount: '0', Unit: 'USD' } } },
            { Keys: ['RDS', 'Stage$dev'], Metrics: { UnblendedCost: { Amount: 'n/a', Unit: 'USD' } } },
            { Keys: ['S3', 'Stage$'], Metrics: { UnblendedCost: { Amount: '1', Unit: 'USD' } } },
            { Metrics: { UnblendedCost: { Amount: '0.5', Unit: 'USD' } } },
            { Keys: ['EC2'] },
          ],
        },
        { Estimated: true, Groups: [{ Keys: ['X', 'Stage$dev'], Metrics: { UnblendedCost: { Amount: '9', Unit: 'USD' } } }] },
        { TimePeriod: { Start: '2026-11-03', End: '2026-11-04' }, Estimated: false },
      ],
      'Stage',
    );
    expect(parsed).toEqual({
      rows: [
        { date: '2026-11-02', service: 'RDS', tagValue: 'dev', amount: 2.5 },
        { date: '2026-11-01', service: 'S3', tagValue: undefined, amount: 1 },
        { date: '2026-11-01', service: 'Unknown service', tagValue: undefined, amount: 0.5 },
      ],
      estimatedDates: ['2026-11-01', '2026-11-02'],
      currency: 'EUR',
      hasAmortized: false,
    });
    expect(parseResults([], 'Stage').currency).toBe('USD');
  });

  it('reads AmortizedCost beside UnblendedCost; a day with amortized cost only (a commitment paid upfront earlier) is kept', () => {
    const parsed = parseResults(
      [
        {
          TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
          Groups: [
            {
              Keys: ['EC2', 'Stage$dev'],
              Metrics: { UnblendedCost: { Amount: '730', Unit: 'USD' }, AmortizedCost: { Amount: '2', Unit: 'USD' } },
            },
          ],
        },
        {
          TimePeriod: { Start: '2026-11-02', End: '2026-11-03' },
          Groups: [
            {
              Keys: ['EC2', 'Stage$dev'],
              Metrics: { UnblendedCost: { Amount: '0', Unit: 'USD' }, AmortizedCost: { Amount: '2', Unit: 'USD' } },
            },
            {
              Keys: ['S3', 'Stage$dev'],
              Metrics: { UnblendedCost: { Amount: '0', Unit: 'USD' }, AmortizedCost: { Amount: '0', Unit: 'USD' } },
            },
          ],
        },
      ],
      'Stage',
    );
    expect(parsed.rows).toEqual([
      { date: '2026-11-01', service: 'EC2', tagValue: 'dev', amount: 730, amortizedAmount: 2 },
      { date: '2026-11-02', service: 'EC2', tagValue: 'dev', amount: 0, amortizedAmount: 2 },
    ]);
    expect(parsed.hasAmortized).toBe(true);
  });

  it('reads the tag value after its key; an empty value, another key or none is untagged', () => {
    expect(tagValueOf('Stage$prod', 'Stage')).toBe('prod');
    expect(tagValueOf('Stage$', 'Stage')).toBeUndefined();
    expect(tagValueOf('Team$prod', 'Stage')).toBeUndefined();
    expect(tagValueOf(undefined, 'Stage')).toBeUndefined();
  });
});
