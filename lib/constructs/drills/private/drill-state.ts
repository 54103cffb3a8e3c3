import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Where one drill keeps what it learns, in the state's JSON under `$.drill`. The workflow uses
 * JSONPath with ResultPath instead of JSONata variables so that aws-local-stepfunctions can run it
 * in tests; every field exists from the start (the report reads them all, and a JSONPath that finds
 * nothing fails the state), holding '' or null until a step fills it.
 */
export const DRILL_STATE = {
  /** The fault: FIS experiment id ('' for the cache drill, an ElastiCache call) and when it started. */
  fault: '$.drill.fault',
  experimentId: '$.drill.fault.experimentId',
  faultStartedAt: '$.drill.fault.startedAt',
  /** FIS's status of the experiment, read once the probes say recovered. */
  experiment: '$.drill.experiment',
  experimentStatus: '$.drill.experiment.status',
  /** The stop-condition alarm as DescribeAlarms returned it. */
  alarm: '$.drill.alarm',
  /** The latest poll of the probes. */
  sample: '$.drill.sample',
  /** drill-measure's latest decision and the progress it carries between polls. */
  measured: '$.drill.measured',
  decision: '$.drill.measured.decision',
  decisionStatus: '$.drill.measured.decision.status',
  progress: '$.drill.measured.progress',
  /** Why the drill failed: its outcome ('failed' or 'timed-out') and the error. */
  failure: '$.drill.failure',
  outcome: '$.drill.failure.outcome',
  error: '$.drill.failure.error',
  /** Why stopping the experiment failed, if it did: the fault may still be running. */
  stopError: '$.drill.stopError',
  /** drill-report's answer (its key), or its error. */
  report: '$.drill.report',
} as const;

/** The drill's fields before any step ran. */
export const BLANK_DRILL = sfn.Result.fromObject({
  fault: { experimentId: '', startedAt: '' },
  experiment: { status: '' },
  measured: { decision: null, progress: null },
  failure: { outcome: 'failed', error: null },
  stopError: null,
  report: null,
});

/** When the state was entered: for the step that injects the fault, when the fault started. */
export const ENTERED_TIME = sfn.JsonPath.stringAt('$$.State.EnteredTime');
