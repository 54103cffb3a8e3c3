import type { Asl, AslState } from './stack';

/**
 * A small interpreter for the part of the Amazon States Language the restore-test workflows use
 * (Pass, Task, Wait, Choice with BooleanEquals, Succeed, Fail; JSONPath ResultPath, Parameters,
 * Retry and Catch), so tests can drive a synthesized definition through its failure paths.
 * Waits advance a clock the test controls instead of sleeping.
 */

export interface ExecutionContext {
  readonly name: string;
  /** Called for each Task with its Resource and input; a thrown error takes the state's Retry and Catch. */
  readonly invoke: (resource: string, input: unknown) => Promise<unknown>;
  /** Advances the test's clock for a Wait or a Retry interval. */
  readonly advance: (seconds: number) => void;
  readonly now: () => Date;
  /** @default 2000 */
  readonly maxTransitions?: number;
}

export interface ExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** The state the execution ended in. */
  readonly end: string;
  readonly output: Record<string, unknown>;
  readonly error?: { readonly Error: string; readonly Cause?: string };
  /** Every state entered, in order. */
  readonly visited: string[];
}

type Doc = Record<string, unknown>;

export async function runExecution(asl: Asl, input: Doc, ctx: ExecutionContext): Promise<ExecutionResult> {
  const context = { Execution: { Name: ctx.name, StartTime: ctx.now().toISOString() } };
  const visited: string[] = [];
  let name = asl.StartAt;
  let doc: Doc = input;
  for (let transitions = 0; transitions < (ctx.maxTransitions ?? 2000); transitions++) {
    const state = asl.States[name];
    if (!state) throw new Error(`No state ${name}`);
    visited.push(name);
    switch (state.Type) {
      case 'Pass':
        doc = withResult(doc, state.ResultPath, state.Parameters ? parameters(state.Parameters, doc, context) : doc);
        break;
      case 'Wait':
        ctx.advance(state.Seconds as number);
        break;
      case 'Choice': {
        const choice = (state.Choices ?? []).find((c) => {
          if (!('BooleanEquals' in c)) throw new Error(`Unsupported choice rule in ${name}: ${JSON.stringify(c)}`);
          return read(c.Variable as string, doc, context) === c.BooleanEquals;
        });
        name = choice?.Next ?? (state.Default as string);
        continue;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', end: name, output: doc, visited };
      case 'Fail':
        return { status: 'FAILED', end: name, output: doc, visited, error: { Error: state.Error as string, Cause: (state.CausePath ? read(state.CausePath as string, doc, context) : state.Cause) as string } };
      case 'Task': {
        const outcome = await runTask(state, doc, ctx);
        if ('result' in outcome) {
          doc = withResult(doc, state.ResultPath, outcome.result);
          break;
        }
        const catcher = state.Catch?.find((c) => c.ErrorEquals.includes(outcome.error.Error) || c.ErrorEquals.includes('States.ALL'));
        if (!catcher) return { status: 'FAILED', end: name, output: doc, visited, error: outcome.error };
        doc = withResult(doc, catcher.ResultPath, outcome.error);
        name = catcher.Next;
        continue;
      }
      default:
        throw new Error(`Unsupported state type ${state.Type} (${name})`);
    }
    if (state.End || !state.Next) throw new Error(`State ${name} ends the execution without Succeed or Fail`);
    name = state.Next;
  }
  throw new Error('Too many transitions: a loop that never ends');
}

async function runTask(state: AslState, doc: Doc, ctx: ExecutionContext): Promise<{ result: unknown } | { error: { Error: string; Cause: string } }> {
  const attempts = new Map<number, number>();
  for (;;) {
    try {
      return { result: await ctx.invoke(state.Resource as string, state.Parameters ?? doc) };
    } catch (thrown) {
      const e = thrown as Error;
      // As Lambda reports a function error: the error's name, and its type and message as the cause.
      const error = { Error: e.name, Cause: JSON.stringify({ errorType: e.name, errorMessage: e.message }) };
      const index = (state.Retry ?? []).findIndex((r) => r.ErrorEquals.includes(error.Error) || r.ErrorEquals.includes('States.ALL'));
      const retrier = state.Retry?.[index];
      const used = attempts.get(index) ?? 0;
      if (!retrier || used >= (retrier.MaxAttempts ?? 3)) return { error };
      attempts.set(index, used + 1);
      ctx.advance(retrier.IntervalSeconds ?? 1);
    }
  }
}

function read(path: string, doc: Doc, context: Doc): unknown {
  const [root, rest] = path.startsWith('$$') ? [context, path.slice(2)] : [doc, path.slice(1)];
  return rest.split('.').filter(Boolean).reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`States.Runtime: ${path} not found`);
    return (node as Doc)[key];
  }, root);
}

function parameters(template: Record<string, unknown>, doc: Doc, context: Doc): Doc {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') ? [key.slice(0, -2), read(value as string, doc, context)] : [key, value && typeof value === 'object' && !Array.isArray(value) ? parameters(value as Doc, doc, context) : value],
    ),
  );
}

function withResult(doc: Doc, resultPath: string | undefined, result: unknown): Doc {
  if (resultPath === undefined || resultPath === '$') return result as Doc;
  const keys = resultPath.slice(2).split('.');
  const copy: Doc = structuredClone(doc);
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Doc;
  }
  node[keys[keys.length - 1]] = result;
  return copy;
}
