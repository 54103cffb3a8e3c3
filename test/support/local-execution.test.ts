import type { AslDefinition } from './asl-definition';
import { executeLocally, neverAnswers } from './local-execution';

/**
 * The runner the workflow tests rely on: aws-local-stepfunctions on jest's fake clock. Waits, retry
 * intervals with their BackoffRate and timeouts take fake time, never real time.
 */

const START = new Date('2026-11-22T06:00:00.000Z');
const FUNCTION = 'arn:aws:lambda:eu-west-1:111111111111:function:Step';

beforeEach(() => jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
afterEach(() => jest.useRealTimers());

const seconds = () => (Date.now() - START.getTime()) / 1000;

test('a Wait moves the clock by its Seconds, in no real time', async () => {
  const definition: AslDefinition = {
    StartAt: 'Pause',
    States: { Pause: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
  };
  const began = jest.getRealSystemTime();

  const result = await executeLocally(definition, { a: 1 }, {});

  expect(result).toMatchObject({ status: 'SUCCEEDED', end: 'Done', output: { a: 1 }, visited: ['Pause', 'Done'] });
  expect(seconds()).toBe(3600);
  // Far below the hour waited (a real Wait would take it all); loose, so a busy machine does not fail it.
  expect(jest.getRealSystemTime() - began).toBeLessThan(30_000);
});

test('Retry waits IntervalSeconds times BackoffRate to the attempt, then Catch takes the error', async () => {
  const definition: AslDefinition = {
    StartAt: 'Step',
    States: {
      Step: {
        Type: 'Task',
        Resource: FUNCTION,
        TimeoutSeconds: 30,
        Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 3 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Fail', Error: 'StepFailed', Cause: 'the step failed' },
    },
  };
  const attempts: number[] = [];
  const busy = async () => {
    attempts.push(seconds());
    throw Object.assign(new Error('try later'), { name: 'Busy' });
  };

  const result = await executeLocally(definition, {}, { Step: busy });

  expect(attempts).toEqual([0, 2, 2 + 6, 2 + 6 + 18]);
  expect(result).toMatchObject({
    status: 'FAILED',
    end: 'Failed',
    error: { Error: 'StepFailed', Cause: 'the step failed' },
    output: { error: { Error: 'Busy', Cause: 'try later' } },
  });
});

test('a task that never answers fails with States.Timeout at its TimeoutSeconds, which a retrier on another error does not retry', async () => {
  const definition: AslDefinition = {
    StartAt: 'Step',
    States: {
      Step: {
        Type: 'Task',
        Resource: FUNCTION,
        TimeoutSeconds: 90,
        Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 5 }],
        Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'CleanUp' }],
        End: true,
      },
      CleanUp: { Type: 'Pass', End: true },
    },
  };

  const result = await executeLocally(definition, {}, { Step: neverAnswers() });

  expect(result).toMatchObject({ status: 'SUCCEEDED', end: 'CleanUp', output: { Error: 'States.Timeout' } });
  expect(seconds()).toBe(90);
});

test("the execution's TimeoutSeconds ends a run that waits too long", async () => {
  const definition: AslDefinition = { StartAt: 'Pause', TimeoutSeconds: 60, States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } } };

  const result = await executeLocally(definition, {}, {});

  expect(result).toMatchObject({ status: 'TIMED_OUT', end: 'Pause' });
  expect(seconds()).toBe(60);
});

test('refuses to run a Task state without a local handler: it would call real AWS', async () => {
  const definition: AslDefinition = { StartAt: 'Step', States: { Step: { Type: 'Task', Resource: FUNCTION, End: true } } };
  await expect(executeLocally(definition, {}, {})).rejects.toThrow('No local handler for the Task state Step');
});
