import type { BackupManifest } from '../../shared/manifest/backup-manifest';
import type { RestoreStarted, VerificationCheck } from './workflow';

/** Pieces of the verification checks shared by the database and the cache: counts within a tolerance, the backup manifest. */

/** True when `actual` is within `percent` of `expected` (an expected 0 allows only 0). */
export function withinTolerance(actual: number, expected: number, percent: number): boolean {
  return Math.abs(actual - expected) <= (Math.abs(expected) * percent) / 100;
}

export function countDetail(what: string, actual: number, expected: number, percent: number): string {
  return `restored ${actual} ${what}, backup recorded ${expected} (allowed ±${percent}%)`;
}

/**
 * Whether the copy can be compared with what the backup recorded. A snapshot the backup job did not
 * make (automated, point in time) has no manifest: the comparison is skipped, not passed. A manifest
 * the backup job should have written but did not is a failure.
 */
export function manifestCheck(restore: RestoreStarted, manifest: BackupManifest | undefined): VerificationCheck {
  const name = 'backup-manifest';
  if (!restore.manifestKey) {
    return {
      name,
      passed: false,
      skipped: true,
      detail: `no backup manifest for ${restore.source} (not made by the backup job): counts not compared`,
    };
  }
  if (!manifest) return { name, passed: false, detail: `backup manifest ${restore.manifestKey} not found: counts cannot be compared` };
  const recordedFor = manifest.kind === 'database' ? manifest.snapshotId : manifest.snapshotName;
  if (recordedFor !== restore.source)
    return { name, passed: false, detail: `manifest ${restore.manifestKey} is for ${recordedFor}, not ${restore.source}` };
  return { name, passed: true, detail: `comparing with the counts recorded at ${manifest.recordedAt}` };
}

/** The manifest, only when the check above passed. */
export function usableManifest<M extends BackupManifest>(check: VerificationCheck, manifest: M | undefined): M | undefined {
  return check.passed ? manifest : undefined;
}
