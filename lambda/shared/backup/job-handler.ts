import type { Context } from 'aws-lambda';
import { type HandlerTools, wrapHandler } from '../handler';
import type { RemainingTime } from '../time-budget';
import { type MetricValue, reportRun } from './report-run';

export interface BackupJobOptions<R> {
  /** Metrics the run's result adds beside BackupSucceeded. @default none */
  readonly extraMetrics?: (result: R) => readonly MetricValue[];
  /** The invocation's stage. @default process.env.STAGE */
  readonly stage?: () => string | undefined;
}

/**
 * A backup job's Lambda handler: wrapHandler (injectLambdaContext, and logMetrics publishing at the
 * end of every invocation) around reportRun (BackupSucceeded whatever happens, and the extra metrics).
 * Callers pass the remaining time only: Lambda's full context, or a test's stand-in for it.
 */
export function backupJob<E, R extends { readonly succeeded: boolean }>(
  service: string,
  run: (event: E, tools: HandlerTools) => Promise<R>,
  options: BackupJobOptions<R> = {},
): (event: E, context?: RemainingTime) => Promise<R> {
  const handler = wrapHandler(service, (event: E, tools) => reportRun(tools, () => run(event, tools), options.extraMetrics), {
    publishesMetrics: true,
    stage: options.stage,
  });
  return (event, context) => handler(event, context as Context | undefined);
}
