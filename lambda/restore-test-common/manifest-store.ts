import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BackupManifest } from '../shared/backup-manifest';
import { withThrottlingRetry } from '../shared/retry';

/** The manifest at `key`, or undefined when there is none; any other error propagates. */
export async function readManifest<M extends BackupManifest>(s3: S3Client, bucket: string, key: string): Promise<M | undefined> {
  try {
    const object = await withThrottlingRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return JSON.parse(await object.Body!.transformToString()) as M;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
