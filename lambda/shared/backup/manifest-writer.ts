import { manifestKey, type BackupManifest } from '../backup-manifest';
import { isPreconditionFailed } from './errors';

/** Writes one manifest body; with `onlyIfAbsent`, fails with PreconditionFailed when the key exists. */
export type PutManifest = (key: string, body: string, onlyIfAbsent: boolean) => Promise<void>;

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
