import { errorText } from '../../shared/error-text';
import type { DbProbeResult } from './contract';
import type { Queryable } from './heartbeat';
import { writeHeartbeat } from './heartbeat';

export interface Connection extends Queryable {
  end(): Promise<void>;
}

export interface DbProbeDependencies {
  /** Opens a new connection; one per probe, so a failover never leaves us on a stale socket. */
  readonly connect: () => Promise<Connection>;
  readonly clock: () => number;
  readonly newToken: () => string;
}

/**
 * Writes and reads a heartbeat on the database. Database errors are the answer ("unhealthy"),
 * not a failure of the probe: during a failover they are expected.
 */
export async function probeDatabase(writer: string, deps: DbProbeDependencies): Promise<DbProbeResult> {
  const started = deps.clock();
  let connection: Connection | undefined;
  try {
    connection = await deps.connect();
    const sequence = await writeHeartbeat(connection, writer, deps.newToken());
    return { healthy: true, latencyMs: deps.clock() - started, sequence };
  } catch (error) {
    return { healthy: false, latencyMs: deps.clock() - started, error: errorText(error) };
  } finally {
    await connection?.end().catch(() => undefined);
  }
}
