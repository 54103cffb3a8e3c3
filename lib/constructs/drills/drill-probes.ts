import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { lambdaTaskTimeout } from '../lambda-task-timeout';

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
 * time the poll started. A probe that cannot run (a Lambda or API error, not an unhealthy answer)
 * fails the whole step, so the workflow stops the fault rather than measure with a broken probe.
 */
export function probeAll(scope: Construct, targets: DrillProbeTargets): sfn.Parallel {
  const site = tasks.LambdaInvoke.jsonata(scope, 'ProbeSite', {
    comment: 'The public health URL, as users reach it',
    lambdaFunction: targets.healthProbe,
    taskTimeout: lambdaTaskTimeout(targets.healthProbe),
    payload: sfn.TaskInput.fromObject({ publishMetrics: false }),
    outputs: '{% $states.result.Payload %}',
  });
  const database = tasks.LambdaInvoke.jsonata(scope, 'ProbeDatabase', {
    comment: 'A write and read on the database primary',
    lambdaFunction: targets.databaseProbe,
    taskTimeout: lambdaTaskTimeout(targets.databaseProbe),
    outputs: '{% $states.result.Payload %}',
  });
  const service = tasks.CallAwsService.jsonata(scope, 'ProbeService', {
    comment: 'Running against desired tasks of the API service',
    service: 'ecs',
    action: 'describeServices',
    iamAction: 'ecs:DescribeServices',
    parameters: { Cluster: targets.cluster.clusterArn, Services: [targets.apiService.serviceArn] },
    iamResources: [targets.apiService.serviceArn],
    outputs: { running: '{% $states.result.Services[0].RunningCount %}', desired: '{% $states.result.Services[0].DesiredCount %}' },
  });
  const cache = tasks.CallAwsService.jsonata(scope, 'ProbeCache', {
    comment: 'Status of the cache replication group',
    service: 'elasticache',
    action: 'describeReplicationGroups',
    iamAction: 'elasticache:DescribeReplicationGroups',
    parameters: { ReplicationGroupId: targets.replicationGroupId },
    iamResources: [targets.replicationGroupArn],
    outputs: { status: '{% $states.result.ReplicationGroups[0].Status %}' },
  });
  return sfn.Parallel.jsonata(scope, 'Probe', {
    comment: 'Polls all probes together so one sample is one moment',
    outputs: {
      sampledAt: '{% $states.context.State.EnteredTime %}',
      probes: { site: '{% $states.result[0] %}', database: '{% $states.result[1] %}', service: '{% $states.result[2] %}', cache: '{% $states.result[3] %}' },
    },
  })
    .branch(site)
    .branch(database)
    .branch(service)
    .branch(cache);
}

/** Reads the stop-condition alarm so a drill never starts on a stage that is already unhealthy. */
export function readStageAlarm(scope: Construct, alarm: cloudwatch.IAlarm): tasks.CallAwsService {
  const alarms = '$append($states.result.CompositeAlarms, $states.result.MetricAlarms)';
  return tasks.CallAwsService.jsonata(scope, 'CheckStageHealthy', {
    comment: 'The stage must be healthy before a fault is injected',
    service: 'cloudwatch',
    action: 'describeAlarms',
    iamAction: 'cloudwatch:DescribeAlarms',
    parameters: { AlarmNames: [alarm.alarmName], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] },
    iamResources: [alarm.alarmArn],
    assign: { alarmState: `{% $exists(${alarms}[0].StateValue) ? ${alarms}[0].StateValue : 'MISSING' %}` },
  });
}
