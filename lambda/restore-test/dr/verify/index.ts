import { S3Client } from '@aws-sdk/client-s3';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { invocationDeadline } from '../../../shared/time-budget';
import { checkSettings } from '../../db/verify/check-settings';
import { FRESHNESS_QUERY_ENV } from '../../db/verify/contract';
import { ENV, TIME_BUDGET, type DrVerifyEvent, type DrVerifyResult } from './contract';
import { s3VerifyPorts, verifyDrCopy } from './core';

export interface Clients {
  /** S3 of the function's own region (the DR region), reached through the gateway endpoint. */
  readonly s3: S3Client;
}

export const createClients = (): Clients => ({ s3: new S3Client(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-dr-verify', async (event: DrVerifyEvent, { logger, context }): Promise<DrVerifyResult> => {
    const started = Date.now();
    const env = readEnvironment(Object.values(ENV));
    const copyId = event.restore?.copyId;
    if (!copyId) throw new Error('No restore was started; nothing to verify');
    const outcome = await verifyDrCopy(
      event,
      checkSettings(env, process.env[FRESHNESS_QUERY_ENV], invocationDeadline(context, TIME_BUDGET, started)),
      s3VerifyPorts(clients.s3, { runBucket: env.RUN_BUCKET, manifestBucket: env.MANIFEST_BUCKET }, copyId),
      () => new Date(),
    );
    logger.info('DR restore copy verified', { copyId, passed: outcome.passed, checks: outcome.checks });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
