import { QuotaAwareRetryStrategy, type RetryPolicy } from './retry';
import { SDK_CALL_LIMITS, SDK_RETRY } from './time-budget';

/** Client settings that make one SDK call's worst case finite: pass to every client's constructor. */
export function sdkClientConfig(region?: string, policy: RetryPolicy = {}) {
  return {
    ...(region ? { region } : {}),
    maxAttempts: SDK_CALL_LIMITS.maxAttempts,
    retryMode: SDK_RETRY.mode,
    retryStrategy: new QuotaAwareRetryStrategy(SDK_CALL_LIMITS.maxAttempts, policy),
    requestHandler: {
      connectionTimeout: SDK_CALL_LIMITS.connectionTimeoutMs,
      requestTimeout: SDK_CALL_LIMITS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
