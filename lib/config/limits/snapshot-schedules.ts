import { ConfigIssue } from '../config-issue';
import { at } from '../read';
import { cronMinutesOfWeek, scheduleProblem } from './cron';
import { formatMinuteOfWeek, parseDailyWindow, parseWeeklyWindow, spanTouches, TimeWindow } from './windows';

/**
 * Minutes a scheduled snapshot gets before one of its source's windows may open. ElastiCache takes
 * one backup of a group at a time and RDS snapshots only an `available` instance, so a manual
 * snapshot that overlaps the automatic one, a backup window or maintenance fails or is skipped.
 */
export const SNAPSHOT_CLEARANCE_MINUTES = 60;

interface SnapshotJob {
  readonly what: string;
  /** Dotted path of the job's schedule under the stage. */
  readonly schedule: string;
  /** The source's windows: [dotted path, parser]. */
  readonly windows: readonly (readonly [string, (value: unknown) => TimeWindow | undefined])[];
}

export const SNAPSHOT_JOBS: readonly SnapshotJob[] = [
  {
    what: 'cache snapshot',
    schedule: 'backup.schedules.cacheSnapshot',
    windows: [
      ['cache.snapshotWindow', parseDailyWindow],
      ['cache.maintenanceWindow', parseWeeklyWindow],
    ],
  },
  {
    what: 'database snapshot',
    schedule: 'backup.schedules.dbSnapshot',
    windows: [
      ['database.backupWindow', parseDailyWindow],
      ['database.maintenanceWindow', parseWeeklyWindow],
    ],
  },
];

/** Each snapshot job runs at fixed times that leave an hour before any of its source's windows. */
export function scheduledSnapshotIssues(config: unknown, stage: string): ConfigIssue[] {
  return SNAPSHOT_JOBS.flatMap((job) => {
    const schedule = at(config, job.schedule);
    const path = `${stage}.${job.schedule}`;
    if (typeof schedule !== 'string' || scheduleProblem(schedule) !== undefined) return [];
    const minutes = cronMinutesOfWeek(schedule);
    if (!minutes) {
      return [
        {
          path,
          value: schedule,
          expected: `fixed cron times for the ${job.what}, e.g. "cron(0 1/6 * * ? *)": a rate counts from the deploy and drifts into ${job.windows.map(([w]) => w).join(' and ')}`,
        },
      ];
    }
    return job.windows.flatMap(([windowPath, parse]) => {
      const value = at(config, windowPath);
      const window = parse(value);
      if (!window) return [];
      const clash = minutes.find((minute) => spanTouches(window, minute, SNAPSHOT_CLEARANCE_MINUTES));
      if (clash === undefined) return [];
      return [
        {
          path,
          value: schedule,
          expected: `times at least ${SNAPSHOT_CLEARANCE_MINUTES} minutes clear of ${windowPath} (${String(value)}): the ${job.what} at ${formatMinuteOfWeek(clash)} would still run, or start, inside it`,
        },
      ];
    });
  });
}
