import type { GetCostAndUsageResponse, Group } from '@aws-sdk/client-cost-explorer';

/**
 * A group exactly as Cost Explorer returns it for GroupBy SERVICE + TAG Stage and Metrics
 * UnblendedCost + AmortizedCost; amortized is the same as unblended unless a commitment covers it.
 */
export function group(service: string, stageKey: string | undefined, amount: string, amortized = amount): Group {
  return {
    Keys: stageKey === undefined ? [service] : [service, stageKey],
    Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' }, AmortizedCost: { Amount: amortized, Unit: 'USD' } },
  };
}

const GROUP_DEFINITIONS = [
  { Type: 'DIMENSION' as const, Key: 'SERVICE' },
  { Type: 'TAG' as const, Key: 'Stage' },
];

export const EC2 = 'Amazon Elastic Compute Cloud - Compute';
export const RDS = 'Amazon Relational Database Service';
export const CACHE = 'Amazon ElastiCache';
export const CLOUDWATCH = 'AmazonCloudWatch';
export const S3 = 'Amazon Simple Storage Service';

/**
 * Daily report for dev run on 2026-11-04: three complete days over three pages, one day split
 * across pages, a zero-cost group, untagged cost (`Stage$`) and a group with no tag key at all.
 *   11-01 dev: EC2 1.50 + RDS 2.00 + CloudWatch 0 = 3.50; untagged EC2 0.40
 *   11-02 dev: EC2 1.60 + RDS 2.00 = 3.60;                 untagged S3 0.10 (no tag key)
 *   11-03 dev: EC2 1.20 + RDS 2.50 + ElastiCache 0.90 = 4.60 (estimated); EC2 amortized 0.95 (a Savings Plan)
 * Amortized: month to date 11.45, yesterday 4.35, the day before 3.60.
 */
export const DAILY_PAGES: GetCostAndUsageResponse[] = [
  {
    GroupDefinitions: GROUP_DEFINITIONS,
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
        Total: {},
        Groups: [
          group(EC2, 'Stage$dev', '1.5000000012'),
          group(RDS, 'Stage$dev', '2'),
          group(CLOUDWATCH, 'Stage$dev', '0'),
          group(EC2, 'Stage$', '0.4'),
        ],
        Estimated: false,
      },
      {
        TimePeriod: { Start: '2026-11-02', End: '2026-11-03' },
        Total: {},
        Groups: [group(EC2, 'Stage$dev', '1.6')],
        Estimated: false,
      },
    ],
    DimensionValueAttributes: [],
    NextPageToken: 'page-2',
  },
  {
    GroupDefinitions: GROUP_DEFINITIONS,
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-02', End: '2026-11-03' },
        Total: {},
        Groups: [group(RDS, 'Stage$dev', '2.0'), group(S3, undefined, '0.1')],
        Estimated: false,
      },
      {
        TimePeriod: { Start: '2026-11-03', End: '2026-11-04' },
        Total: {},
        Groups: [group(EC2, 'Stage$dev', '1.2', '0.95'), group(RDS, 'Stage$dev', '2.5')],
        Estimated: true,
      },
    ],
    DimensionValueAttributes: [],
    NextPageToken: 'page-3',
  },
  {
    GroupDefinitions: GROUP_DEFINITIONS,
    ResultsByTime: [
      {
        TimePeriod: { Start: '2026-11-03', End: '2026-11-04' },
        Total: {},
        Groups: [group(CACHE, 'Stage$dev', '0.9')],
        Estimated: true,
      },
    ],
    DimensionValueAttributes: [],
  },
];

/** One page with one ResultsByTime per day; days listed in `zeroDays` come back empty as Cost Explorer sends them. */
export function dailyPage(
  start: string,
  days: number,
  perDay: (date: string) => Group[],
  zeroDays: readonly string[] = [],
): GetCostAndUsageResponse {
  const results = Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { TimePeriod: { Start: date, End: next }, Total: {}, Groups: zeroDays.includes(date) ? [] : perDay(date), Estimated: false };
  });
  return { GroupDefinitions: GROUP_DEFINITIONS, ResultsByTime: results, DimensionValueAttributes: [] };
}

/** The error Cost Explorer returns when it has too little data to forecast. */
export function dataUnavailable(): Error {
  return Object.assign(new Error('Insufficient amount of historical data to generate forecast.'), { name: 'DataUnavailableException' });
}
