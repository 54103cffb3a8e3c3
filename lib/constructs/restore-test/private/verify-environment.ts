import { CHECK_ENV, FRESHNESS_QUERY_ENV } from '../../../../lambda/restore-test/db/verify/contract';
import type { RestoreTestConfig } from '../../../config/restore-test';

/** The configured checks and the RDS CA bundle, as the weekly and the DR verify functions both receive them. */
export function verifyCheckEnvironment(config: RestoreTestConfig): Record<string, string> {
  return {
    [CHECK_ENV.expectedTables]: JSON.stringify(config.expectedTables),
    [CHECK_ENV.rowCountTolerancePercent]: String(config.rowCountTolerancePercent),
    [CHECK_ENV.sqlChecks]: JSON.stringify(config.sqlChecks),
    ...(config.freshnessQuery ? { [FRESHNESS_QUERY_ENV]: config.freshnessQuery } : {}),
    // RDS certificates chain to the RDS CAs, which the Node.js runtime trusts only through this bundle.
    NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
  };
}
