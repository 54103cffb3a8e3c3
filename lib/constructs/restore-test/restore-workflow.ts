import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { RestoreSection } from '../../../lambda/shared/restore-report';
import { RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES } from '../../config/restore-test';
import { acknowledgeWildcards } from '../common/nag';
import { WILDCARDS } from './private/wildcards';
import { lambdaTaskTimeout } from '../common/lambda-task-timeout';

export interface RestoreWorkflowSteps {
  readonly start: lambda.IFunction;
  readonly status: lambda.IFunction;
  /** Runs once the copy is ready and is followed by a second wait (the database resets its password here). @default no such step */
  readonly prepare?: lambda.IFunction;
  readonly verify: lambda.IFunction;
  readonly cleanup: lambda.IFunction;
  readonly report: lambda.IFunction;
}

export interface RestoreWorkflowProps {
  readonly stage: string;
  readonly kind: RestoreSection;
  readonly steps: RestoreWorkflowSteps;
  /** The run's deadline, checked by the status step inside the wait loop. */
  readonly timeoutMinutes: number;
  readonly logRetention: logs.RetentionDays;
  /** Time between status checks. @default 1 minute */
  readonly pollInterval?: Duration;
  /** The state machine's comment. @default "<stage> <kind> restore test: …" */
  readonly description?: string;
  /** A fixed name for the execution log group, for a link from another region's alarms. @default generated */
  readonly logGroupName?: string;
}

/** Names of the states every path ends in, for tests and runbooks. */
export const WORKFLOW_STATES = {
  cleanup: 'CleanUp',
  report: 'Report',
  passed: 'RestoreTestPassed',
  failed: 'RestoreTestFailed',
  reportFailed: 'ReportFailed',
} as const;

/**
 * A restore test as a state machine: start the restore, wait for the copy (a bounded loop that also
 * checks the deadline), optionally prepare it and wait again, verify it, then always clean up and
 * report. Every step before cleanup has a Catch that leads to cleanup; the cleanup step retries, and
 * its own failure still reaches the report. The execution fails unless the report says the test passed.
 *
 * Each function receives the whole state and its result is stored under its own key:
 * run, restore, status, prepare, verify, cleanup, report; errors under error and cleanupError.
 */
export class RestoreWorkflow extends Construct {
  /** Status checks one run may make: enough for the whole deadline, and a bound if the deadline check ever failed. */
  static maxPolls(timeoutMinutes: number, pollInterval: Duration = Duration.minutes(1)): number {
    return Math.ceil((timeoutMinutes * 60) / pollInterval.toSeconds()) + 1;
  }

  readonly stateMachine: sfn.StateMachine;
  /** The execution history log (every state's input and output). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RestoreWorkflowProps) {
    super(scope, id);
    const { steps } = props;
    // A task state waits no longer than its function may run (plus the invoke's own overhead), so a
    // hung invoke fails into the Catch instead of holding the run until the execution timeout.
    const invoke = (stateId: string, fn: lambda.IFunction, resultPath: string) =>
      new tasks.LambdaInvoke(this, stateId, {
        lambdaFunction: fn,
        payloadResponseOnly: true,
        resultPath,
        taskTimeout: lambdaTaskTimeout(fn),
      });

    const passed = new sfn.Choice(this, 'Passed?')
      .when(sfn.Condition.booleanEquals('$.report.succeeded', true), new sfn.Succeed(this, WORKFLOW_STATES.passed))
      .otherwise(new sfn.Fail(this, WORKFLOW_STATES.failed, { error: 'RestoreTestFailed', causePath: '$.report.summary' }));
    const report = invoke(WORKFLOW_STATES.report, steps.report, '$.report')
      .addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(10), backoffRate: 2, maxAttempts: 3 })
      .addCatch(
        new sfn.Fail(this, WORKFLOW_STATES.reportFailed, {
          error: 'RestoreReportFailed',
          cause: 'The restore test ended but its report could not be written; see the execution history',
        }),
        { resultPath: '$.reportError' },
      );
    report.next(passed);
    // Deleting can meet a copy still being created or modified; retry for about a quarter of an hour before giving up to the sweeper.
    const cleanup = invoke(WORKFLOW_STATES.cleanup, steps.cleanup, '$.cleanup')
      .addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 5 })
      .addCatch(report, { resultPath: '$.cleanupError' });
    cleanup.next(report);

    const guarded = (task: tasks.LambdaInvoke) => task.addCatch(cleanup, { resultPath: '$.error' });
    const pollInterval = props.pollInterval ?? Duration.minutes(1);
    const waitUntilReady = (suffix: string, then: sfn.IChainable): sfn.Wait => {
      const wait = new sfn.Wait(this, `WaitForCopy${suffix}`, { time: sfn.WaitTime.duration(pollInterval) });
      wait
        .next(guarded(invoke(`CheckCopy${suffix}`, steps.status, '$.status')))
        .next(new sfn.Choice(this, `CopyReady${suffix}?`).when(sfn.Condition.booleanEquals('$.status.ready', true), then).otherwise(wait));
      return wait;
    };

    const verify = guarded(invoke('Verify', steps.verify, '$.verify'));
    verify.next(cleanup);
    const prepare = steps.prepare && guarded(invoke('PrepareCopy', steps.prepare, '$.prepare'));
    prepare?.next(waitUntilReady('AfterPrepare', verify));
    const begin = new sfn.Pass(this, 'Begin', {
      parameters: { kind: props.kind, 'executionName.$': '$$.Execution.Name', 'executionStartTime.$': '$$.Execution.StartTime' },
      resultPath: '$.run',
    });
    begin.next(guarded(invoke('StartRestore', steps.start, '$.restore'))).next(waitUntilReady('', prepare ?? verify));

    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup = logGroup;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment:
        props.description ??
        `${props.stage} ${props.kind} restore test: restore the newest backup into a temporary copy, verify it, delete it, report`,
      definitionBody: sfn.DefinitionBody.fromChainable(begin),
      // A last resort only: a timed-out execution runs no Catch, so the deadline inside the loop does the real work and the sweeper removes what this leaves.
      timeout: Duration.minutes(props.timeoutMinutes + RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeWildcards(this.stateMachine, [WILDCARDS.functionVersions, WILDCARDS.tracingAndLogs]);
  }
}
