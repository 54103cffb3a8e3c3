import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { SDK_TASK_TIMEOUT } from '../../common/lambda-task-timeout';
import { DRILL_STATE, ENTERED_TIME } from './drill-state';
import { FaultExperiments, FisDrillKind } from '../fault-experiments';

/** Experiments are created by StartExperiment, so their ARNs are only known as a pattern. */
function experimentArns(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' });
}

export function startExperiment(scope: Construct, stage: string, experiments: FaultExperiments, kind: FisDrillKind): tasks.CallAwsService {
  const name = kind === 'database' ? 'StartDatabaseFailover' : 'StartStopApiTasks';
  return new tasks.CallAwsService(scope, name, {
    comment: `Starts the ${kind} FIS experiment; FIS stops it if the stage alarm fires`,
    service: 'fis',
    action: 'startExperiment',
    taskTimeout: SDK_TASK_TIMEOUT,
    iamAction: 'fis:StartExperiment',
    parameters: {
      ExperimentTemplateId: experiments.templates[kind]!.attrId,
      ClientToken: sfn.JsonPath.uuid(),
      Tags: { Stage: stage, DrillKind: kind },
    },
    iamResources: [experiments.templateArn(kind), experimentArns(scope)],
    additionalIamStatements: [
      new iam.PolicyStatement({
        actions: ['fis:TagResource'],
        resources: [experimentArns(scope)],
        conditions: { StringEquals: { 'aws:RequestTag/Stage': stage } },
      }),
    ],
    resultSelector: { experimentId: sfn.JsonPath.stringAt('$.Experiment.Id'), startedAt: ENTERED_TIME },
    resultPath: DRILL_STATE.fault,
  });
}

/**
 * The cache drill is ElastiCache's TestFailover rather than FIS's AZ power interruption: that
 * action hits the primary only when it sits in the AZ the template names, and the primary moves
 * with every failover, so half the runs would test losing a replica.
 */
export function failOverCache(scope: Construct, replicationGroupId: string, replicationGroupArn: string): tasks.CallAwsService {
  return new tasks.CallAwsService(scope, 'StartCacheFailover', {
    comment: 'Promotes a replica of the cache replication group (TestFailover)',
    service: 'elasticache',
    action: 'testFailover',
    taskTimeout: SDK_TASK_TIMEOUT,
    iamAction: 'elasticache:TestFailover',
    parameters: { ReplicationGroupId: replicationGroupId, NodeGroupId: '0001' },
    iamResources: [replicationGroupArn],
    resultSelector: { experimentId: '', startedAt: ENTERED_TIME },
    resultPath: DRILL_STATE.fault,
  });
}

/** An FIS call on the running experiment; its permission reaches only experiments tagged with this stage. */
class StageExperimentCall extends tasks.CallAwsService {
  constructor(
    scope: Construct,
    id: string,
    stage: string,
    action: 'stopExperiment' | 'getExperiment',
    props: { comment: string; resultSelector?: Record<string, unknown>; resultPath: string | null },
  ) {
    super(scope, id, {
      ...props,
      service: 'fis',
      action,
      taskTimeout: SDK_TASK_TIMEOUT,
      iamAction: `fis:${action[0].toUpperCase()}${action.slice(1)}`,
      parameters: { Id: sfn.JsonPath.stringAt(DRILL_STATE.experimentId) },
      iamResources: [experimentArns(scope)],
      resultPath: props.resultPath ?? sfn.JsonPath.DISCARD,
    });
    this.taskPolicies![0].addCondition('StringEquals', { 'aws:ResourceTag/Stage': stage });
  }
}

export function stopExperiment(scope: Construct, stage: string): tasks.CallAwsService {
  return new StageExperimentCall(scope, 'StopExperiment', stage, 'stopExperiment', {
    comment: 'Stops the fault; an experiment that already finished rejects this, which is fine',
    resultPath: null,
  });
}

export function readExperiment(scope: Construct, stage: string): tasks.CallAwsService {
  return new StageExperimentCall(scope, 'CheckExperiment', stage, 'getExperiment', {
    comment: 'A fault FIS could not inject must not count as survived',
    resultSelector: { status: sfn.JsonPath.stringAt('$.Experiment.State.Status') },
    resultPath: DRILL_STATE.experiment,
  });
}
