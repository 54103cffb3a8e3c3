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
