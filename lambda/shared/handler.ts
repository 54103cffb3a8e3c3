import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createObservability } from './observability';

/** What a function's work gets besides its event: the container's logger and metrics, and the invocation's context. */
export interface HandlerTools {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Absent when a test or a script calls the handler directly. */
  readonly context?: Context;
}

export interface HandlerOptions<E = unknown> {
  /**
   * Whether the work adds metrics: then logMetrics publishes them at the end of every invocation,
   * a failed one too. Off for functions that add none, which logMetrics would warn about.
   * A function of the event when only some invocations publish (a drill's poll of the health probe
   * must not count as the schedule's probe); it is asked once per invocation, before the work runs.
   * @default false
   */
  readonly publishesMetrics?: boolean | ((event: E) => boolean);
  /** The invocation's stage, for the logs' `stage` key and the metrics' Stage dimension. @default process.env.STAGE */
  readonly stage?: () => string | undefined;
}

/** The decorated method: Powertools reads the context from the second argument; the third is the caller's own. */
type Invocation<E, R> = (event: E, context: Context, given?: Context) => Promise<R>;

/** The context a test or a script gets when it calls a handler without one. */
const LOCAL_CONTEXT = {
  functionName: 'local',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
  memoryLimitInMB: '0',
  awsRequestId: 'local',
} as Context;

/**
 * The one Lambda handler wrapper. Powertools' logger and metrics are built once per container, like
 * the clients a function's createHandler builds before calling this (module scope, replaceable in
 * tests). Every invocation then runs under Powertools' injectLambdaContext (request id, function name
 * and cold start on every log line) and, when the work adds metrics, logMetrics; both tagged with the
 * stage the invocation's environment names.
 *
 * Both are Powertools' class method decorators, applied here to the handler function itself. That
 * needs no handler class, no TypeScript decorator setting and no further dependency: Powertools'
 * middy middlewares would need @middy/core, one more runtime dependency for the same two calls.
 */
export function wrapHandler<E, R>(
  service: string,
  work: (event: E, tools: HandlerTools) => Promise<R>,
  options: HandlerOptions<E> = {},
): (event: E, context?: Context) => Promise<R> {
  const { logger, metrics } = createObservability(service);
  // createObservability tagged both with the stage the environment named at load. Setting the same
  // dimension again would make Powertools warn on every invocation, so only a different stage is set.
  let taggedStage = process.env.STAGE ?? 'unknown';
  const decorate = (withMetrics: boolean): Invocation<E, R> => {
    const descriptor: TypedPropertyDescriptor<Invocation<E, R>> = {
      value: async (event, _context, given) => {
        const stage = (options.stage ?? (() => process.env.STAGE))() ?? 'unknown';
        if (stage !== taggedStage) {
          logger.appendPersistentKeys({ stage });
          metrics.setDefaultDimensions({ Stage: stage });
          taggedStage = stage;
        }
        return work(event, { logger, metrics, context: given });
      },
    };
    // The decorators ignore their target: there is no class here.
    if (withMetrics) metrics.logMetrics()(undefined as never, 'handler', descriptor);
    logger.injectLambdaContext()(undefined as never, 'handler', descriptor);
    return descriptor.value as Invocation<E, R>;
  };
  const { publishesMetrics = false } = options;
  const publishing = publishesMetrics === false ? undefined : decorate(true);
  const silent = publishesMetrics === true ? undefined : decorate(false);
  const pick = (event: E) =>
    typeof publishesMetrics === 'function' ? (publishesMetrics(event) ? publishing : silent) : (publishing ?? silent);
  return (event, context) => (pick(event) as Invocation<E, R>)(event, context ?? LOCAL_CONTEXT, context);
}
