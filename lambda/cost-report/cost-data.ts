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
  /** Unblended cost: what was charged that day. Budgets, the forecast and the metrics use it. */
  readonly amount: number;
  /**
   * Amortized cost: upfront Savings Plans and Reserved Instance fees spread over their term, the
   * recurring fees over the days they cover; undefined when Cost Explorer returned no amortized figure.
   */
  readonly amortizedAmount?: number;
}

export interface CostData {
  readonly rows: readonly DailyCost[];
  /** Days Cost Explorer marked as estimated (not final yet). */
  readonly estimatedDates: readonly string[];
  /** Currency of the amounts, as Cost Explorer reports it. */
  readonly currency: string;
  /** True when Cost Explorer returned AmortizedCost beside UnblendedCost (it always does when asked; old replays did not). */
  readonly hasAmortized: boolean;
  readonly pages: number;
}

/** GetCostAndUsage's metric names (its API reference: AmortizedCost, BlendedCost, ..., UnblendedCost, UsageQuantity). */
export const COST_METRIC = 'UnblendedCost';
export const AMORTIZED_METRIC = 'AmortizedCost';

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
    Metrics: [COST_METRIC, AMORTIZED_METRIC],
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

/** A metric's amount; 0 when missing or not a number. */
function amountOf(value: string | undefined): number {
  const amount = Number(value ?? 0);
  return Number.isFinite(amount) ? amount : 0;
}

/** Flattens ResultsByTime (a day can be split over pages) into rows; groups where both costs are zero are dropped. */
export function parseResults(results: readonly ResultByTime[], tagKey: string): Omit<CostData, 'pages'> {
  const rows: DailyCost[] = [];
  const estimated = new Set<string>();
  let currency: string | undefined;
  let hasAmortized = false;
  for (const result of results) {
    const date = result.TimePeriod?.Start;
    if (!date) continue;
    if (result.Estimated) estimated.add(date);
    for (const group of result.Groups ?? []) {
      const metric = group.Metrics?.[COST_METRIC];
      const amortized = group.Metrics?.[AMORTIZED_METRIC];
      const amount = amountOf(metric?.Amount);
      const amortizedAmount = amortized === undefined ? undefined : amountOf(amortized.Amount);
      if (amortized !== undefined) hasAmortized = true;
      if (amount === 0 && !amortizedAmount) continue;
      currency ??= metric?.Unit ?? amortized?.Unit;
      const [service = 'Unknown service', tag] = group.Keys ?? [];
      rows.push({ date, service, tagValue: tagValueOf(tag, tagKey), amount, ...(amortized ? { amortizedAmount } : {}) });
    }
  }
  return { rows, estimatedDates: [...estimated].sort(), currency: currency ?? 'USD', hasAmortized };
}

/** `Stage$prod` → `prod`; `Stage$`, a missing key or another key → undefined (untagged). */
export function tagValueOf(groupKey: string | undefined, tagKey: string): string | undefined {
  const prefix = `${tagKey}$`;
  if (!groupKey?.startsWith(prefix)) return undefined;
  return groupKey.slice(prefix.length) || undefined;
}
