import { TIME_BUDGETS as DB_SNAPSHOT_BUDGETS } from '../../lambda/db-snapshot/contract';
import { VERIFY_TIME_BUDGET } from '../../lambda/restore-test-db-verify/contract';
import { sumMs, type TimeBudget } from '../../lambda/shared/time-budget';
import { RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES } from '../../lib/config/restore-test';
import { STAGE_NAMES } from '../../lib/config/types';
import { TASK_TIMEOUT_MARGIN_SECONDS } from '../../lib/constructs/restore-test/restore-workflow';
import { synthStage } from '../support/stage-synth';

/** Every function whose handler declares its worst case (contract.ts), by handler folder. */
const BUDGETS: Record<string, readonly TimeBudget[]> = {
  'db-snapshot': Object.values(DB_SNAPSHOT_BUDGETS),
  'restore-test-db-verify': [VERIFY_TIME_BUDGET],
};

/**
 * Functions not yet budgeted: their clients use the SDK's defaults (no request timeout) and their
 * throttling retries multiply the SDK's, so no finite worst case can be stated yet. Pinned, so that a
 * new function must come with a budget.
 */
const NOT_YET_BUDGETED = [
  'backup-monitor', 'backup-retention', 'cache-snapshot', 'config-backup', 'cost-report', 'db-dump', 'drill-db-probe', 'drill-measure', 'drill-report', 'health-probe', 'log-archive',
  'restore-test-cache-cleanup', 'restore-test-cache-start', 'restore-test-cache-status', 'restore-test-cache-verify', 'restore-test-db-cleanup',
  'restore-test-db-credentials', 'restore-test-db-start', 'restore-test-db-status', 'restore-test-freshness', 'restore-test-report', 'restore-test-sweeper',
];

interface LambdaResource {
  readonly Properties: { readonly Timeout?: number; readonly Environment?: { readonly Variables?: Record<string, unknown> } };
}

/** The platform's functions (PlatformFunction sets POWERTOOLS_SERVICE_NAME to the handler folder) with their Timeout, by logical id. */
function platformFunctions(stage: (typeof STAGE_NAMES)[number]) {
  const synth = synthStage(stage);
  return Object.values(synth.templates).flatMap((template) =>
    Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, LambdaResource>).flatMap(([id, fn]) => {
      const handlerDir = fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      return typeof handlerDir === 'string' ? [{ id, handlerDir, timeoutSeconds: fn.Properties.Timeout ?? 3 }] : [];
    }),
  );
}

interface State {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: { readonly FunctionName?: string };
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[]; readonly IntervalSeconds?: number; readonly MaxAttempts?: number; readonly BackoffRate?: number }[];
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

/** A task's worst case: every attempt a retry on States.ALL or States.Timeout makes may run to its timeout; other retries wait only their interval. */
function taskWorstCaseSeconds(state: State): number {
  let total = state.TimeoutSeconds ?? Number.POSITIVE_INFINITY;
  for (const retry of state.Retry ?? []) {
    const attempts = retry.MaxAttempts ?? 3;
    const slow = retry.ErrorEquals.some((e) => e === 'States.ALL' || e === 'States.Timeout');
    for (let i = 0; i < attempts; i++) total += (retry.IntervalSeconds ?? 1) * (retry.BackoffRate ?? 2) ** i + (slow ? (state.TimeoutSeconds ?? Number.POSITIVE_INFINITY) : 0);
  }
  return total;
}

/** The database and cache restore-test state machines (the drill workflows are another helper's). */
function restoreTestMachines(stage: (typeof STAGE_NAMES)[number]) {
  const templates = Object.values(synthStage(stage).templates);
  return templates.flatMap((t) => Object.entries(t.findResources('AWS::StepFunctions::StateMachine')).filter(([id]) => /^RestoreTests(Database|Cache)Workflow/.test(id)).map(([, m]) => m));
}

describe.each(STAGE_NAMES)('time budgets, %s', (stage) => {
  it('every platform function either declares its worst case or is on the pinned not-yet-budgeted list', () => {
    const dirs = [...new Set(platformFunctions(stage).map((f) => f.handlerDir))].sort();
    expect(dirs.filter((dir) => !BUDGETS[dir])).toEqual(NOT_YET_BUDGETED.filter((dir) => dirs.includes(dir)));
    expect(dirs).toEqual(expect.arrayContaining(Object.keys(BUDGETS)));
  });

  it.each(Object.keys(BUDGETS))('%s: its timeout is the budget\'s, and the worst case before its deadline plus the margin fits it', (handlerDir) => {
    const [fn] = platformFunctions(stage).filter((f) => f.handlerDir === handlerDir);
    for (const budget of BUDGETS[handlerDir]) {
      expect(fn.timeoutSeconds).toBe(budget.timeoutSeconds);
      // What runs before the deadline-bound step must leave it time, and what follows must fit the margin it keeps back.
      expect(sumMs(budget.before) + budget.marginMs).toBeLessThan(fn.timeoutSeconds * 1000);
      expect(sumMs(budget.after)).toBeLessThanOrEqual(budget.marginMs);
    }
  });

  it('each restore-test Lambda task waits no less than its function may run, and no more than that plus the invoke margin', () => {
    const timeouts = new Map(platformFunctions(stage).map((f) => [f.id, f.timeoutSeconds]));
    const machines = restoreTestMachines(stage);
    expect(machines.length).toBe(2);
    for (const machine of machines) {
      // With payloadResponseOnly the task's Resource is the function itself; otherwise Parameters.FunctionName names it.
      const functionOf = (state: State) => /^<(.+)>$/.exec(state.Resource?.includes('lambda:invoke') ? (state.Parameters?.FunctionName ?? '') : (state.Resource ?? ''))?.[1];
      const tasks = Object.entries(definitionOf(machine.Properties.DefinitionString).States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length).toBeGreaterThanOrEqual(5);
      for (const [name, task] of tasks) {
        const fnId = functionOf(task) ?? '';
        expect(timeouts.has(fnId)).toBe(true);
        expect({ name, TimeoutSeconds: task.TimeoutSeconds }).toEqual({ name, TimeoutSeconds: (timeouts.get(fnId) ?? Number.NaN) + TASK_TIMEOUT_MARGIN_SECONDS });
      }
    }
  });

  it('a restore test that reaches its deadline can still verify, clean up and report within the cleanup allowance', () => {
    const machines = restoreTestMachines(stage);
    expect(machines.length).toBe(2);
    for (const machine of machines) {
      const { States } = definitionOf(machine.Properties.DefinitionString);
      // The last status check may start just before the deadline; then verify, clean up and report.
      const afterDeadline = ['CheckCopy', 'Verify', 'CleanUp', 'Report'].reduce((sum, name) => sum + taskWorstCaseSeconds(States[name]), 0);
      expect(afterDeadline).toBeLessThan(RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES * 60);
    }
  });
});
