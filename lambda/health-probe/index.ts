import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { readEnvironment } from '../shared/env';
import { wrapHandler } from '../shared/handler';
import type { HealthProbeEvent, HealthProbeResult } from './contract';
import { ENV, METRIC } from './contract';
import { checkHealth, HttpGet } from './core';

/** GET with a hard deadline; the body is discarded so the connection is released. */
export const fetchStatus: HttpGet = async (url, timeoutMs) => {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { 'user-agent': 'stage-platform-health-probe', 'cache-control': 'no-cache' },
  });
  await response.body?.cancel();
  return response.status;
};

export interface HealthProbeDependencies {
  readonly env?: Record<string, string | undefined>;
  readonly get?: HttpGet;
  readonly clock?: () => number;
}

/** The schedule invokes with no input and publishes; a drill polls with `publishMetrics: false` and publishes nothing. */
const publishes = (event: HealthProbeEvent | undefined) => event?.publishMetrics !== false;

/**
 * Probes the stage's public health URL like a user would (DNS, TLS, load balancer, task) and, when
 * run by the schedule, publishes availability and latency. A drill calls it only for the answer.
 */
export function createHandler(deps: HealthProbeDependencies = {}) {
  const handler = wrapHandler(
    'health-probe',
    async (event: HealthProbeEvent | undefined, { logger, metrics }): Promise<HealthProbeResult> => {
      const env = readEnvironment([ENV.HEALTH_URL, ENV.REQUESTS, ENV.TIMEOUT_MS], deps.env);
      const result = await checkHealth(
        { url: env[ENV.HEALTH_URL], requests: Number(env[ENV.REQUESTS]), timeoutMs: Number(env[ENV.TIMEOUT_MS]) },
        { get: deps.get ?? fetchStatus, clock: deps.clock ?? Date.now },
      );
      if (!result.healthy)
        logger.warn('Health check failed', { availabilityPercent: result.availabilityPercent, requests: result.requests });
      if (publishes(event)) {
        metrics.addMetric(METRIC.AVAILABILITY, MetricUnit.Percent, result.availabilityPercent);
        for (const request of result.requests) {
          if (request.status !== undefined) metrics.addMetric(METRIC.LATENCY, MetricUnit.Milliseconds, request.latencyMs);
        }
      }
      return result;
    },
    { publishesMetrics: publishes, stage: () => deps.env?.STAGE ?? process.env.STAGE },
  );
  return (event: HealthProbeEvent = {}, context?: Context) => handler(event, context);
}

export const handler = createHandler();
