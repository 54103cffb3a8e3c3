import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** Beyond the function's own timeout: the invoke's queueing and cold start. */
export const TASK_TIMEOUT_MARGIN_SECONDS = 30;

/**
 * A Lambda task state's TimeoutSeconds: the function's own timeout and a margin (Lambda's 15-minute
 * maximum when it is not known). Step Functions sets no task timeout of its own, so without one a
 * hung invoke holds the run until the execution's timeout, where no Catch (no cleanup) runs.
 */
export function lambdaTaskTimeout(fn: lambda.IFunction): sfn.Timeout {
  const timeout = fn instanceof lambda.Function && fn.timeout ? fn.timeout : Duration.minutes(15);
  return sfn.Timeout.duration(Duration.seconds(timeout.toSeconds() + TASK_TIMEOUT_MARGIN_SECONDS));
}

/**
 * An AWS SDK task state's TimeoutSeconds: one API call answers in seconds, and for the same reason
 * as above a call that hangs must end in the state's Catch, not at the execution's timeout.
 */
export const SDK_TASK_TIMEOUT = sfn.Timeout.duration(Duration.minutes(1));
