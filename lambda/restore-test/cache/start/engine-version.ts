/**
 * The EngineVersion CreateReplicationGroup accepts for a copy of a snapshot taken at `snapshotVersion`.
 * A snapshot reports the source's full version (`7.1.0`, Valkey `8.0.1`), but from Redis OSS 6 on,
 * and for every Valkey version, ElastiCache takes only `major.minor` and manages the patch itself;
 * older Redis OSS versions (`5.0.6`) are still named in full. Returns undefined (let ElastiCache pick
 * the snapshot's own version) when the snapshot reports none.
 */
export function restoreEngineVersion(engine: string | undefined, snapshotVersion: string | undefined): string | undefined {
  if (!snapshotVersion) return undefined;
  const match = /^(\d+)\.(\d+|x)(?:\.\d+)?$/.exec(snapshotVersion.trim());
  if (!match)
    throw new Error(
      `Snapshot engine version ${JSON.stringify(snapshotVersion)} is not "major.minor[.patch]"; cannot choose the copy's EngineVersion`,
    );
  const major = Number(match[1]);
  const majorMinorOnly = engine?.toLowerCase() === 'valkey' || major >= 6;
  return majorMinorOnly ? `${match[1]}.${match[2]}` : snapshotVersion.trim();
}
