import { Template } from 'aws-cdk-lib/assertions';
import { DRILLS_DEFAULTS } from '../../lib/config/drills';
import { testApp } from '../support/fixtures';
import { allStates, markHanging, neverAnswers, type TaskHandler, taskStateNames } from '../support/local-execution';
import { stageDrills } from './drills/stack';
import { type DrillRun, drillDefinition, drillRunner, EXPERIMENT_ID, type ReplacedTask } from './drills/workflow-harness';

/**
 * The synthesized drill workflow run through aws-local-stepfunctions with the real drill-measure and
 * drill-report functions: a drill that recovers is measured and reported; whatever else happens (a
 * step fails or hangs, the stage is not healthy, FIS did not run the fault, the stage never
 * recovers) a started experiment is stopped, a failure report is written, the next drill still
 * runs, and the execution fails.
 */

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const START = Date.parse('2026-03-10T10:00:00Z');
const { stack } = stageDrills(testApp(), 'Staging', 'staging', DRILLS_DEFAULTS.staging);
const template = Template.fromStack(stack);
const run = drillRunner(template);
const RECOVERS = { recoversAfterSeconds: 30 };

beforeEach(() => jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

const called = (execution: DrillRun, state: string) => execution.calls.filter((c) => c.state === state);

describe('a drill that recovers', () => {
  test('is measured from the fault to the first of two all-healthy polls, reported, and the execution succeeds', async () => {
    const execution = await run({ kinds: ['database'] }, RECOVERS);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.reports).toEqual([
      expect.objectContaining({
        kind: 'database',
        outcome: 'recovered',
        recoverySeconds: 30,
        metTarget: true,
        faultObserved: true,
        experimentId: EXPERIMENT_ID,
        experimentStatus: 'completed',
      }),
    ]);
    expect(execution.reports[0].startedAt).toBe(new Date(START).toISOString());
    expect(execution.reportEvents[0].executionArn).toBe('arn:aws:states:eu-west-1:111111111111:execution:drills:run-1');
    // Polls at 0, 10, 20 s see the fault; 30 and 40 s are healthy: five polls, four waits.
    expect(called(execution, 'Measure')).toHaveLength(5);
    expect(called(execution, 'StopExperiment')).toEqual([]);
    expect(execution.output.drills).toEqual([
      {
        kind: 'database',
        outcome: 'recovered',
        recovered: true,
        report: expect.objectContaining({ key: 'reports/staging/drills/2026-03-10-database.json', recoverySeconds: 30 }),
      },
    ]);
  });

  test('without kinds, runs every configured drill, one after another, each fault only once the one before has ended', async () => {
    const execution = await run({}, RECOVERS);
    expect(execution.status).toBe('SUCCEEDED');
    const order = execution.calls.map((c) => c.state).filter((s) => /^Start|^Report/.test(s));
    expect(order).toEqual([
      'StartDatabaseFailover',
      'ReportRecovery',
      'StartCacheFailover',
      'ReportRecovery',
      'StartStopApiTasks',
      'ReportRecovery',
    ]);
    expect(execution.reports.map((r) => [r.kind, r.outcome, r.recoverySeconds])).toEqual([
      ['database', 'recovered', 30],
      ['cache', 'recovered', 30],
      ['tasks', 'recovered', 30],
    ]);
  });

  test('the FIS experiment is started with a fresh client token and the stage tags; the cache drill asks FIS nothing', async () => {
    const execution = await run({ kinds: ['database', 'cache'] }, RECOVERS);
    const [start] = called(execution, 'StartDatabaseFailover');
    expect(start.input).toMatchObject({ ExperimentTemplateId: expect.any(String), Tags: { Stage: 'staging', DrillKind: 'database' } });
    expect(start.input.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(called(execution, 'CheckExperiment')).toHaveLength(1);
    expect(called(execution, 'CheckExperiment')[0].input).toEqual({ Id: EXPERIMENT_ID });
    expect(called(execution, 'StartCacheFailover')[0].input).toEqual({ ReplicationGroupId: 'staging-cache', NodeGroupId: '0001' });
    expect(execution.reports[1]).toMatchObject({ kind: 'cache', outcome: 'recovered' });
    expect(execution.reports[1].experimentId).toBeUndefined();
  });
});

/** The first call of `state` fails (or hangs); later calls, of the next drill, answer as usual. */
function breakOnce(state: string, how: 'fails' | 'hangs') {
  let first = true;
  const hang = neverAnswers();
  const handler: ReplacedTask = async (input, standIn) => {
    if (!first) return standIn(input);
    first = false;
    if (how === 'hangs') return hang(input);
    throw Object.assign(new Error(`${state} broke`), { name: `${state}Broken` });
  };
  return { [state]: how === 'hangs' ? (markHanging(handler as TaskHandler) as ReplacedTask) : handler };
}

/** Each step of a drill, the drill that reaches it, and whether the fault is running (so must be stopped) when it runs. */
const STEPS: Record<string, { kind: string; faultRunning: boolean }> = {
  CheckStageHealthy: { kind: 'database', faultRunning: false },
  StartDatabaseFailover: { kind: 'database', faultRunning: false },
  StartStopApiTasks: { kind: 'tasks', faultRunning: false },
  StartCacheFailover: { kind: 'cache', faultRunning: false },
  ProbeSite: { kind: 'database', faultRunning: true },
  ProbeDatabase: { kind: 'database', faultRunning: true },
  ProbeService: { kind: 'database', faultRunning: true },
  ProbeCache: { kind: 'database', faultRunning: true },
  Measure: { kind: 'database', faultRunning: true },
  CheckExperiment: { kind: 'database', faultRunning: true },
  ReportRecovery: { kind: 'database', faultRunning: true },
};
const CLEANUP_STEPS = ['StopExperiment', 'ReportFailure'];

describe('every step that fails or hangs ends in clean-up, and the next drill still runs', () => {
  const definition = drillDefinition(template);
  const definitionSteps = taskStateNames(definition.States);

  test('the table covers every Task state of the workflow, and every one has a timeout', () => {
    expect([...Object.keys(STEPS), ...CLEANUP_STEPS].sort()).toEqual([...new Set(definitionSteps)].sort());
    for (const state of allStates(definition.States)
      .map(([, state]) => state)
      .filter((s) => s.Type === 'Task'))
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
  });

  describe.each(['fails', 'hangs'] as const)('a step that %s', (how) => {
    test.each(Object.entries(STEPS))('%s', async (state, { kind, faultRunning }) => {
      const next = kind === 'cache' ? 'database' : 'cache';
      const execution = await run({ kinds: [kind, next] }, RECOVERS, breakOnce(state, how));

      expect({ status: execution.status, error: execution.error?.Error }).toEqual({ status: 'FAILED', error: 'DrillFailed' });
      const [broken, after] = execution.reports;
      expect(broken).toMatchObject({ kind, outcome: 'failed', metTarget: false });
      expect(broken.error).toContain(how === 'fails' ? `${state}Broken` : 'States.Timeout');
      // A fault that started is stopped before the failure is reported; one that never started is not.
      const stops = called(execution, 'StopExperiment');
      expect(stops).toEqual(faultRunning && kind !== 'cache' ? [{ state: 'StopExperiment', input: { Id: EXPERIMENT_ID } }] : []);
      if (faultRunning && kind !== 'cache')
        expect(execution.calls.findIndex((c) => c.state === 'StopExperiment')).toBeLessThan(
          execution.calls.findIndex((c) => c.state === 'ReportFailure'),
        );
      expect(after).toMatchObject({ kind: next, outcome: 'recovered', recoverySeconds: 30 });
      expect(execution.error?.Cause).toContain(`"kind":"${kind}","outcome":"failed","recovered":false`);
    });
  });
});

describe('clean-up itself', () => {
  test('a stop that fails is written into the failure report: the fault may still be running', async () => {
    const execution = await run({ kinds: ['database', 'cache'] }, RECOVERS, {
      ...breakOnce('Measure', 'fails'),
      ...breakOnce('StopExperiment', 'fails'),
    });
    expect(execution.reports[0].outcome).toBe('failed');
    expect(execution.reports[0].error).toMatch(
      /MeasureBroken: Measure broke; stopping the experiment failed, check that it ended: StopExperimentBroken/,
    );
    expect(execution.reports[1]).toMatchObject({ kind: 'cache', outcome: 'recovered' });
    expect(execution.status).toBe('FAILED');
  });

  test("a failure report that cannot be written still ends the drill as not recovered, with the report's error, and the run goes on", async () => {
    const execution = await run({ kinds: ['database', 'cache'] }, RECOVERS, {
      ...breakOnce('Measure', 'fails'),
      ...breakOnce('ReportFailure', 'fails'),
    });
    expect(execution.reports.map((r) => r.kind)).toEqual(['cache']);
    expect(execution.error?.Error).toBe('DrillFailed');
    expect(execution.error?.Cause).toContain(
      '"kind":"database","outcome":"failed","recovered":false,"report":{"Error":"ReportFailureBroken"',
    );
  });

  test('a Lambda service error is retried, not counted against the drill', async () => {
    let failures = 0;
    const flaky: ReplacedTask = async (input, standIn) => {
      if (failures++ > 0) return standIn(input);
      throw Object.assign(new Error('Service unavailable'), { name: 'Lambda.ServiceException' });
    };
    const execution = await run({ kinds: ['database'] }, RECOVERS, { Measure: flaky });
    expect(execution.events.filter((e) => e.type === 'StateRetried').map((e) => e.state?.name)).toEqual(['Measure']);
    // The retry waits its 2 s interval, so every later poll runs 2 s later: the first healthy one at 32 s.
    expect(execution.reports).toEqual([expect.objectContaining({ outcome: 'recovered', recoverySeconds: 32 })]);
    expect(execution.status).toBe('SUCCEEDED');
  });
});

describe('a drill that must not count as survived', () => {
  test.each(['ALARM', 'INSUFFICIENT_DATA', 'MISSING'] as const)(
    'a stage alarm that is %s injects no fault and fails the drill',
    async (alarmState) => {
      const execution = await run({ kinds: ['database'] }, { ...RECOVERS, alarmState });
      expect(execution.calls.filter((c) => c.state.startsWith('Start'))).toEqual([]);
      expect(called(execution, 'StopExperiment')).toEqual([]);
      expect(execution.reports).toEqual([
        expect.objectContaining({ kind: 'database', outcome: 'failed', error: expect.stringMatching(/^StageNotReady/) }),
      ]);
      expect(execution.status).toBe('FAILED');
    },
  );

  test.each(['failed', 'stopped', 'cancelled'])(
    'an experiment FIS ended as %s is stopped and reported as failed, though the probes looked healthy',
    async (experimentStatus) => {
      const execution = await run({ kinds: ['database'] }, { ...RECOVERS, experimentStatus });
      expect(called(execution, 'StopExperiment')).toHaveLength(1);
      expect(execution.reports).toEqual([
        expect.objectContaining({ outcome: 'failed', experimentStatus, error: expect.stringMatching(/^ExperimentDidNotRun/) }),
      ]);
      expect(execution.status).toBe('FAILED');
    },
  );

  test('a stage that never recovers times out at the configured limit, its fault is stopped and the wait is reported', async () => {
    const execution = await run({ kinds: ['tasks'] }, {});
    expect(execution.reports).toEqual([
      expect.objectContaining({ kind: 'tasks', outcome: 'timed-out', recoverySeconds: 900, metTarget: false }),
    ]);
    expect(execution.reports[0].error).toMatch(/^DrillTimedOut: Not every probe was healthy within 15 minutes/);
    expect(called(execution, 'StopExperiment')).toHaveLength(1);
    expect(called(execution, 'Measure')).toHaveLength(91);
    expect(execution.error).toEqual({ Error: 'DrillFailed', Cause: expect.stringContaining('"outcome":"timed-out"') });
  });

  test('a kind this stage does not run is reported as failed without touching anything', async () => {
    const execution = await run({ kinds: ['network', 'cache'] }, RECOVERS);
    expect(execution.calls.filter((c) => c.state.startsWith('Start')).map((c) => c.state)).toEqual(['StartCacheFailover']);
    expect(execution.reports[0]).toMatchObject({
      kind: 'network',
      outcome: 'failed',
      error: expect.stringMatching(/^UnknownDrill: This stage runs only these drills: database, cache, tasks/),
    });
    expect(execution.status).toBe('FAILED');
  });

  test('a recovery slower than the target is still recovered, but misses the target in its report', async () => {
    const execution = await run({ kinds: ['cache'] }, { recoversAfterSeconds: 130 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.reports[0]).toMatchObject({
      outcome: 'recovered',
      recoverySeconds: 130,
      targetRecoverySeconds: 120,
      metTarget: false,
    });
  });
});
