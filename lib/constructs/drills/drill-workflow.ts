import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DrillKind } from '../../../lambda/drill-measure/contract';
import { FailoverDrillConfig } from '../../config/drills';
import { acknowledgeWildcards } from '../nag';
import { DrillProbeTargets, probeAll, readStageAlarm } from './drill-probes';
import { FaultExperiments } from './fault-experiments';
import { failOverCache, readExperiment, startExperiment, stopExperiment } from './fault-steps';
import { lambdaTaskTimeout } from '../lambda-task-timeout';

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

/**
 * The recovery-drill workflow: for each requested kind in turn (`{"kinds": [...]}`, default all
 * configured), check the stage is healthy, inject the fault, poll the probes until all are healthy
 * or the timeout, and report. Any failing step stops the experiment and reports the drill as failed;
 * the execution fails if any drill did not recover.
 */
export class DrillWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: DrillWorkflowProps) {
    super(scope, id);
    const config = props.config;
    const pollInterval = props.pollInterval ?? Duration.seconds(10);
    const perDrill = Duration.minutes(config.timeoutMinutes + 10);

    const runDrills = sfn.Map.jsonata(this, 'RunDrills', {
      comment: 'One drill at a time, so one fault never blurs the measurement of another',
      items: sfn.ProvideItems.jsonata(`{% $exists($states.input.kinds) ? $states.input.kinds : ${JSON.stringify(config.kinds)} %}`),
      itemSelector: { kind: '{% $states.context.Map.Item.Value %}' },
      maxConcurrency: 1,
    });
    runDrills.itemProcessor(this.drill(props, pollInterval));
    runDrills.addCatch(new sfn.Fail(this, 'DrillsAborted', { error: 'DrillsAborted', cause: 'The drill run stopped on an error it could not handle; see the execution history' }));

    const allRecovered = sfn.Choice.jsonata(this, 'AllRecovered?')
      .when(sfn.Condition.jsonata(`{% $count($states.input[outcome != 'recovered']) = 0 %}`), new sfn.Succeed(this, 'Done'))
      .otherwise(
        sfn.Fail.jsonata(this, 'DrillFailed', {
          error: 'DrillFailed',
          cause: `{% 'Not recovered: ' & $join($states.input[outcome != 'recovered'].(kind & ' (' & outcome & ')'), ', ') %}`,
        }),
      );

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `${props.stage} recovery drills: inject a fault, measure the time until every probe is healthy again`,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(runDrills.next(allRecovered)),
      timeout: Duration.minutes(perDrill.toMinutes() * config.kinds.length),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeWildcards(this.stateMachine, [
      { finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/, reason: 'Versions and aliases of the drill\'s own functions, as the Lambda task grants them' },
      { finding: /^Resource::arn:.*:fis:.*:experiment\/\*$/, reason: 'Experiment ids exist only once StartExperiment creates them; stop and get are limited to experiments tagged with this stage' },
      { finding: /^Resource::\*$/, reason: 'X-Ray tracing and CloudWatch Logs delivery have no resource-level permissions' },
    ]);
  }

  private drill(props: DrillWorkflowProps, pollInterval: Duration): sfn.IChainable {
    const config = props.config;
    const cleanUp = this.cleanUp(props);
    const catchAll = <T extends sfn.TaskStateBase | sfn.Parallel>(state: T): T =>
      state.addCatch(cleanUp, { assign: { error: '{% $states.errorOutput %}' } }) as T;

    const begin = sfn.Pass.jsonata(this, 'Begin', {
      assign: { kind: '{% $states.input.kind %}', experimentId: '', experimentStatus: '', faultStartedAt: '', progress: null, decision: null, error: null, stopError: null },
    });
    const failBefore = (id: string, error: string, cause: string) => sfn.Pass.jsonata(this, id, { assign: { error: { Error: error, Cause: cause } } }).next(cleanUp);

    const probe = catchAll(probeAll(this, props.probes));
    const measure = catchAll(
      tasks.LambdaInvoke.jsonata(this, 'Measure', {
        lambdaFunction: props.measure,
        taskTimeout: lambdaTaskTimeout(props.measure),
        payload: sfn.TaskInput.fromObject({
          faultStartedAt: '{% $faultStartedAt %}',
          timeoutSeconds: config.timeoutMinutes * 60,
          observeSeconds: (props.observeTime ?? Duration.seconds(60)).toSeconds(),
          confirmSamples: props.confirmSamples ?? 2,
          sampledAt: '{% $states.input.sampledAt %}',
          probes: '{% $states.input.probes %}',
          progress: '{% $progress %}',
        }),
        assign: { progress: '{% $states.result.Payload.progress %}', decision: '{% $states.result.Payload.decision %}' },
      }),
    );
    const report = catchAll(
      tasks.LambdaInvoke.jsonata(this, 'ReportRecovery', {
        lambdaFunction: props.report,
        taskTimeout: lambdaTaskTimeout(props.report),
        payload: this.reportPayload(config, "'recovered'"),
        outputs: { kind: '{% $kind %}', outcome: 'recovered', recoverySeconds: '{% $states.result.Payload.recoverySeconds %}', report: '{% $states.result.Payload.key %}' },
      }),
    );
    const checkExperiment = catchAll(readExperiment(this, props.stage)).next(
      sfn.Choice.jsonata(this, 'ExperimentRan?')
        .when(
          sfn.Condition.jsonata(`{% $experimentStatus in ['failed', 'stopped', 'cancelled'] %}`),
          failBefore('ExperimentDidNotRun', 'ExperimentDidNotRun', 'FIS did not complete the fault; the probes measured nothing'),
        )
        .otherwise(report),
    );

    const wait = sfn.Wait.jsonata(this, 'WaitBeforeNextProbe', { time: sfn.WaitTime.duration(pollInterval) });
    const decide = sfn.Choice.jsonata(this, 'Recovered?')
      .when(sfn.Condition.jsonata(`{% $decision.status = 'recovered' and $experimentId != '' %}`), checkExperiment)
      .when(sfn.Condition.jsonata(`{% $decision.status = 'recovered' %}`), report)
      .when(
        sfn.Condition.jsonata(`{% $decision.status = 'timed-out' %}`),
        failBefore('TimedOut', 'DrillTimedOut', `Not every probe was healthy within ${config.timeoutMinutes} minutes`),
      )
      .otherwise(wait);
    const poll = probe.next(measure).next(decide);
    wait.next(probe);

    const inject = sfn.Choice.jsonata(this, 'InjectFault');
    for (const kind of config.kinds) {
      inject.when(sfn.Condition.jsonata(`{% $kind = '${kind}' %}`), catchAll(this.startFault(props, kind)).next(poll));
    }
    inject.otherwise(failBefore('UnknownDrill', 'UnknownDrill', `This stage runs only these drills: ${config.kinds.join(', ')}`));

    const ready = sfn.Choice.jsonata(this, 'StageHealthy?')
      .when(sfn.Condition.jsonata(`{% $alarmState = 'OK' %}`), inject)
      .otherwise(failBefore('StageNotReady', 'StageNotReady', 'The stage alarm is not OK; no fault was injected'));
    return begin.next(catchAll(readStageAlarm(this, props.compositeAlarm))).next(ready);
  }

  private startFault(props: DrillWorkflowProps, kind: DrillKind): tasks.CallAwsService {
    if (kind === 'cache') return failOverCache(this, props.probes.replicationGroupId, props.probes.replicationGroupArn);
    if (!props.experiments) throw new Error(`The ${kind} drill needs its FIS experiment template (experiments prop)`);
    return startExperiment(this, props.stage, props.experiments, kind);
  }

  /** Stop the experiment if one started, then report; never fails, so the next drill still runs. */
  private cleanUp(props: DrillWorkflowProps): sfn.Choice {
    const failed = sfn.Pass.jsonata(this, 'DrillNotRecovered', {
      outputs: { kind: '{% $kind %}', outcome: `{% $decision.status = 'timed-out' ? 'timed-out' : 'failed' %}`, error: '{% $error %}' },
    });
    const reportFailure = tasks.LambdaInvoke.jsonata(this, 'ReportFailure', {
      lambdaFunction: props.report,
      taskTimeout: lambdaTaskTimeout(props.report),
      payload: this.reportPayload(props.config, `$decision.status = 'timed-out' ? 'timed-out' : 'failed'`),
    });
    reportFailure.addCatch(failed).next(failed);
    const stop = stopExperiment(this, props.stage);
    stop.addCatch(reportFailure, { assign: { stopError: '{% $states.errorOutput %}' } }).next(reportFailure);
    return sfn.Choice.jsonata(this, CLEANUP).when(sfn.Condition.jsonata(`{% $experimentId != '' %}`), stop).otherwise(reportFailure);
  }

  private reportPayload(config: FailoverDrillConfig, outcome: string): sfn.TaskInput {
    return sfn.TaskInput.fromObject({
      kind: '{% $kind %}',
      outcome: `{% ${outcome} %}`,
      targetRecoverySeconds: config.targetRecoverySeconds,
      executionArn: '{% $states.context.Execution.Id %}',
      faultStartedAt: '{% $faultStartedAt %}',
      experimentId: '{% $experimentId %}',
      experimentStatus: '{% $experimentStatus %}',
      decision: '{% $decision %}',
      progress: '{% $progress %}',
      error: '{% $error %}',
      stopError: '{% $stopError %}',
    });
  }
}
