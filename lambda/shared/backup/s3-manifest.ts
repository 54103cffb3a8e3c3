import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PutManifest } from './manifest-writer';

/** PutManifest backed by the stage's backup bucket; `onlyIfAbsent` becomes a conditional put. */
export function s3ManifestWriter(s3: S3Client, bucket: string): PutManifest {
  return async (key, body, onlyIfAbsent) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', IfNoneMatch: onlyIfAbsent ? '*' : undefined }));
  };
}
