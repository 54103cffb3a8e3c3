import { dumpSidecarKey, isDumpObjectKey } from '../db-dump/contract';
import type { BackupSighting, Finding } from './freshness';

/** One object of the dump listing, as ListObjectsV2 returns it. */
export interface ListedObject {
  readonly key?: string;
  readonly lastModified?: Date;
  readonly size?: number;
}

/** Reads a sidecar's JSON; throws when it cannot be read (the reading then says "age unknown"). */
export type ReadSidecar = (key: string) => Promise<unknown>;

export interface DumpCheckOptions {
  /** Smaller than pg_dump's own header and table of contents of an empty database: no complete dump. */
  readonly minSizeBytes: number;
  /** Dumps (newest first) whose sidecar is read before giving up; bounds the run's time. */
  readonly maxChecked: number;
}

/**
 * The newest complete dump: the dump object itself (never its ~200-byte sidecar), with a sidecar
 * beside it whose recorded size equals the object's, and at least `minSizeBytes`. Newer dumps that
 * fail a check are named in `skipped` with the reason and do not count as fresh.
 */
export async function newestCompleteDump(
  stage: string,
  objects: readonly ListedObject[],
  readSidecar: ReadSidecar,
  options: DumpCheckOptions,
): Promise<Finding> {
  const present = new Set(objects.flatMap((o) => (o.key ? [o.key] : [])));
  const dumps = objects
    .filter(
      (o): o is ListedObject & { key: string; lastModified: Date } =>
        !!o.key && isDumpObjectKey(stage, o.key) && o.lastModified instanceof Date,
    )
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || (a.key < b.key ? 1 : -1));
  const skipped: string[] = [];
  for (const dump of dumps.slice(0, options.maxChecked)) {
    const size = dump.size ?? 0;
    const sidecar = dumpSidecarKey(dump.key);
    const reason = !present.has(sidecar)
      ? 'no sidecar: the dump is incomplete or still being written'
      : size < options.minSizeBytes
        ? `${size} bytes, below the ${options.minSizeBytes}-byte minimum of a complete dump`
        : sizeMismatch(await readSidecar(sidecar), size);
    if (!reason) return { newest: { name: dump.key, at: dump.lastModified, sizeBytes: size } satisfies BackupSighting, skipped };
    skipped.push(`${dump.key}: ${reason}`);
  }
  const unchecked = dumps.length - Math.min(dumps.length, options.maxChecked);
  if (unchecked > 0) skipped.push(`${unchecked} older dumps not checked`);
  return { newest: undefined, skipped };
}

function sizeMismatch(sidecar: unknown, size: number): string | undefined {
  const recorded = (sidecar as { sizeBytes?: unknown } | null)?.sizeBytes;
  if (typeof recorded !== 'number' || !Number.isSafeInteger(recorded))
    return `its sidecar records no size (sizeBytes: ${JSON.stringify(recorded ?? null)})`;
  return recorded === size ? undefined : `the object has ${size} bytes but its sidecar records ${recorded}: truncated or replaced`;
}
