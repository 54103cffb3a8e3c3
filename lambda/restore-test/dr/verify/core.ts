import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DatabaseBackupManifest } from '../../../shared/manifest/backup-manifest';
import { readManifest } from '../../../shared/manifest/store';
import type { VerifyOutcome } from '../../common/workflow';
import type { RestoreSecret } from '../../db/credentials/contract';
import { verifyRestoredDatabase, type DbVerifyConfig, type DbVerifyPorts } from '../../db/verify/core';
import { runCredentialsKey } from '../contract';
import type { DrVerifyEvent } from './contract';

/**
 * The DR copy's checks are the weekly test's (verifyRestoredDatabase: row counts against the
 * manifest, the read-only session, TLS, expected tables, SQL checks, freshness). Only where the
 * password and the manifest come from differs: both from S3 in the DR region.
 */
export function verifyDrCopy(state: DrVerifyEvent, config: DbVerifyConfig, ports: DbVerifyPorts, now: () => Date): Promise<VerifyOutcome> {
  return verifyRestoredDatabase(state, config, ports, now);
}

export interface DrVerifyBuckets {
  readonly runBucket: string;
  readonly manifestBucket: string;
}

/** The ports, over S3 in the DR region (reached through the landing zone's gateway endpoint). */
export function s3VerifyPorts(s3: S3Client, buckets: DrVerifyBuckets, copyId: string): DbVerifyPorts {
  return {
    async readSecret() {
      // SSE-KMS: S3 decrypts with the caller's kms:Decrypt permission; the function itself never calls KMS.
      const object = await s3.send(new GetObjectCommand({ Bucket: buckets.runBucket, Key: runCredentialsKey(copyId) }));
      return JSON.parse(await object.Body!.transformToString()) as RestoreSecret;
    },
    readManifest: (key) => readManifest<DatabaseBackupManifest>(s3, buckets.manifestBucket, key),
  };
}
