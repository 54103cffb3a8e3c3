import type {
  GetCostAndUsageRequest,
  GetCostAndUsageResponse,
  GetCostForecastRequest,
  GetCostForecastResponse,
} from '@aws-sdk/client-cost-explorer';
import type { CostReportDependencies } from '../../../lambda/cost-report/core';

export interface Recorded {
  readonly costRequests: GetCostAndUsageRequest[];
  readonly forecastRequests: GetCostForecastRequest[];
  readonly objects: Map<string, { body: string; contentType: string }>;
  readonly messages: { subject: string; message: string }[];
  readonly metrics: { monthToDateUsd: number; forecastUsd: number }[];
}

/** Dependencies backed by recorded Cost Explorer responses: page N+1 is served for page N's token. */
export function recordingDependencies(
  pages: GetCostAndUsageResponse[],
  forecast: () => Promise<GetCostForecastResponse>,
  now: string,
): { deps: CostReportDependencies; recorded: Recorded } {
  const recorded: Recorded = { costRequests: [], forecastRequests: [], objects: new Map(), messages: [], metrics: [] };
  const deps: CostReportDependencies = {
    getCostAndUsage: async (request) => {
      recorded.costRequests.push(request);
      const index = request.NextPageToken ? pages.findIndex((p) => p.NextPageToken === request.NextPageToken) + 1 : 0;
      if (index < 0 || index >= pages.length) throw new Error(`no page for token ${request.NextPageToken}`);
      return pages[index];
    },
    getCostForecast: async (request) => {
      recorded.forecastRequests.push(request);
      return forecast();
    },
    putObject: async (key, body, contentType) => {
      recorded.objects.set(key, { body, contentType });
    },
    publish: async (subject, message) => {
      recorded.messages.push({ subject, message });
    },
    recordCost: (values) => {
      recorded.metrics.push(values);
    },
    now: () => new Date(now),
  };
  return { deps, recorded };
}
