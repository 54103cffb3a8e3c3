import type { Template } from 'aws-cdk-lib/assertions';
import { handler as cacheCleanup } from '../../../lambda/restore-test-cache-cleanup';
import { handler as cacheStart } from '../../../lambda/restore-test-cache-start';
import { handler as cacheStatus } from '../../../lambda/restore-test-cache-status';
import { handler as cacheVerify } from '../../../lambda/restore-test-cache-verify';
import { handler as dbCleanup } from '../../../lambda/restore-test-db-cleanup';
import { handler as dbCredentials } from '../../../lambda/restore-test-db-credentials';
import { handler as dbStart } from '../../../lambda/restore-test-db-start';
import { handler as dbStatus } from '../../../lambda/restore-test-db-status';
import { handler as dbVerify } from '../../../lambda/restore-test-db-verify';
import { handler as report } from '../../../lambda/restore-test-report';
import { runExecution, type ExecutionResult } from './asl-runner';
import { definitionOf, resolveJoin, stateMachineIds } from './stack';

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

const QUIET = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };

/**
 * Runs a synthesized restore-test workflow with the real handlers, each given the environment the
 * construct gives its function (references become their logical ids), on a clock the test controls.
 * `replace` swaps a handler, e.g. verify, which needs a real copy to connect to.
 */
export function workflowRunner(template: Template) {
  const functions = new Map<string, { handlerDir: string; env: Record<string, string> }>();
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
    functions.set(`<${id}.Arn>`, {
      handlerDir: variables.POWERTOOLS_SERVICE_NAME as string,
      env: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolveJoin(value)])),
    });
  }
  const ids = stateMachineIds(template);
  const baseline = { ...process.env };

  return async (kind: 'database' | 'cache', options: { replace?: Record<string, Handler>; name?: string } = {}): Promise<ExecutionResult & { calls: string[] }> => {
    const calls: string[] = [];
    const result = await runExecution(definitionOf(template, ids[kind]), {}, {
      name: options.name ?? 'weekly-run',
      now: () => new Date(),
      advance: (seconds) => jest.setSystemTime(Date.now() + seconds * 1000),
      invoke: async (resource, input) => {
        const fn = functions.get(resource);
        if (!fn) throw new Error(`No function for ${resource}`);
        calls.push(fn.handlerDir);
        // Each function sees its own environment only, as in Lambda: no variable of the step before.
        for (const name of Object.keys(process.env)) if (!(name in baseline)) delete process.env[name];
        Object.assign(process.env, baseline, QUIET, fn.env);
        const handler = options.replace?.[fn.handlerDir] ?? HANDLERS[fn.handlerDir];
        // Lambda hands back JSON: dates become strings, undefined fields vanish.
        const event = JSON.parse(JSON.stringify(input)) as never;
        return JSON.parse(JSON.stringify(await handler(event)));
      },
    });
    return { ...result, calls };
  };
}
