import type { Expression, GetCostAndUsageRequest, GetCostAndUsageResponse, ResultByTime } from '@aws-sdk/client-cost-explorer';
import type { DateRange } from './periods';

/** One Cost Explorer page; the adapter sends GetCostAndUsage. */
export type CostPageFetcher = (request: GetCostAndUsageRequest) => Promise<GetCostAndUsageResponse>;

/** Cost of one service on one day for one value of the stage tag. */
export interface DailyCost {
  readonly date: string;
  readonly service: string;
  /** The stage tag's value; undefined for untagged cost (Cost Explorer's `Stage$`). */
  readonly tagValue: string | undefined;
  readonly amount: number;
}

export interface CostData {
  readonly rows: readonly DailyCost[];
  /** Days Cost Explorer marked as estimated (not final yet). */
  readonly estimatedDates: readonly string[];
  /** Currency of the amounts, as Cost Explorer reports it. */
  readonly currency: string;
  readonly pages: number;
}

export const COST_METRIC = 'UnblendedCost';

/** Cost of this stage's tag value plus the untagged cost, which no stage can claim. */
export function stageFilter(stage: string, tagKey: string): Expression {
  return {
    Or: [{ Tags: { Key: tagKey, Values: [stage], MatchOptions: ['EQUALS'] } }, { Tags: { Key: tagKey, MatchOptions: ['ABSENT'] } }],
  };
}

export function costAndUsageRequest(range: DateRange, stage: string, tagKey: string, nextPageToken?: string): GetCostAndUsageRequest {
  return {
    TimePeriod: { Start: range.start, End: range.end },
    Granularity: 'DAILY',
    Metrics: [COST_METRIC],
    Filter: stageFilter(stage, tagKey),
    GroupBy: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'TAG', Key: tagKey },
    ],
    ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
  };
}

/**
 * Reads every page of daily cost by service and stage tag. A page limit stops a token that
 * never ends from running the function (and the Cost Explorer bill, $0.01 a request) forever.
 */
export async function fetchDailyCosts(
  fetchPage: CostPageFetcher,
  range: DateRange,
  stage: string,
  tagKey: string,
  maxPages = 40,
): Promise<CostData> {
  const results: ResultByTime[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    if (pages >= maxPages)
      throw new Error(`Cost Explorer returned more than ${maxPages} pages for ${range.start}..${range.end}; refusing to read further`);
    const page = await fetchPage(costAndUsageRequest(range, stage, tagKey, token));
    pages++;
    results.push(...(page.ResultsByTime ?? []));
    token = page.NextPageToken;
  } while (token);
  return { ...parseResults(results, tagKey), pages };
}

/** Flattens ResultsByTime (a day can be split over pages) into rows; zero-cost groups are dropped. */
export function parseResults(results: readonly ResultByTime[], tagKey: string): Omit<CostData, 'pages'> {
  const rows: DailyCost[] = [];
  const estimated = new Set<string>();
  let currency: string | undefined;
  for (const result of results) {
    const date = result.TimePeriod?.Start;
    if (!date) continue;
    if (result.Estimated) estimated.add(date);
    for (const group of result.Groups ?? []) {
      const metric = group.Metrics?.[COST_METRIC];
      const amount = Number(metric?.Amount ?? 0);
      if (!Number.isFinite(amount) || amount === 0) continue;
      currency ??= metric?.Unit;
      const [service = 'Unknown service', tag] = group.Keys ?? [];
      rows.push({ date, service, tagValue: tagValueOf(tag, tagKey), amount });
    }
  }
  return { rows, estimatedDates: [...estimated].sort(), currency: currency ?? 'USD' };
}

/** `Stage$prod` → `prod`; `Stage$`, a missing key or another key → undefined (untagged). */
export function tagValueOf(groupKey: string | undefined, tagKey: string): string | undefined {
  const prefix = `${tagKey}$`;
  if (!groupKey?.startsWith(prefix)) return undefined;
  return groupKey.slice(prefix.length) || undefined;
}
