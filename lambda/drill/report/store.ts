import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { DrillReport } from './contract';
import { drillReportKey } from './core';

/**
 * Writes the report under a key nobody has used yet: a conditional put never replaces an earlier
 * report of the same kind and day, it moves on to the next numbered key.
 */
export async function storeDrillReport(s3: S3Client, bucket: string, report: DrillReport, maxAttempts = 10): Promise<string> {
  const date = report.startedAt.slice(0, 10);
  for (let attempt = 1; ; attempt++) {
    const key = drillReportKey(report.stage, date, report.kind, attempt);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(report, null, 2),
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return key;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (attempt >= maxAttempts || (name !== 'PreconditionFailed' && name !== 'ConditionalRequestConflict')) throw error;
    }
  }
}
