/**
 * The RPO a restore test measured: how much recent data the restored copy lacks, seen from the
 * moment the test started (the simulated incident). It is that moment minus the newest data found
 * in the copy, in whole seconds, never negative (clock skew).
 *
 * In snapshot mode this is the snapshot's age plus any quiet time before it; in point-in-time mode,
 * the five minutes the restore goes back plus any quiet time. One definition serves both, so the
 * numbers of different runs and modes compare.
 */
export function dataAgeSeconds(testStartedAt: string, newestDataAt: string): number {
  return secondsBetween(newestDataAt, testStartedAt);
}

/** Whole seconds from `from` to `to`, never negative. */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** "3 h 2 min", "4 min", "12 s": for summaries people read. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
