import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DrillKind } from '../../../lambda/drill/measure/contract';
import { FailoverDrillConfig } from '../../config/drills';
import { acknowledgeWildcards } from '../common/nag';
import { alarmIsOk, DrillProbeTargets, probeAll, readStageAlarm } from './private/drill-probes';
import { BLANK_DRILL, DRILL_STATE } from './private/drill-state';
import { FaultExperiments } from './fault-experiments';
import { failOverCache, readExperiment, startExperiment, stopExperiment } from './private/fault-steps';
import { lambdaTaskTimeout } from '../common/lambda-task-timeout';

export interface DrillWorkflowProps {
  readonly stage: string;
  readonly config: FailoverDrillConfig;
  /** FIS templates of the database and tasks drills; required when those kinds are configured. */
  readonly experiments?: FaultExperiments;
  readonly probes: DrillProbeTargets;
  /** Checked before each drill: a drill starts only when it is OK. */
  readonly compositeAlarm: cloudwatch.IAlarm;
  /** The drill-measure function. */
  readonly measure: lambda.IFunction;
  /** The drill-report function. */
  readonly report: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  /** Time between polls; the measured recovery time is this precise. @default 10 seconds */
  readonly pollInterval?: Duration;
  /** With nothing unhealthy seen, how long to watch before calling the stage unaffected. @default 60 seconds */
  readonly observeTime?: Duration;
  /** All-healthy polls in a row that count as recovered. @default 2 */
  readonly confirmSamples?: number;
}

/** States whose Catch leads here stop the fault (if one started) and report the drill as failed. */
const CLEANUP = 'CleanUp';
const { stringAt, objectAt } = sfn.JsonPath;
/** The fault is an FIS experiment, which must be checked and stopped; the cache drill's is an API call. */
const FAULT_IS_EXPERIMENT = sfn.Condition.not(sfn.Condition.stringEquals(DRILL_STATE.experimentId, ''));

/**
 * The recovery-drill workflow: for each requested kind in turn (`{"kinds": [...]}`, default all
 * configured), check the stage is healthy, inject the fault, poll the probes until all are healthy
 * or the timeout, and report. Any failing step stops the experiment and reports the drill as failed;
 * the execution fails if any drill did not recover. Each drill ends in `{kind, outcome, recovered,
 * report}` (the report's key, or its error; the report holds the drill's error), listed under `drills`
 * in the execution's output or, on failure, its cause.
 */
export class DrillWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** The execution history log (every state's input and output). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DrillWorkflowProps) {
    super(scope, id);
    const config = props.config;
    const pollInterval = props.pollInterval ?? Duration.seconds(10);
    const perDrill = Duration.minutes(config.timeoutMinutes + 10);

    const runDrills = new sfn.Map(this, 'RunDrills', {
      comment: 'One drill at a time, so one fault never blurs the measurement of another',
      itemsPath: '$.kinds',
      itemSelector: { kind: stringAt('$$.Map.Item.Value') },
      maxConcurrency: 1,
      resultPath: '$.drills',
    });
    runDrills.itemProcessor(this.drill(props, pollInterval));
    runDrills.addCatch(
      new sfn.Fail(this, 'DrillsAborted', {
        error: 'DrillsAborted',
        cause: 'The drill run stopped on an error it could not handle; see the execution history',
      }),
    );

    // Choice rules cannot look into arrays: one flag per drill, then ArrayContains.
    const tally = new sfn.Map(this, 'Tally', {
      comment: 'Whether any drill did not recover',
      itemsPath: '$.drills',
      // CDK's arrayContains takes no boolean, so the intrinsic is written out.
      resultSelector: { 'anyNotRecovered.$': 'States.ArrayContains($, false)' },
      resultPath: '$.tally',
    });
    tally.itemProcessor(new sfn.Pass(this, 'RecoveredFlag', { inputPath: '$.recovered' }));
    const allRecovered = new sfn.Choice(this, 'AllRecovered?')
      .when(sfn.Condition.booleanEquals('$.tally.anyNotRecovered', false), new sfn.Succeed(this, 'Done'))
      .otherwise(
        new sfn.Pass(this, 'DescribeFailure', {
          parameters: { cause: sfn.JsonPath.format('Not every drill recovered: {}', sfn.JsonPath.jsonToString(objectAt('$.drills'))) },
        }).next(new sfn.Fail(this, 'DrillFailed', { error: 'DrillFailed', causePath: '$.cause' })),
      );

    runDrills.next(tally).next(allRecovered);
    const kinds = new sfn.Choice(this, 'KindsGiven?')
      .when(sfn.Condition.isPresent('$.kinds'), runDrills)
      .otherwise(
        new sfn.Pass(this, 'AllConfiguredKinds', { result: sfn.Result.fromArray([...config.kinds]), resultPath: '$.kinds' }).next(
          runDrills,
        ),
      );

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.logGroup = logGroup;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `${props.stage} recovery drills: inject a fault, measure the time until every probe is healthy again`,
      definitionBody: sfn.DefinitionBody.fromChainable(kinds),
      timeout: Duration.minutes(perDrill.toMinutes() * config.kinds.length),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeWildcards(this.stateMachine, [
      {
        finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/,
        reason: "Versions and aliases of the drill's own functions, as the Lambda task grants them",
      },
      {
        finding: /^Resource::arn:.*:fis:.*:experiment\/\*$/,
        reason:
          'Experiment ids exist only once StartExperiment creates them; stop and get are limited to experiments tagged with this stage',
      },
      { finding: /^Resource::\*$/, reason: 'X-Ray tracing and CloudWatch Logs delivery have no resource-level permissions' },
    ]);
  }

  private drill(props: DrillWorkflowProps, pollInterval: Duration): sfn.IChainable {
    const config = props.config;
    const cleanUp = this.cleanUp(props);
    const catchAll = <T extends sfn.TaskStateBase | sfn.Parallel>(state: T): T =>
      state.addCatch(cleanUp, { resultPath: DRILL_STATE.error }) as T;
    const failWith = (id: string, outcome: 'failed' | 'timed-out', error: string, cause: string) =>
      new sfn.Pass(this, id, {
        result: sfn.Result.fromObject({ outcome, error: { Error: error, Cause: cause } }),
        resultPath: DRILL_STATE.failure,
      }).next(cleanUp);

    const begin = new sfn.Pass(this, 'Begin', {
      comment: 'Every field the report reads, blank until a step fills it',
      result: BLANK_DRILL,
      resultPath: '$.drill',
    });
    const probe = catchAll(probeAll(this, props.probes));
    const measure = catchAll(
      new tasks.LambdaInvoke(this, 'Measure', {
        lambdaFunction: props.measure,
        taskTimeout: lambdaTaskTimeout(props.measure),
        payload: sfn.TaskInput.fromObject({
          faultStartedAt: stringAt(DRILL_STATE.faultStartedAt),
          timeoutSeconds: config.timeoutMinutes * 60,
          observeSeconds: (props.observeTime ?? Duration.seconds(60)).toSeconds(),
          confirmSamples: props.confirmSamples ?? 2,
          sampledAt: stringAt(`${DRILL_STATE.sample}.sampledAt`),
          probes: objectAt(`${DRILL_STATE.sample}.probes`),
          progress: objectAt(DRILL_STATE.progress),
        }),
        payloadResponseOnly: true,
        resultSelector: { decision: objectAt('$.decision'), progress: objectAt('$.progress') },
        resultPath: DRILL_STATE.measured,
      }),
    );
    const recovered = new sfn.Pass(this, 'DrillRecovered', {
      parameters: { kind: stringAt('$.kind'), outcome: 'recovered', recovered: true, report: objectAt(DRILL_STATE.report) },
    });
    const report = catchAll(
      new tasks.LambdaInvoke(this, 'ReportRecovery', {
        lambdaFunction: props.report,
        taskTimeout: lambdaTaskTimeout(props.report),
        payload: this.reportPayload(config, 'recovered'),
        payloadResponseOnly: true,
        resultPath: DRILL_STATE.report,
      }),
    ).next(recovered);
    const experimentFailed = (status: string) => sfn.Condition.stringEquals(DRILL_STATE.experimentStatus, status);
    const checkExperiment = catchAll(readExperiment(this, props.stage)).next(
      new sfn.Choice(this, 'ExperimentRan?')
        .when(
          sfn.Condition.or(experimentFailed('failed'), experimentFailed('stopped'), experimentFailed('cancelled')),
          failWith('ExperimentDidNotRun', 'failed', 'ExperimentDidNotRun', 'FIS did not complete the fault; the probes measured nothing'),
        )
        .otherwise(report),
    );

    const decided = (status: string) => sfn.Condition.stringEquals(DRILL_STATE.decisionStatus, status);
    const wait = new sfn.Wait(this, 'WaitBeforeNextProbe', { time: sfn.WaitTime.duration(pollInterval) });
    const decide = new sfn.Choice(this, 'Recovered?')
      .when(sfn.Condition.and(decided('recovered'), FAULT_IS_EXPERIMENT), checkExperiment)
      .when(decided('recovered'), report)
      .when(
        decided('timed-out'),
        failWith('TimedOut', 'timed-out', 'DrillTimedOut', `Not every probe was healthy within ${config.timeoutMinutes} minutes`),
      )
      .otherwise(wait);
    const poll = probe.next(measure).next(decide);
    wait.next(probe);

    const inject = new sfn.Choice(this, 'InjectFault');
    for (const kind of config.kinds) {
      inject.when(sfn.Condition.stringEquals('$.kind', kind), catchAll(this.startFault(props, kind)).next(poll));
    }
    inject.otherwise(failWith('UnknownDrill', 'failed', 'UnknownDrill', `This stage runs only these drills: ${config.kinds.join(', ')}`));

    const ready = new sfn.Choice(this, 'StageHealthy?')
      .when(alarmIsOk(), inject)
      .otherwise(failWith('StageNotReady', 'failed', 'StageNotReady', 'The stage alarm is not OK; no fault was injected'));
    return begin.next(catchAll(readStageAlarm(this, props.compositeAlarm))).next(ready);
  }

  private startFault(props: DrillWorkflowProps, kind: DrillKind): tasks.CallAwsService {
    if (kind === 'cache') return failOverCache(this, props.probes.replicationGroupId, props.probes.replicationGroupArn);
    if (!props.experiments) throw new Error(`The ${kind} drill needs its FIS experiment template (experiments prop)`);
    return startExperiment(this, props.stage, props.experiments, kind);
  }

  /** Stop the experiment if one started, then report; never fails, so the next drill still runs. */
  private cleanUp(props: DrillWorkflowProps): sfn.Choice {
    const failed = new sfn.Pass(this, 'DrillNotRecovered', {
      parameters: {
        kind: stringAt('$.kind'),
        outcome: stringAt(DRILL_STATE.outcome),
        recovered: false,
        report: objectAt(DRILL_STATE.report),
      },
    });
    const reportFailure = new tasks.LambdaInvoke(this, 'ReportFailure', {
      lambdaFunction: props.report,
      taskTimeout: lambdaTaskTimeout(props.report),
      payload: this.reportPayload(props.config, stringAt(DRILL_STATE.outcome)),
      payloadResponseOnly: true,
      resultPath: DRILL_STATE.report,
    });
    reportFailure.addCatch(failed, { resultPath: DRILL_STATE.report }).next(failed);
    const stop = stopExperiment(this, props.stage);
    stop.addCatch(reportFailure, { resultPath: DRILL_STATE.stopError }).next(reportFailure);
    return new sfn.Choice(this, CLEANUP).when(FAULT_IS_EXPERIMENT, stop).otherwise(reportFailure);
  }

  private reportPayload(config: FailoverDrillConfig, outcome: string): sfn.TaskInput {
    return sfn.TaskInput.fromObject({
      kind: stringAt('$.kind'),
      outcome,
      targetRecoverySeconds: config.targetRecoverySeconds,
      executionArn: stringAt('$$.Execution.Id'),
      faultStartedAt: stringAt(DRILL_STATE.faultStartedAt),
      experimentId: stringAt(DRILL_STATE.experimentId),
      experimentStatus: stringAt(DRILL_STATE.experimentStatus),
      decision: objectAt(DRILL_STATE.decision),
      progress: objectAt(DRILL_STATE.progress),
      error: objectAt(DRILL_STATE.error),
      stopError: objectAt(DRILL_STATE.stopError),
    });
  }
}
