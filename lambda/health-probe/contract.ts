import type { TimeBudget } from '../shared/time-budget';

/** Environment the health-check construct sets on the health-probe function. */
export const ENV = {
  /** Full URL probed, e.g. `https://app.example.com/health`. */
  HEALTH_URL: 'HEALTH_URL',
  /** Requests per probe. */
  REQUESTS: 'PROBE_REQUESTS',
  /** Time one request may take, in ms. */
  TIMEOUT_MS: 'PROBE_TIMEOUT_MS',
} as const;

/** Metric names alarms and the dashboard read (namespace METRICS_NAMESPACE, dimensions service=health-probe, Stage). */
export const METRIC = {
  /** Percent (0-100) of a probe's requests answered 2xx in time. */
  AVAILABILITY: 'SyntheticAvailability',
  /** Time to a response, one value per request that got one. */
  LATENCY: 'SyntheticLatencyMs',
} as const;

/** The schedule invokes with no input (publish metrics); a drill polls with `publishMetrics: false`. */
export interface HealthProbeEvent {
  /** @default true */
  readonly publishMetrics?: boolean;
}

export interface RequestOutcome {
  readonly ok: boolean;
  /** HTTP status when a response came back. */
  readonly status?: number;
  readonly latencyMs: number;
  /** Why the request failed without a response (timeout, DNS, TLS). */
  readonly error?: string;
}

export interface HealthProbeResult {
  /** Every request answered 2xx in time. */
  readonly healthy: boolean;
  readonly availabilityPercent: number;
  /** Median latency of the requests that got a response. */
  readonly latencyMs?: number;
  readonly requests: readonly RequestOutcome[];
}

/** The probe's requests run one after another, each cut off at its timeout; 10 s more for start-up and metrics. */
export function healthProbeBudget(requests: number, timeoutMs: number): TimeBudget {
  return {
    timeoutSeconds: Math.ceil((requests * timeoutMs + 10_000) / 1000),
    before: { requests: requests * timeoutMs },
    marginMs: 0,
    after: {},
  };
}
