import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

/** One named check of a restored copy, as shown in the report. */
export interface RestoreCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** What one restore test (database or cache) found and measured. */
export interface RestoreResult {
  readonly succeeded: boolean;
  /** Snapshot (or point in time) the copy was restored from. */
  readonly source: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Time from starting the restore to a verified copy: the measured RTO. */
  readonly durationSeconds: number;
  /** Age of the newest data found in the copy at the time it was restored: the measured RPO. */
  readonly dataAgeSeconds?: number;
  readonly checks: readonly RestoreCheck[];
  /** Why the run failed, when it did. */
  readonly error?: string;
}

export type RestoreSection = 'database' | 'cache';

/** A section of the day's report: a weekly restore test's, or the monthly DR restore test's (`drDatabase`). */
export type ReportSection = RestoreSection | 'drDatabase';

/** The daily restore-test report: one object per stage and day, one section per kind of restore. */
export interface RestoreReport {
  readonly stage: string;
  readonly date: string;
  readonly database?: RestoreResult;
  readonly cache?: RestoreResult;
  /** The DR region's restore of the off-site database copy (monthly). */
  readonly drDatabase?: RestoreResult;
}

export function restoreReportKey(stage: string, date: string): string {
  return `reports/${stage}/restore-tests/${date}.json`;
}

/** Adds one section to the day's report, keeping whatever the other restore test already wrote. */
export function mergeRestoreReport(
  existing: RestoreReport | undefined,
  stage: string,
  date: string,
  section: ReportSection,
  result: RestoreResult,
): RestoreReport {
  return { ...(existing ?? { stage, date }), stage, date, [section]: result };
}

/**
 * Writes one section into the day's report with a conditional put, so the database and the cache
 * restore tests finishing at the same moment cannot overwrite each other's result; retries on a lost race.
 */
export async function writeRestoreResult(
  s3: S3Client,
  bucket: string,
  stage: string,
  section: ReportSection,
  result: RestoreResult,
  attempts = 3,
): Promise<string> {
  const date = result.startedAt.slice(0, 10);
  const key = restoreReportKey(stage, date);
  for (let attempt = 1; ; attempt++) {
    const current = await readReport(s3, bucket, key);
    const merged = mergeRestoreReport(current?.report, stage, date, section, result);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(merged, null, 2),
          ContentType: 'application/json',
          ...(current ? { IfMatch: current.etag } : { IfNoneMatch: '*' }),
        }),
      );
      return key;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (attempt >= attempts || (name !== 'PreconditionFailed' && name !== 'ConditionalRequestConflict')) throw error;
    }
  }
}

async function readReport(s3: S3Client, bucket: string, key: string): Promise<{ report: RestoreReport; etag: string } | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { report: JSON.parse(await object.Body!.transformToString()) as RestoreReport, etag: object.ETag! };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
