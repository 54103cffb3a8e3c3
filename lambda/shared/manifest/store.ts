import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type BackupManifest, manifestKey } from './backup-manifest';
import { isPreconditionFailed } from '../backup/errors';

/**
 * The backup manifests in the stage's backup bucket: the backup jobs write them, the restore tests
 * read them. One store, so both sides agree on keys, body and what "absent" means.
 */

/** Writes one manifest body; with `onlyIfAbsent`, fails with PreconditionFailed when the key exists. */
export type PutManifest = (key: string, body: string, onlyIfAbsent: boolean) => Promise<void>;

/** PutManifest backed by the stage's backup bucket; `onlyIfAbsent` becomes a conditional put. */
export function s3ManifestWriter(s3: S3Client, bucket: string): PutManifest {
  return async (key, body, onlyIfAbsent) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        IfNoneMatch: onlyIfAbsent ? '*' : undefined,
      }),
    );
  };
}

/**
 * Writes the manifest of one backup. With `onlyIfAbsent` an existing manifest is kept, because
 * when the run cannot tell whether it belongs to a real backup, keeping it is the safe choice.
 * Returns what happened, for the run's report.
 */
export async function writeManifest(put: PutManifest, manifest: BackupManifest, backupId: string, onlyIfAbsent: boolean): Promise<string> {
  const key = manifestKey(manifest.stage, manifest.kind, backupId);
  try {
    await put(key, JSON.stringify(manifest, null, 2), onlyIfAbsent);
    return `wrote ${key}`;
  } catch (error) {
    if (onlyIfAbsent && isPreconditionFailed(error)) return `kept the existing ${key}`;
    throw error;
  }
}

/** The manifest at `key`, or undefined when there is none; any other error propagates. */
export async function readManifest<M extends BackupManifest>(s3: S3Client, bucket: string, key: string): Promise<M | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await object.Body!.transformToString()) as M;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
