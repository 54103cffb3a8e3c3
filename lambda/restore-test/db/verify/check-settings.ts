import { jsonSetting, numberSetting } from '../../common/env-values';
import { CHECK_ENV, type SqlCheck } from './contract';
import type { DbVerifyConfig } from './core';

type CheckEnvironment = Readonly<Record<(typeof CHECK_ENV)[keyof typeof CHECK_ENV], string>>;

/**
 * The checks' settings from the function's environment, as the weekly and the DR verify steps both
 * read them: over TLS always, and no check started after `deadline`.
 */
export function checkSettings(env: CheckEnvironment, freshnessQuery: string | undefined, deadline: number): DbVerifyConfig {
  return {
    expectedTables: jsonSetting<string[]>(CHECK_ENV.expectedTables, env.EXPECTED_TABLES),
    rowCountTolerancePercent: numberSetting(CHECK_ENV.rowCountTolerancePercent, env.ROW_COUNT_TOLERANCE_PERCENT),
    sqlChecks: jsonSetting<SqlCheck[]>(CHECK_ENV.sqlChecks, env.SQL_CHECKS),
    freshnessQuery: freshnessQuery || undefined,
    tls: true,
    deadline,
  };
}
