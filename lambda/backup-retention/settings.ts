import { ENV, REQUIRED_ENV } from './contract';

export interface RetentionSettings {
  readonly stage: string;
  readonly drRegion: string;
  readonly snapshotRetentionDays: number;
  readonly keepLatest: number;
  readonly cacheSnapshotRetentionDays: number;
  readonly dryRun: boolean;
}

/**
 * Turns the environment into settings, rejecting anything unclear: a retention job that guessed
 * a number or a dry-run flag could delete what it should keep.
 */
export function parseSettings(env: Record<(typeof REQUIRED_ENV)[number], string>): RetentionSettings {
  const problems: string[] = [];
  const days = (name: string): number => {
    const value = env[name as keyof typeof env];
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1) problems.push(`${name} must be a whole number >= 1; got "${value}"`);
    return n;
  };
  const settings: RetentionSettings = {
    stage: env[ENV.stage],
    drRegion: env[ENV.drRegion],
    snapshotRetentionDays: days(ENV.snapshotRetentionDays),
    keepLatest: days(ENV.keepLatestSnapshots),
    cacheSnapshotRetentionDays: days(ENV.cacheSnapshotRetentionDays),
    dryRun: env[ENV.dryRun] === 'true',
  };
  if (env[ENV.dryRun] !== 'true' && env[ENV.dryRun] !== 'false')
    problems.push(`${ENV.dryRun} must be "true" or "false"; got "${env[ENV.dryRun]}"`);
  if (problems.length > 0) throw new Error(`Invalid retention settings: ${problems.join('; ')}`);
  return settings;
}
