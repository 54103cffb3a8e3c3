import { callsMs, fixedBudget, type TimeBudget } from '../../shared/time-budget';

/** Environment the drills construct sets on the drill-db-probe function. */
export const ENV = {
  /** Secrets Manager ARN of the database's generated secret (host, port, username, password). */
  SECRET_ARN: 'DB_SECRET_ARN',
  /** Database the heartbeat table lives in. */
  DATABASE: 'DB_NAME',
} as const;

/** Schema and table the probe writes to; created on first use. */
export const HEARTBEAT_TABLE = 'platform_drill.heartbeat';

export interface DbProbeResult {
  /** A row was written on the primary and read back. */
  readonly healthy: boolean;
  readonly latencyMs: number;
  /** Heartbeats this writer has recorded so far, when the write succeeded. */
  readonly sequence?: number;
  /** Why the probe failed (connection refused, read-only server, timeout); never contains credentials. */
  readonly error?: string;
}

/** Connect and per-query limits: short, so a failover in progress reads as unhealthy rather than a hung probe. */
export const PROBE_CONNECT_TIMEOUT_MS = 3_000;
export const PROBE_QUERY_TIMEOUT_MS = 2_000;
/** Queries of the longest path: upsert, create the table (BEGIN, lock, schema, table, COMMIT), upsert, read. */
const PROBE_QUERIES = 8;

export const TIME_BUDGET: TimeBudget = fixedBudget(60, {
  readSecret: callsMs(1),
  connect: PROBE_CONNECT_TIMEOUT_MS,
  queries: PROBE_QUERIES * PROBE_QUERY_TIMEOUT_MS,
  end: PROBE_QUERY_TIMEOUT_MS,
});
