import type { GetCostForecastRequest, GetCostForecastResponse } from '@aws-sdk/client-cost-explorer';
import type { ForecastMethod } from './contract';
import type { ReportWindows } from './periods';

/** The adapter sends GetCostForecast. */
export type ForecastFetcher = (request: GetCostForecastRequest) => Promise<GetCostForecastResponse>;

export interface Forecast {
  readonly method: ForecastMethod;
  /** Expected cost of the whole month: month to date plus the forecast of the rest. */
  readonly monthEndUsd: number;
  /** Why this method was used, for the report reader. */
  readonly note: string;
}

/** Errors Cost Explorer returns when it cannot forecast yet: early in the month or with too little history. */
const UNAVAILABLE = new Set(['DataUnavailableException', 'ValidationException']);

export function isForecastUnavailable(error: unknown): boolean {
  return UNAVAILABLE.has((error as { name?: string } | undefined)?.name ?? '');
}

export function forecastRequest(windows: ReportWindows, stage: string, tagKey: string): GetCostForecastRequest {
  return {
    TimePeriod: { Start: windows.today, End: windows.monthEnd },
    Metric: 'UNBLENDED_COST',
    Granularity: 'MONTHLY',
    Filter: { Tags: { Key: tagKey, Values: [stage], MatchOptions: ['EQUALS'] } },
  };
}

/**
 * Month-end cost from the month-to-date daily average; on the 1st, when no day of the month
 * is complete, from `recentDailyUsd` (the average of the last complete days) instead.
 */
export function linearProjection(monthToDateUsd: number, windows: ReportWindows, recentDailyUsd: number, reason: string): Forecast {
  if (windows.completeDays > 0) {
    const daily = monthToDateUsd / windows.completeDays;
    return {
      method: 'linear',
      monthEndUsd: daily * windows.daysInMonth,
      note: `Linear projection: ${windows.completeDays} complete day(s) averaging ${daily.toFixed(2)}/day × ${windows.daysInMonth} days (${reason})`,
    };
  }
  return {
    method: 'linear',
    monthEndUsd: recentDailyUsd * windows.daysInMonth,
    note: `Linear projection from the last complete days averaging ${recentDailyUsd.toFixed(2)}/day × ${windows.daysInMonth} days (${reason})`,
  };
}

/** Cost Explorer's forecast when it has one; a linear projection when it says it cannot forecast yet. Other errors propagate. */
export async function forecastMonthEnd(
  fetch: ForecastFetcher,
  windows: ReportWindows,
  stage: string,
  tagKey: string,
  monthToDateUsd: number,
  recentDailyUsd: number,
): Promise<Forecast> {
  try {
    const response = await fetch(forecastRequest(windows, stage, tagKey));
    const remaining = Number(response.Total?.Amount);
    if (!Number.isFinite(remaining))
      return linearProjection(monthToDateUsd, windows, recentDailyUsd, 'Cost Explorer returned no forecast amount');
    return {
      method: 'cost-explorer',
      monthEndUsd: monthToDateUsd + remaining,
      note: `Cost Explorer forecast: ${remaining.toFixed(2)} from ${windows.today} to month end, plus month to date`,
    };
  } catch (error) {
    if (!isForecastUnavailable(error)) throw error;
    return linearProjection(monthToDateUsd, windows, recentDailyUsd, `Cost Explorer forecast unavailable: ${(error as Error).message}`);
  }
}
