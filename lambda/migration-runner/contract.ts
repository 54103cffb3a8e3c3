import { callsMs, fixedBudget, type TimeBudget } from '../shared/time-budget';

/**
 * Shared by the DatabaseMigration construct and the migration-runner handler. One bundle serves
 * both custom-resource phases; the construct deploys it twice with a different MIGRATION_PHASE.
 */
export const ENV = {
  /** `start` (the provider's onEvent handler) or `wait` (its isComplete handler). */
  PHASE: 'MIGRATION_PHASE',
} as const;

export const PHASES = ['start', 'wait'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Properties of the Custom::DatabaseMigration resource. CloudFormation hands every scalar to the
 * handler as a string, so the numbers here are strings too.
 */
export interface MigrationProperties {
  readonly ClusterArn: string;
  /** The API's task definition (this revision), whose image runs the migrations. */
  readonly TaskDefinitionArn: string;
  /** Container the command override applies to. */
  readonly ContainerName: string;
  /** Image URI of that container; a new image is a reason to migrate. */
  readonly Image: string;
  readonly Command: readonly string[];
  /** sha256 of Image and Command: migrations run only when it changes. */
  readonly TriggerHash: string;
  readonly Subnets: readonly string[];
  readonly SecurityGroups: readonly string[];
  /** awslogs group and stream prefix of the container, for the log link in errors. @default no link */
  readonly LogGroupName?: string;
  readonly LogStreamPrefix?: string;
  /** Seconds the task may take from RunTask to exit before the deploy fails. */
  readonly TimeoutSeconds: string;
  /** Seconds the task may stay PROVISIONING/PENDING before it is stopped and the deploy fails. */
  readonly StartLimitSeconds: string;
}

/** The custom-resource event the provider framework passes to the `start` phase. */
export interface MigrationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: MigrationProperties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: Partial<MigrationProperties>;
}

export type StartOutcome = 'started' | 'unchanged' | 'rollback' | 'deleted';

/** Resource attributes; `Fn::GetAtt` can read them. Empty TaskArn means no task was started. */
export interface MigrationData {
  readonly Outcome: StartOutcome;
  readonly TaskArn: string;
  /** ISO-8601 time RunTask was called (empty when no task). */
  readonly StartedAt: string;
}

export interface StartResult {
  readonly PhysicalResourceId: string;
  readonly Data: MigrationData;
}

/** What the provider framework passes to the `wait` phase: the event plus the start phase's result. */
export type WaitEvent = MigrationEvent & StartResult;

export interface WaitResult {
  readonly IsComplete: boolean;
  readonly Data?: MigrationData & { readonly ExitCode: string };
}

/**
 * Each phase's worst case. `start`: the stack's status (updates only), then RunTask. `wait`, once
 * per provider poll: DescribeTasks, and StopTask when the task overran. The provider must poll for
 * at least the task timeout, one query interval and one `wait` run more (the time-budget test checks it).
 */
export const TIME_BUDGETS: Readonly<Record<Phase, TimeBudget>> = {
  start: fixedBudget(60, { stackStatus: callsMs(1), runTask: callsMs(1) }),
  wait: fixedBudget(60, { describeTask: callsMs(1), stopTask: callsMs(1) }),
};
