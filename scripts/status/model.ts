/**
 * What `npm run status` shows, as plain data: the SDK adapter (aws.ts) fills it, format.ts prints it.
 * Each section is read on its own; one that cannot be read carries the reason instead of its value.
 */

export type Section<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export type Severity = 'critical' | 'warning' | 'unknown';
/** How an alarm name maps to its severity; the CLI derives it from the alarm catalog. */
export type SeverityOf = (alarmName: string) => Severity;

export interface AlarmState {
  readonly name: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | string;
  readonly since?: Date;
  readonly reason?: string;
  readonly composite: boolean;
}

export interface ServiceState {
  readonly name: string;
  readonly running: number;
  readonly desired: number;
  readonly pending: number;
  readonly status?: string;
  /** The newest (PRIMARY) deployment. */
  readonly lastDeployment?: {
    readonly rolloutState?: string;
    readonly startedAt?: Date;
    readonly updatedAt?: Date;
    readonly taskDefinition?: string;
  };
}

export interface ServicesState {
  readonly cluster: string;
  readonly services: readonly ServiceState[];
}

/** The newest reading of one backup kind's age, as the backup monitor published it. */
export interface BackupAge {
  readonly kind: string;
  readonly label: string;
  /** Age when the monitor read it; absent when there was no reading in the window. */
  readonly ageHours?: number;
  readonly readAt?: Date;
}

export interface RestoreTestState {
  readonly kind: 'database' | 'cache';
  readonly at?: Date;
  readonly succeeded?: boolean;
  readonly rtoSeconds?: number;
  readonly rpoSeconds?: number;
}

export interface DrillState {
  readonly kind: string;
  readonly at?: Date;
  readonly recoverySeconds?: number;
}

export interface RecoveryState {
  readonly restoreTestsEnabled: boolean;
  readonly rtoTargetSeconds: number;
  readonly restoreTests: readonly RestoreTestState[];
  readonly drillsEnabled: boolean;
  readonly drillTargetSeconds: number;
  readonly drills: readonly DrillState[];
}

export interface CostState {
  readonly start: string;
  /** Exclusive, as Cost Explorer takes it. */
  readonly end: string;
  readonly unblended?: { readonly amount: number; readonly unit: string };
  readonly amortized?: { readonly amount: number; readonly unit: string };
  readonly estimated: boolean;
}

export interface StatusReport {
  readonly stage: string;
  readonly account: string;
  readonly region: string;
  readonly at: Date;
  readonly alarms: Section<readonly AlarmState[]>;
  readonly services: Section<ServicesState>;
  readonly backups: Section<readonly BackupAge[]>;
  readonly recovery: Section<RecoveryState>;
  readonly cost: Section<CostState>;
}
