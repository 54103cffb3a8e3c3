import type { Template } from 'aws-cdk-lib/assertions';
import { handler as cacheCleanup } from '../../../lambda/restore-test/cache/cleanup';
import { handler as cacheStart } from '../../../lambda/restore-test/cache/start';
import { handler as cacheStatus } from '../../../lambda/restore-test/cache/status';
import { handler as cacheVerify } from '../../../lambda/restore-test/cache/verify';
import { handler as dbCleanup } from '../../../lambda/restore-test/db/cleanup';
import { handler as dbCredentials } from '../../../lambda/restore-test/db/credentials';
import { handler as dbStart } from '../../../lambda/restore-test/db/start';
import { handler as dbStatus } from '../../../lambda/restore-test/db/status';
import { handler as dbVerify } from '../../../lambda/restore-test/db/verify';
import { handler as report } from '../../../lambda/restore-test/report';
import { aslOf, plausibleArn } from '../../support/asl-definition';
import { executeLocally, isHanging, type LocalExecution, markHanging, type TaskHandler } from '../../support/local-execution';
import { resolveJoin, stateMachineIds } from './stack';

/**
 * Handlers take different events; the harness passes each the state as JSON, which it can only type
 * as `never` (assignable to every handler's event).
 */
type Handler = (event: never) => Promise<unknown>;

const HANDLERS: Record<string, Handler> = {
  'restore-test-db-start': dbStart,
  'restore-test-db-status': dbStatus,
  'restore-test-db-credentials': dbCredentials,
  'restore-test-db-verify': dbVerify,
  'restore-test-db-cleanup': dbCleanup,
  'restore-test-cache-start': cacheStart,
  'restore-test-cache-status': cacheStatus,
  'restore-test-cache-verify': cacheVerify,
  'restore-test-cache-cleanup': cacheCleanup,
  'restore-test-report': report,
};

const QUIET = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/**
 * Runs a synthesized restore-test workflow through aws-local-stepfunctions with the real handlers,
 * each given the environment the construct gives its function (references become their logical ids),
 * on jest's fake clock. `replace` swaps a handler by its folder (e.g. verify, which needs a real copy
 * to connect to) or one Task state's by the state's name; `tasks` lists the workflow's Task states with the handler each runs, for tests that
 * go over every one.
 */
export function workflowRunner(template: Template) {
  const functions = new Map<string, { handlerDir: string; env: Record<string, string> }>();
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    functions.set(plausibleArn(id, 'AWS::Lambda::Function'), {
      handlerDir: variables.POWERTOOLS_SERVICE_NAME as string,
      env: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolveJoin(value)])),
    });
  }
  const ids = stateMachineIds(template);
  const definitions = { database: aslOf(template, ids.database), cache: aslOf(template, ids.cache) };
  const baseline = { ...process.env };
  const functionOf = (resource: string | undefined) => {
    const fn = resource && functions.get(resource);
    if (!fn) throw new Error(`No function for ${resource}`);
    return fn;
  };

  const tasks = (kind: Kind) =>
    Object.entries(definitions[kind].States)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name, state]) => ({ name, state, handlerDir: functionOf(state.Resource).handlerDir }));

  const run = async (
    kind: Kind,
    options: { replace?: Record<string, Handler | TaskHandler>; name?: string } = {},
  ): Promise<LocalExecution & { calls: string[] }> => {
    const calls: string[] = [];
    const handlers = Object.fromEntries(
      tasks(kind).map(({ name, state, handlerDir }): [string, TaskHandler] => {
        const replaced = options.replace?.[name] ?? options.replace?.[handlerDir];
        const invoke: TaskHandler = async (input) => {
          const fn = functionOf(state.Resource);
          calls.push(handlerDir);
          // Each function sees its own environment only, as in Lambda: no variable of the step before.
          for (const key of Object.keys(process.env)) if (!(key in baseline)) delete process.env[key];
          Object.assign(process.env, baseline, QUIET, fn.env);
          const handler = (replaced ?? HANDLERS[handlerDir]) as Handler;
          // Lambda hands back JSON: dates become strings, undefined fields vanish.
          const event = JSON.parse(JSON.stringify(input)) as never;
          try {
            return JSON.parse(JSON.stringify((await handler(event)) ?? null));
          } catch (thrown) {
            // As Lambda reports a function error: the error's name, and its type and message as the cause.
            const e = thrown as Error;
            throw Object.assign(new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message })), { name: e.name });
          }
        };
        // A replacement that never answers: the runner lets the task's timeout fire.
        return [name, isHanging(replaced) ? markHanging(invoke) : invoke];
      }),
    );
    const result = await executeLocally(definitions[kind], {}, handlers, { Execution: { Name: options.name ?? 'weekly-run' } });
    return { ...result, calls };
  };
  return Object.assign(run, { tasks, definitions });
}

type Kind = 'database' | 'cache';
