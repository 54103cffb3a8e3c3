import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { lambdaTaskTimeout, SDK_TASK_TIMEOUT } from '../../common/lambda-task-timeout';
import { DRILL_STATE, ENTERED_TIME } from './drill-state';

export interface DrillProbeTargets {
  readonly healthProbe: lambda.IFunction;
  readonly databaseProbe: lambda.IFunction;
  readonly cluster: ecs.ICluster;
  readonly apiService: ecs.IBaseService;
  readonly replicationGroupId: string;
  readonly replicationGroupArn: string;
}

/**
 * One poll of every probe at once, shaped as the drill-measure function's `RawProbes` plus the
 * time the poll started, at `$.drill.sample`. A probe that cannot run (a Lambda or API error, not an unhealthy answer)
 * fails the whole step, so the workflow stops the fault rather than measure with a broken probe.
 */
export function probeAll(scope: Construct, targets: DrillProbeTargets): sfn.Parallel {
  const site = new tasks.LambdaInvoke(scope, 'ProbeSite', {
    comment: 'The public health URL, as users reach it',
    lambdaFunction: targets.healthProbe,
    taskTimeout: lambdaTaskTimeout(targets.healthProbe),
    payload: sfn.TaskInput.fromObject({ publishMetrics: false }),
    payloadResponseOnly: true,
  });
  const database = new tasks.LambdaInvoke(scope, 'ProbeDatabase', {
    comment: 'A write and read on the database primary',
    lambdaFunction: targets.databaseProbe,
    taskTimeout: lambdaTaskTimeout(targets.databaseProbe),
    payload: sfn.TaskInput.fromObject({}),
    payloadResponseOnly: true,
  });
  const service = new tasks.CallAwsService(scope, 'ProbeService', {
    comment: 'Running against desired tasks of the API service',
    service: 'ecs',
    action: 'describeServices',
    taskTimeout: SDK_TASK_TIMEOUT,
    iamAction: 'ecs:DescribeServices',
    parameters: { Cluster: targets.cluster.clusterArn, Services: [targets.apiService.serviceArn] },
    iamResources: [targets.apiService.serviceArn],
    resultSelector: {
      running: sfn.JsonPath.numberAt('$.Services[0].RunningCount'),
      desired: sfn.JsonPath.numberAt('$.Services[0].DesiredCount'),
    },
  });
  const cache = new tasks.CallAwsService(scope, 'ProbeCache', {
    comment: 'Status of the cache replication group',
    service: 'elasticache',
    action: 'describeReplicationGroups',
    taskTimeout: SDK_TASK_TIMEOUT,
    iamAction: 'elasticache:DescribeReplicationGroups',
    parameters: { ReplicationGroupId: targets.replicationGroupId },
    iamResources: [targets.replicationGroupArn],
    resultSelector: { status: sfn.JsonPath.stringAt('$.ReplicationGroups[0].Status') },
  });
  return new sfn.Parallel(scope, 'Probe', {
    comment: 'Polls all probes together so one sample is one moment',
    resultSelector: {
      sampledAt: ENTERED_TIME,
      probes: {
        site: sfn.JsonPath.objectAt('$[0]'),
        database: sfn.JsonPath.objectAt('$[1]'),
        service: sfn.JsonPath.objectAt('$[2]'),
        cache: sfn.JsonPath.objectAt('$[3]'),
      },
    },
    resultPath: DRILL_STATE.sample,
  })
    .branch(site)
    .branch(database)
    .branch(service)
    .branch(cache);
}

/**
 * Reads the stop-condition alarm so a drill never starts on a stage that is already unhealthy. The
 * alarm is composite or metric, so its state is in one of the two lists; `alarmIsOk` reads either.
 */
export function readStageAlarm(scope: Construct, alarm: cloudwatch.IAlarm): tasks.CallAwsService {
  return new tasks.CallAwsService(scope, 'CheckStageHealthy', {
    comment: 'The stage must be healthy before a fault is injected',
    service: 'cloudwatch',
    action: 'describeAlarms',
    taskTimeout: SDK_TASK_TIMEOUT,
    iamAction: 'cloudwatch:DescribeAlarms',
    parameters: { AlarmNames: [alarm.alarmName], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] },
    iamResources: [alarm.alarmArn],
    resultPath: DRILL_STATE.alarm,
  });
}

/** True when the alarm `readStageAlarm` read is OK; a missing alarm is not OK. */
export function alarmIsOk(): sfn.Condition {
  const okIn = (list: string) => {
    const state = `${DRILL_STATE.alarm}.${list}[0].StateValue`;
    return sfn.Condition.and(sfn.Condition.isPresent(state), sfn.Condition.stringEquals(state, 'OK'));
  };
  return sfn.Condition.or(okIn('CompositeAlarms'), okIn('MetricAlarms'));
}
