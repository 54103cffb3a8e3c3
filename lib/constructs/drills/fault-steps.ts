import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FaultExperiments, FisDrillKind } from './fault-experiments';

/** When the fault starts: the moment the step that injects it was entered. */
const FAULT_STARTED_AT = '{% $states.context.State.EnteredTime %}';

/** Experiments are created by StartExperiment, so their ARNs are only known as a pattern. */
function experimentArns(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' });
}

export function startExperiment(scope: Construct, stage: string, experiments: FaultExperiments, kind: FisDrillKind): tasks.CallAwsService {
  const name = kind === 'database' ? 'StartDatabaseFailover' : 'StartStopApiTasks';
  return tasks.CallAwsService.jsonata(scope, name, {
    comment: `Starts the ${kind} FIS experiment; FIS stops it if the stage alarm fires`,
    service: 'fis',
    action: 'startExperiment',
    iamAction: 'fis:StartExperiment',
    parameters: {
      ExperimentTemplateId: experiments.templates[kind]!.attrId,
      ClientToken: '{% $uuid() %}',
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
    assign: { experimentId: '{% $states.result.Experiment.Id %}', faultStartedAt: FAULT_STARTED_AT },
  });
}

/**
 * The cache drill is ElastiCache's TestFailover rather than FIS's AZ power interruption: that
 * action hits the primary only when it sits in the AZ the template names, and the primary moves
 * with every failover, so half the runs would test losing a replica.
 */
export function failOverCache(scope: Construct, replicationGroupId: string, replicationGroupArn: string): tasks.CallAwsService {
  return tasks.CallAwsService.jsonata(scope, 'StartCacheFailover', {
    comment: 'Promotes a replica of the cache replication group (TestFailover)',
    service: 'elasticache',
    action: 'testFailover',
    iamAction: 'elasticache:TestFailover',
    parameters: { ReplicationGroupId: replicationGroupId, NodeGroupId: '0001' },
    iamResources: [replicationGroupArn],
    assign: { faultStartedAt: FAULT_STARTED_AT },
  });
}

/** An FIS call on the running experiment; its permission reaches only experiments tagged with this stage. */
class StageExperimentCall extends tasks.CallAwsService {
  constructor(scope: Construct, id: string, stage: string, action: 'stopExperiment' | 'getExperiment', comment: string, assign?: Record<string, string>) {
    super(scope, id, {
      comment,
      service: 'fis',
      action,
      iamAction: `fis:${action[0].toUpperCase()}${action.slice(1)}`,
      parameters: { Id: '{% $experimentId %}' },
      iamResources: [experimentArns(scope)],
      assign,
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });
    this.taskPolicies![0].addCondition('StringEquals', { 'aws:ResourceTag/Stage': stage });
  }
}

export function stopExperiment(scope: Construct, stage: string): tasks.CallAwsService {
  return new StageExperimentCall(scope, 'StopExperiment', stage, 'stopExperiment', 'Stops the fault; an experiment that already finished rejects this, which is fine');
}

export function readExperiment(scope: Construct, stage: string): tasks.CallAwsService {
  return new StageExperimentCall(scope, 'CheckExperiment', stage, 'getExperiment', 'A fault FIS could not inject must not count as survived', {
    experimentStatus: '{% $states.result.Experiment.State.Status %}',
  });
}
