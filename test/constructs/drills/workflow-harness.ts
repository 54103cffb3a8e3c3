import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { Template } from 'aws-cdk-lib/assertions';
import type { DbProbeResult } from '../../../lambda/drill/db-probe/contract';
import type { MeasureEvent } from '../../../lambda/drill/measure/contract';
import { createHandler as createMeasure } from '../../../lambda/drill/measure/index';
import type { DrillReport, DrillReportEvent } from '../../../lambda/drill/report/contract';
import { createHandler as createReport } from '../../../lambda/drill/report/index';
import type { HealthProbeResult } from '../../../lambda/health-probe/contract';
import { type AslDefinition, stateMachinesOf } from '../../support/asl-definition';
import { executeLocally, isHanging, type LocalExecution, markHanging, type TaskHandler } from '../../support/local-execution';

/** How the stage behaves once a fault is injected: unhealthy for this long, then healthy again. */
export interface StageBehaviour {
  /** Seconds after the fault until every probe is healthy; never when undefined. */
  readonly recoversAfterSeconds?: number;
  /** The stop-condition alarm as DescribeAlarms reports it; MISSING answers with no alarm at all. */
  readonly alarmState?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING';
  /** FIS's final status of the experiment. */
  readonly experimentStatus?: string;
}

export interface DrillRun extends LocalExecution {
  /** Task states in the order they were called, with their input. */
  readonly calls: { readonly state: string; readonly input: Record<string, unknown> }[];
  /** The drill reports written to the bucket, in order. */
  readonly reports: DrillReport[];
  /** The drill-report function's inputs, in order. */
  readonly reportEvents: DrillReportEvent[];
}

/** The stack's one state machine, the drill workflow, as ASL with plausible ARNs. */
export function drillDefinition(template: Template): AslDefinition {
  const [definition] = Object.values(stateMachinesOf(template));
  return definition;
}

/** A Task state's replacement; it may hand the call on to the usual stand-in. */
export type ReplacedTask = (input: Record<string, unknown>, standIn: TaskHandler) => Promise<unknown>;

export const EXPERIMENT_ID = 'EXP1a2b3c4d5e6f7g8';

/**
 * Runs the synthesized drill workflow through aws-local-stepfunctions: the real drill-measure and
 * drill-report functions (the report's S3 mocked at the SDK boundary), stand-ins for the probes and
 * the AWS API calls that answer as AWS does for a stage that behaves as `behaviour` says.
 * `replace` swaps a Task state's stand-in by name (to fail it, or make it hang); it is given the
 * stand-in, to answer as usual on later calls.
 */
export function drillRunner(template: Template) {
  const s3 = mockClient(S3Client);
  const definition = drillDefinition(template);
  const measure = createMeasure(() => Date.now());
  const report = createReport({
    env: { STAGE: 'staging', REPORTS_BUCKET: 'staging-backups' },
    s3: () => new S3Client({ region: 'eu-west-1' }),
    clock: () => Date.now(),
  });

  return async (
    input: Record<string, unknown>,
    behaviour: StageBehaviour = {},
    replace: Record<string, ReplacedTask> = {},
  ): Promise<DrillRun> => {
    const calls: DrillRun['calls'] = [];
    const reports: DrillReport[] = [];
    const reportEvents: DrillReportEvent[] = [];
    s3.reset();
    s3.on(PutObjectCommand).callsFake((command: { Body: string }) => {
      reports.push(JSON.parse(command.Body));
      return {};
    });
    let faultAt: number | undefined;
    const healthy = () =>
      faultAt === undefined ||
      (behaviour.recoversAfterSeconds !== undefined && Date.now() - faultAt >= behaviour.recoversAfterSeconds * 1000);
    const startFault = (answer: unknown) => async () => {
      faultAt = Date.now();
      return answer;
    };
    const alarm = { StateValue: behaviour.alarmState ?? 'OK', AlarmName: 'staging-unhealthy' };

    const standIns: Record<string, TaskHandler> = {
      CheckStageHealthy: async () => ({ CompositeAlarms: behaviour.alarmState === 'MISSING' ? [] : [alarm], MetricAlarms: [] }),
      StartDatabaseFailover: startFault({ Experiment: { Id: EXPERIMENT_ID, State: { Status: 'initiating' } } }),
      StartStopApiTasks: startFault({ Experiment: { Id: EXPERIMENT_ID, State: { Status: 'initiating' } } }),
      StartCacheFailover: startFault({ ReplicationGroup: { ReplicationGroupId: 'staging-cache', Status: 'modifying' } }),
      ProbeSite: async (): Promise<HealthProbeResult> => ({ healthy: healthy() }) as HealthProbeResult,
      ProbeDatabase: async (): Promise<DbProbeResult> => ({ healthy: healthy(), latencyMs: 12 }),
      ProbeService: async () => ({ Services: [{ RunningCount: healthy() ? 2 : 1, DesiredCount: 2 }], Failures: [] }),
      ProbeCache: async () => ({
        ReplicationGroups: [{ ReplicationGroupId: 'staging-cache', Status: healthy() ? 'available' : 'modifying' }],
      }),
      Measure: async (event) => measure(event as unknown as MeasureEvent),
      CheckExperiment: async () => ({ Experiment: { Id: EXPERIMENT_ID, State: { Status: behaviour.experimentStatus ?? 'completed' } } }),
      StopExperiment: async () => ({ Experiment: { Id: EXPERIMENT_ID, State: { Status: 'stopping' } } }),
      ReportRecovery: async (event) => {
        reportEvents.push(event as unknown as DrillReportEvent);
        return report(event as unknown as DrillReportEvent);
      },
    };
    standIns.ReportFailure = standIns.ReportRecovery;

    const recorded = Object.fromEntries(
      Object.entries(standIns).map(([state, standIn]): [string, TaskHandler] => {
        const replaced = replace[state];
        const handler: TaskHandler = replaced ? (taskInput) => replaced(taskInput, standIn) : standIn;
        // Lambda and the SDK hand back JSON: undefined fields vanish.
        return [
          state,
          wrapLike(replaced ?? standIn, async (taskInput) => {
            calls.push({ state, input: taskInput });
            return JSON.parse(JSON.stringify((await handler(taskInput)) ?? null));
          }),
        ];
      }),
    );
    const execution = await executeLocally(definition, input, recorded, {
      Execution: { Id: 'arn:aws:states:eu-west-1:111111111111:execution:drills:run-1' },
    });
    return { ...execution, calls, reports, reportEvents };
  };
}

/** Keeps a hanging stand-in hanging for the clock (local-execution marks handlers, not their wrappers). */
function wrapLike(original: TaskHandler | ReplacedTask, wrapper: TaskHandler): TaskHandler {
  return isHanging(original as TaskHandler) ? markHanging(wrapper) : wrapper;
}
