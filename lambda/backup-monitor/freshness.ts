import { errorText } from '../shared/error-text';
import type { BackupLog } from '../shared/backup/run-report';
import { isUsableBackup, newestFirst, type SnapshotRecord } from '../shared/backup/snapshot-record';
import { NO_BACKUP_AGE_HOURS, type BackupKindName, type FreshnessReading, type MonitorResult } from './contract';

/** The newest backup of one kind: its name, when its data was captured and, for objects, its size. */
export interface BackupSighting {
  readonly name: string;
  readonly at: Date;
  readonly sizeBytes?: number;
}

/** A lookup that also names newer backups it did not count, and why. */
export interface Finding {
  readonly newest: BackupSighting | undefined;
  readonly skipped: readonly string[];
}

/** Looks up the newest backup of one kind; `undefined` (or no `newest`) means there is none. */
export type FindNewest = () => Promise<BackupSighting | Finding | undefined>;

function asFinding(found: BackupSighting | Finding | undefined): Finding {
  return found && 'skipped' in found ? found : { newest: found, skipped: [] };
}

/** Hours from `at` to `now`, two decimals; a clock slightly ahead reads 0, not a negative age. */
export function ageHours(at: Date, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - at.getTime()) / 36_000) / 100);
}

/** The newest snapshot a restore could use: ours, available, with a known time. */
export function newestUsableSnapshot(snapshots: readonly SnapshotRecord[], stage: string): BackupSighting | undefined {
  const newest = snapshots.filter((s): s is SnapshotRecord & { createdAt: Date } => isUsableBackup(s, stage)).sort(newestFirst)[0];
  return newest && { name: newest.id, at: newest.createdAt };
}

/**
 * Reads the age of the newest backup of each kind. A kind without any backup reads
 * NO_BACKUP_AGE_HOURS so its alarm fires; a failed lookup reads nothing (we do not know the age)
 * and makes the run report failure.
 */
export async function measureFreshness(
  finders: Readonly<Record<BackupKindName, FindNewest>>,
  now: Date,
  log: BackupLog,
): Promise<MonitorResult> {
  const readings: FreshnessReading[] = [];
  for (const [kind, find] of Object.entries(finders) as [BackupKindName, FindNewest][]) {
    try {
      const { newest, skipped } = asFinding(await find());
      const notCounted = skipped.length > 0 ? { skipped } : {};
      const reading: FreshnessReading = newest
        ? { kind, ageHours: ageHours(newest.at, now), newest: newest.name, sizeBytes: newest.sizeBytes, ...notCounted }
        : { kind, ageHours: NO_BACKUP_AGE_HOURS, sizeBytes: 0, ...notCounted };
      const found = newest ? `${newest.name}, ${reading.ageHours} h old` : 'no backup found';
      log.info(`${kind}: ${found}${skipped.length > 0 ? `; not counted: ${skipped.join('; ')}` : ''}`, { ...reading });
      readings.push(reading);
    } catch (error) {
      readings.push({ kind, error: errorText(error) });
      log.error(`${kind}: lookup failed, age unknown: ${errorText(error)}`, { kind });
    }
  }
  return { succeeded: readings.every((r) => r.error === undefined), readings };
}
