import { setImmediate as realSetImmediate } from 'node:timers';
import { StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition, AslStateDefinition } from './asl-definition';

/**
 * Runs a state machine definition through aws-local-stepfunctions, a maintained interpreter of the
 * Amazon States Language (Retry with BackoffRate, Catch, Task TimeoutSeconds, the execution's
 * TimeoutSeconds), with each Task state answered by a local function, on jest's fake clock: Waits,
 * retry intervals and timeouts advance the clock instead of sleeping.
 *
 * Call with jest's modern fake timers on (`jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })`).
 */

// aws-local-stepfunctions 3 targets Node 22 and uses Promise.withResolvers, which Node 20 lacks.
const promise = Promise as unknown as { withResolvers?: () => unknown };
promise.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const p = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise: p, resolve, reject };
};

type Json = Record<string, unknown>;
/** An entry of the interpreter's event log (its type is not exported): StateEntered, StateFailed, StateRetried, ExecutionFailed, … */
export interface EventLog {
  readonly type: string;
  readonly state?: { readonly name: string; readonly input: unknown };
  readonly Error?: string;
  readonly Cause?: unknown;
}
/** A Task state's local stand-in: its input in, its result out; a thrown error is the task's error. */
export type TaskHandler = (input: Json) => Promise<unknown>;

const hanging = new WeakSet<TaskHandler>();
/** A task that never answers: only its TimeoutSeconds (States.Timeout) or the execution's ends it. */
export function neverAnswers(): TaskHandler {
  return markHanging(() => new Promise(() => undefined));
}
/** Marks a handler (e.g. a wrapper of `neverAnswers()`) as one the clock must not wait for. */
export function markHanging(handler: TaskHandler): TaskHandler {
  hanging.add(handler);
  return handler;
}
export const isHanging = (handler: unknown): boolean => hanging.has(handler as TaskHandler);

export interface LocalExecution {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  /** The state the execution ended in. */
  readonly end: string;
  /** The output on success; on failure, the input of the state it ended in. */
  readonly output: Json;
  readonly error?: { readonly Error: string; readonly Cause?: string };
  /** Every state entered, in order. */
  readonly visited: string[];
  readonly events: EventLog[];
}

/** Validated machines by definition text: the library validates a definition (about 0.1 s) each time it builds one. */
const machines = new Map<string, StateMachine>();

function machineFor(definition: AslDefinition): StateMachine {
  const text = JSON.stringify(definition);
  let machine = machines.get(text);
  if (!machine) {
    machine = new StateMachine(JSON.parse(text) as never);
    machines.set(text, machine);
  }
  return machine;
}

/** Task states by name, those inside Map and Parallel states included: the interpreter answers them by name too. */
export function taskStateNames(states: AslDefinition['States']): string[] {
  return allStates(states)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name);
}

/** Every state by name, those inside Map (ItemProcessor or Iterator) and Parallel states included. */
export function allStates(states: AslDefinition['States']): [string, AslStateDefinition][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[]) ?? [])] as (AslDefinition | undefined)[];
    return [[name, state] as [string, AslStateDefinition], ...nested.flatMap((machine) => (machine ? allStates(machine.States) : []))];
  });
}

/**
 * The interpreter's context object has no `State`; here `$$.State.EnteredTime` reads the fake clock
 * when the path is evaluated. That is the state's entry time as long as the task stand-ins answer
 * without moving the clock, which they do unless a test makes one hang.
 */
function withStateClock(context: Json): Json {
  return {
    State: {
      get EnteredTime() {
        return new Date().toISOString();
      },
    },
    ...context,
  };
}

/**
 * Executes `definition` with `input`; `tasks` answers each Task state by name (a Task without one
 * fails the test, as it would call real AWS).
 */
export async function executeLocally(
  definition: AslDefinition,
  input: Json,
  tasks: Record<string, TaskHandler>,
  context: Json = {},
): Promise<LocalExecution> {
  let running = 0;
  let settledTasks = 0;
  const taskResourceLocalHandlers = Object.fromEntries(
    taskStateNames(definition.States).map((name) => {
      const handler = tasks[name];
      if (!handler) throw new Error(`No local handler for the Task state ${name}`);
      // A hanging task counts as idle: the clock must run on to its timeout.
      const counted = !hanging.has(handler);
      return [
        name,
        async (taskInput: unknown) => {
          if (counted) running++;
          try {
            return (await handler(taskInput as Json)) as never;
          } finally {
            if (counted) running--;
            settledTasks++;
          }
        },
      ];
    }),
  );
  const execution = machineFor(definition).run(input as never, {
    overrides: { taskResourceLocalHandlers },
    context: withStateClock(context) as never,
  });
  const events: EventLog[] = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) events.push(event as unknown as EventLog);
  })();

  let outcome: { ok: true; value: unknown } | { ok: false; error: Error } | undefined;
  execution.result.then(
    (value) => (outcome = { ok: true, value }),
    (error: Error) => (outcome = { ok: false, error }),
  );
  // Let the interpreter run until it waits on the clock (a Wait, a retry interval, a timeout), then
  // move the clock to the next timer. Never while a task is still working: its timeout would fire early.
  for (let steps = 0; !outcome; steps++) {
    if (steps > 100_000) throw new Error('The execution never ended: are jest fake timers on?');
    const before = events.length + settledTasks;
    for (let turn = 0; turn < 5 && !outcome; turn++) await new Promise((resolve) => realSetImmediate(resolve));
    if (!outcome && running === 0 && events.length + settledTasks === before) await jest.advanceTimersToNextTimerAsync();
  }
  await Promise.race([logged, new Promise((resolve) => realSetImmediate(resolve))]);

  const entered = events.filter((e) => e.type === 'StateEntered').map((e) => e.state!);
  const visited = entered.map((state) => state.name);
  const end = visited[visited.length - 1] ?? definition.StartAt;
  const lastInput = (entered[entered.length - 1]?.input ?? {}) as Json;
  if (outcome.ok) return { status: 'SUCCEEDED', end, output: outcome.value as Json, visited, events };
  if (outcome.error.name === 'ExecutionTimeoutError')
    return { status: 'TIMED_OUT', end, output: lastInput, visited, events, error: { Error: 'States.Timeout' } };
  const failed = events.find((e) => e.type === 'ExecutionFailed');
  const cause = (outcome.error as { cause?: Error }).cause;
  const error = failed?.Error
    ? { Error: failed.Error, Cause: failed.Cause as string }
    : { Error: cause?.name ?? outcome.error.name, Cause: cause?.message ?? outcome.error.message };
  return { status: 'FAILED', end, output: lastInput, visited, events, error };
}
