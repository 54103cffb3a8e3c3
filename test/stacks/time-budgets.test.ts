import * as alertDigest from '../../lambda/alert-digest/contract';
import * as backupMonitor from '../../lambda/backup-monitor/contract';
import * as backupRetention from '../../lambda/backup-retention/contract';
import * as cacheSnapshot from '../../lambda/cache-snapshot/contract';
import * as configBackup from '../../lambda/config-backup/contract';
import * as costReport from '../../lambda/cost-report/contract';
import * as dbDump from '../../lambda/db-dump/contract';
import * as dbSnapshot from '../../lambda/db-snapshot/contract';
import * as drCleanup from '../../lambda/restore-test/dr/cleanup/contract';
import * as drCredentials from '../../lambda/restore-test/dr/credentials/contract';
import * as drReport from '../../lambda/restore-test/dr/report/contract';
import * as drStart from '../../lambda/restore-test/dr/start/contract';
import * as drSweeper from '../../lambda/restore-test/dr/sweeper/contract';
import * as drVerify from '../../lambda/restore-test/dr/verify/contract';
import * as drillDbProbe from '../../lambda/drill/db-probe/contract';
import * as drillMeasure from '../../lambda/drill/measure/contract';
import * as drillReport from '../../lambda/drill/report/contract';
import * as healthProbe from '../../lambda/health-probe/contract';
import * as logArchive from '../../lambda/log-archive/contract';
import * as migrationRunner from '../../lambda/migration-runner/contract';
import * as cacheCleanup from '../../lambda/restore-test/cache/cleanup/contract';
import * as cacheStart from '../../lambda/restore-test/cache/start/contract';
import * as cacheStatus from '../../lambda/restore-test/cache/status/contract';
import * as cacheVerify from '../../lambda/restore-test/cache/verify/contract';
import * as dbCleanup from '../../lambda/restore-test/db/cleanup/contract';
import * as dbCredentials from '../../lambda/restore-test/db/credentials/contract';
import * as dbStart from '../../lambda/restore-test/db/start/contract';
import * as dbStatus from '../../lambda/restore-test/db/status/contract';
import * as dbVerify from '../../lambda/restore-test/db/verify/contract';
import * as freshness from '../../lambda/restore-test/freshness/contract';
import * as report from '../../lambda/restore-test/report/contract';
import * as sweeper from '../../lambda/restore-test/sweeper/contract';
import { sumMs, type TimeBudget } from '../../lambda/shared/time-budget';
import { RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES } from '../../lib/config/restore-test';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { TASK_TIMEOUT_MARGIN_SECONDS } from '../../lib/constructs/common/lambda-task-timeout';
import { APP_IMAGES, synthStage } from '../support/stage-synth';
import { STAGES } from '../../lib/config/stages';

type Env = Readonly<Record<string, unknown>>;

/**
 * Every function's declared worst case (its contract.ts), by handler folder: one budget per action
 * it is invoked with. A budget that depends on the stage's config reads it from the function's environment.
 */
const BUDGETS: Record<string, (env: Env) => readonly TimeBudget[]> = {
  'alert-digest': () => [alertDigest.TIME_BUDGET],
  'backup-monitor': () => [backupMonitor.TIME_BUDGET],
  'backup-retention': () => [backupRetention.TIME_BUDGET],
  'cache-snapshot': () => [cacheSnapshot.TIME_BUDGET],
  'config-backup': () => [configBackup.TIME_BUDGET],
  'cost-report': () => [costReport.TIME_BUDGET],
  'db-dump': () => [dbDump.TIME_BUDGET],
  'db-snapshot': () => Object.values(dbSnapshot.TIME_BUDGETS),
  'drill-db-probe': () => [drillDbProbe.TIME_BUDGET],
  'drill-measure': () => [drillMeasure.TIME_BUDGET],
  'drill-report': () => [drillReport.TIME_BUDGET],
  'health-probe': (env) => [healthProbe.healthProbeBudget(Number(env[healthProbe.ENV.REQUESTS]), Number(env[healthProbe.ENV.TIMEOUT_MS]))],
  'log-archive': () => Object.values(logArchive.TIME_BUDGETS),
  'migration-runner': (env) => [migrationRunner.TIME_BUDGETS[env[migrationRunner.ENV.PHASE] as migrationRunner.Phase]],
  'restore-test-cache-cleanup': () => [cacheCleanup.TIME_BUDGET],
  'restore-test-cache-start': () => [cacheStart.TIME_BUDGET],
  'restore-test-cache-status': () => [cacheStatus.TIME_BUDGET],
  'restore-test-cache-verify': () => [cacheVerify.TIME_BUDGET],
  'restore-test-db-cleanup': () => [dbCleanup.TIME_BUDGET],
  'restore-test-db-credentials': () => [dbCredentials.TIME_BUDGET],
  'restore-test-db-start': () => [dbStart.TIME_BUDGET],
  'restore-test-db-status': () => [dbStatus.TIME_BUDGET],
  'restore-test-db-verify': () => [dbVerify.TIME_BUDGET],
  'restore-test-freshness': () => [freshness.TIME_BUDGET],
  'restore-test-report': () => [report.TIME_BUDGET],
  'restore-test-sweeper': () => [sweeper.TIME_BUDGET],
  'restore-test-dr-cleanup': () => [drCleanup.TIME_BUDGET],
  'restore-test-dr-credentials': () => [drCredentials.TIME_BUDGET],
  'restore-test-dr-report': () => [drReport.TIME_BUDGET],
  'restore-test-dr-start': () => [drStart.TIME_BUDGET],
  'restore-test-dr-sweeper': () => [drSweeper.TIME_BUDGET],
  'restore-test-dr-verify': () => [drVerify.TIME_BUDGET],
};

interface LambdaResource {
  readonly Properties: { readonly Timeout?: number; readonly Environment?: { readonly Variables?: Env } };
}

/** The platform's functions (PlatformFunction sets POWERTOOLS_SERVICE_NAME to the handler folder) with their Timeout, by logical id. */
function platformFunctions(stage: (typeof STAGE_NAMES)[number]) {
  const synth = synthStage(stage, APP_IMAGES[stage]);
  return Object.values(synth.templates).flatMap((template) =>
    Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, LambdaResource>).flatMap(([id, fn]) => {
      const handlerDir = fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      return typeof handlerDir === 'string'
        ? [{ id, handlerDir, env: fn.Properties.Environment?.Variables ?? {}, timeoutSeconds: fn.Properties.Timeout ?? 3 }]
        : [];
    }),
  );
}

interface State {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { readonly FunctionName?: string };
  readonly Branches?: readonly { readonly States: Record<string, State> }[];
  readonly ItemProcessor?: { readonly States: Record<string, State> };
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly {
    readonly ErrorEquals: readonly string[];
    readonly IntervalSeconds?: number;
    readonly MaxAttempts?: number;
    readonly BackoffRate?: number;
  }[];
  readonly Seconds?: number;
}

/** A state machine's definition, with each function reference replaced by `<logicalId>`. */
function definitionOf(definitionString: unknown): { States: Record<string, State> } {
  const parts = (definitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      return getAtt ? `<${getAtt[0]}>` : '<token>';
    })
    .join('');
  return JSON.parse(text);
}

/** The function a Lambda task invokes: with payloadResponseOnly the task's Resource is the function itself; otherwise Parameters.FunctionName names it. */
const functionOf = (state: State) =>
  /^<(.+)>$/.exec(state.Resource?.includes('lambda:invoke') ? (state.Parameters?.FunctionName ?? '') : (state.Resource ?? ''))?.[1];

/** A task's worst case: every attempt a retry on States.ALL or States.Timeout makes may run to its timeout; other retries wait only their interval. */
function taskWorstCaseSeconds(state: State): number {
  let total = state.TimeoutSeconds ?? Number.POSITIVE_INFINITY;
  for (const retry of state.Retry ?? []) {
    const attempts = retry.MaxAttempts ?? 3;
    const slow = retry.ErrorEquals.some((e) => e === 'States.ALL' || e === 'States.Timeout');
    for (let i = 0; i < attempts; i++)
      total +=
        (retry.IntervalSeconds ?? 1) * (retry.BackoffRate ?? 2) ** i + (slow ? (state.TimeoutSeconds ?? Number.POSITIVE_INFINITY) : 0);
  }
  return total;
}

/** The database and cache restore-test state machines (the drill workflows are another helper's). */
/** Every state, nested ones too (Parallel branches, Map processors), by name. */
function allStates(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}

function drillMachines(stage: (typeof STAGE_NAMES)[number]) {
  const templates = Object.values(synthStage(stage, APP_IMAGES[stage]).templates);
  return templates.flatMap((t) =>
    Object.entries(t.findResources('AWS::StepFunctions::StateMachine'))
      .filter(([id]) => /^RecoveryWorkflow/.test(id))
      .map(([, m]) => m),
  );
}

function restoreTestMachines(stage: (typeof STAGE_NAMES)[number]) {
  const templates = Object.values(synthStage(stage, APP_IMAGES[stage]).templates);
  return templates.flatMap((t) =>
    Object.entries(t.findResources('AWS::StepFunctions::StateMachine'))
      .filter(([id]) => /^(RestoreTests(Database|Cache)|DrRestoreTest)Workflow/.test(id))
      .map(([, m]) => m),
  );
}

it('every budget belongs to a function some stage deploys: a renamed folder leaves no stale entry', () => {
  const deployed = new Set(STAGE_NAMES.flatMap((stage) => platformFunctions(stage).map((f) => f.handlerDir)));
  expect(Object.keys(BUDGETS).filter((dir) => !deployed.has(dir))).toEqual([]);
});

describe.each(STAGE_NAMES)('time budgets, %s', (stage) => {
  it('every platform function declares its worst case: none is left unbudgeted', () => {
    const dirs = [...new Set(platformFunctions(stage).map((f) => f.handlerDir))].sort();
    expect(dirs.length).toBeGreaterThanOrEqual(20);
    expect(dirs.filter((dir) => !BUDGETS[dir])).toEqual([]);
  });

  it.each(Object.keys(BUDGETS))(
    "%s: its timeout is the budget's, and the worst case before its deadline plus the margin fits it",
    (handlerDir) => {
      // A stage without the feature (drills are off in dev and prod) has no such function to check.
      for (const fn of platformFunctions(stage).filter((f) => f.handlerDir === handlerDir)) {
        for (const budget of BUDGETS[handlerDir](fn.env)) {
          expect(fn.timeoutSeconds).toBe(budget.timeoutSeconds);
          // What runs before the deadline-bound step must leave it time, and what follows must fit the margin it keeps back.
          expect(sumMs(budget.before) + budget.marginMs).toBeLessThan(fn.timeoutSeconds * 1000);
          expect(sumMs(budget.after)).toBeLessThanOrEqual(budget.marginMs);
          // Work with no deadline must not need one: its steps alone fit.
          if (!budget.deadlineBound) expect(budget.marginMs).toBe(0);
        }
      }
    },
  );

  it('each restore-test Lambda task waits no less than its function may run, and no more than that plus the invoke margin', () => {
    const timeouts = new Map(platformFunctions(stage).map((f) => [f.id, f.timeoutSeconds]));
    const machines = restoreTestMachines(stage);
    // The weekly database and cache tests, and the monthly DR restore test.
    expect(machines.length).toBe(3);
    for (const machine of machines) {
      const tasks = Object.entries(definitionOf(machine.Properties.DefinitionString).States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThanOrEqual(5);
      for (const [name, task] of tasks) {
        const fnId = functionOf(task) ?? '';
        expect(timeouts.has(fnId)).toBe(true);
        expect({ name, TimeoutSeconds: task.TimeoutSeconds }).toEqual({
          name,
          TimeoutSeconds: (timeouts.get(fnId) ?? Number.NaN) + TASK_TIMEOUT_MARGIN_SECONDS,
        });
      }
    }
  });

  it('each drill Lambda task (probes, measure, reports) waits no longer than its function may run plus the invoke margin, so a hung invoke reaches the stop-experiment step', () => {
    const timeouts = new Map(platformFunctions(stage).map((f) => [f.id, f.timeoutSeconds]));
    const machines = drillMachines(stage);
    expect(machines.length).toBe(STAGES[stage].recovery.drills.enabled ? 1 : 0);
    for (const machine of machines) {
      const invokes = allStates(definitionOf(machine.Properties.DefinitionString).States).filter(
        ([, st]) => st.Type === 'Task' && timeouts.has(functionOf(st) ?? ''),
      );
      expect(invokes.map(([name]) => name).sort()).toEqual(['Measure', 'ProbeDatabase', 'ProbeSite', 'ReportFailure', 'ReportRecovery']);
      for (const [name, task] of invokes) {
        const fnId = functionOf(task) ?? '';
        expect(timeouts.has(fnId)).toBe(true);
        expect({ name, TimeoutSeconds: task.TimeoutSeconds }).toEqual({
          name,
          TimeoutSeconds: (timeouts.get(fnId) ?? Number.NaN) + TASK_TIMEOUT_MARGIN_SECONDS,
        });
      }
    }
  });

  it('a restore test that reaches its deadline can still verify, clean up and report within the cleanup allowance', () => {
    const machines = restoreTestMachines(stage);
    // The weekly database and cache tests, and the monthly DR restore test.
    expect(machines.length).toBe(3);
    for (const machine of machines) {
      const { States } = definitionOf(machine.Properties.DefinitionString);
      // The last status check may start just before the deadline; then verify, clean up and report.
      const afterDeadline = ['CheckCopy', 'Verify', 'CleanUp', 'Report'].reduce((sum, name) => sum + taskWorstCaseSeconds(States[name]), 0);
      expect(afterDeadline).toBeLessThan(RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES * 60);
    }
  });

  it('the migration provider polls until the runner can have failed an overrunning task: its task timeout, one poll interval and one wait run', () => {
    const templates = Object.values(synthStage(stage, APP_IMAGES[stage]).templates);
    const migrations = templates.flatMap((t) => Object.values(t.findResources('Custom::DatabaseMigration')));
    expect(migrations.length).toBe(1);
    const taskTimeoutSeconds = Number((migrations[0].Properties as { TimeoutSeconds: string }).TimeoutSeconds);
    const waiters = templates
      .flatMap((t) => Object.values(t.findResources('AWS::StepFunctions::StateMachine')))
      .map((m) => definitionOf(m.Properties.DefinitionString).States['framework-isComplete-task'])
      .filter((task): task is State => task !== undefined);
    expect(waiters.length).toBe(1);
    const [retry] = waiters[0].Retry ?? [];
    // The provider counts polls, not time: each poll waits IntervalSeconds, so polls × interval is the least time it keeps waiting.
    const polledSeconds = (retry.MaxAttempts ?? 0) * (retry.IntervalSeconds ?? 0);
    const waitTimeout =
      platformFunctions(stage).find((f) => f.handlerDir === 'migration-runner' && f.env[migrationRunner.ENV.PHASE] === 'wait')
        ?.timeoutSeconds ?? Number.NaN;
    expect(waitTimeout).toBe(migrationRunner.TIME_BUDGETS.wait.timeoutSeconds);
    expect(polledSeconds).toBeGreaterThanOrEqual(taskTimeoutSeconds + (retry.IntervalSeconds ?? 0) + waitTimeout);
  });
});
