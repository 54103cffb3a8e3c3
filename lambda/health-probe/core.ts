import { errorText } from '../shared/error-text';
import type { HealthProbeResult, RequestOutcome } from './contract';

/** Sends one GET and resolves with the HTTP status; rejects on timeout or a network error. */
export type HttpGet = (url: string, timeoutMs: number) => Promise<number>;

export interface ProbeSettings {
  readonly url: string;
  readonly requests: number;
  readonly timeoutMs: number;
}

export interface ProbeDependencies {
  readonly get: HttpGet;
  /** ms clock used to time each request. */
  readonly clock: () => number;
}

/** Requests go one after another so that one slow answer cannot hide the others' latency. */
export async function checkHealth(settings: ProbeSettings, deps: ProbeDependencies): Promise<HealthProbeResult> {
  const requests: RequestOutcome[] = [];
  for (let i = 0; i < settings.requests; i++) requests.push(await requestOnce(settings, deps));
  const okCount = requests.filter((r) => r.ok).length;
  const answered = requests.filter((r) => r.status !== undefined).map((r) => r.latencyMs);
  return {
    healthy: okCount === requests.length && requests.length > 0,
    availabilityPercent: requests.length ? Math.round((okCount / requests.length) * 10000) / 100 : 0,
    latencyMs: median(answered),
    requests,
  };
}

async function requestOnce(settings: ProbeSettings, deps: ProbeDependencies): Promise<RequestOutcome> {
  const started = deps.clock();
  try {
    const status = await deps.get(settings.url, settings.timeoutMs);
    const latencyMs = deps.clock() - started;
    // A late answer is a failed check even if it says 200: users would have given up too.
    return { ok: status >= 200 && status < 300 && latencyMs <= settings.timeoutMs, status, latencyMs };
  } catch (error) {
    return { ok: false, latencyMs: deps.clock() - started, error: errorText(error) };
  }
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
