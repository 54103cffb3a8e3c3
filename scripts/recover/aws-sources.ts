/**
 * What `npm run recover` reads from AWS when it is not given files: only with credentials, and
 * only reads (s3:GetObject and s3:ListBucket on the backup bucket, rds:DescribeDBSnapshots in the
 * rebuild's region). Tests use the offline path (files); this adapter is kept thin.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { configKey } from '../../lambda/config-backup/contract';
import { listManualDbSnapshots } from '../../lambda/shared/backup/rds-snapshots';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../../lambda/shared/backup/tags';
import type { SnapshotRecord } from '../../lambda/shared/backup/snapshot-record';
import { readMeasuredRestore } from './measured-restore';
import { RecoverInputError } from './recover-error';

/** True when the SDK's default chain finds credentials (env, profile, SSO, instance role); nothing is called. */
export async function haveCredentials(region: string): Promise<boolean> {
  try {
    const credentials = await new RDSClient({ region }).config.credentials();
    return Boolean(credentials.accessKeyId);
  } catch {
    return false;
  }
}

/** The newest available off-site copy of the stage in `region`: tagged as this platform's backup of the stage (tags, not names). */
export function newestStageCopy(snapshots: readonly SnapshotRecord[], stage: string): SnapshotRecord | undefined {
  return snapshots
    .filter((s) => s.status === 'available' && s.tags?.[BACKUP_TAG.stage] === stage && s.tags?.[BACKUP_TAG.createdBy] === BACKUP_CREATED_BY)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** The newest off-site copy's ARN and when its data was captured (the original snapshot's time, not the copy's). */
export async function findNewestCopy(stage: string, region: string): Promise<{ arn: string; takenAt?: string }> {
  const newest = newestStageCopy(await listManualDbSnapshots(new RDSClient({ region })), stage);
  if (!newest?.arn)
    throw new RecoverInputError([
      `--snapshot: no available snapshot in ${region} is tagged ${BACKUP_TAG.stage}=${stage}, ${BACKUP_TAG.createdBy}=${BACKUP_CREATED_BY}; pass one with --snapshot`,
    ]);
  return { arn: newest.arn, takenAt: newest.createdAt?.toISOString() };
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}

/** `config/<stage>/latest.json` from the backup bucket (in the lost region: readable only if S3 there still answers). */
export async function readConfigBackupObject(bucket: string, region: string, stage: string): Promise<{ body: string; source: string }> {
  const key = configKey(stage);
  return { body: await getText(new S3Client({ region }), bucket, key), source: `s3://${bucket}/${key}` };
}

/**
 * The newest restore-test report with a passing database restore, newest day first over the last
 * `days` reports (`reports/<stage>/restore-tests/<date>.json`): a failed run measured no RTO.
 */
export async function readNewestRestoreReport(
  bucket: string,
  region: string,
  stage: string,
  days = 14,
): Promise<{ body: string; source: string }> {
  const s3 = new S3Client({ region });
  const prefix = `reports/${stage}/restore-tests/`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.NextContinuationToken;
  } while (token);
  for (const key of keys.sort().reverse().slice(0, days)) {
    const body = await getText(s3, bucket, key);
    const source = `s3://${bucket}/${key}`;
    try {
      readMeasuredRestore(body, source);
      return { body, source };
    } catch (error) {
      if (!(error instanceof RecoverInputError)) throw error;
    }
  }
  throw new RecoverInputError([
    `--restore-report: none of the newest ${days} reports under s3://${bucket}/${prefix} holds a passing database restore; pass one with --restore-report`,
  ]);
}
