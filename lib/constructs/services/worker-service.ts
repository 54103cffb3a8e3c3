import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WorkerServiceConfig } from '../../config/types';
import { AppConnections, createAppTask } from './app-container';
import { addScheduledCapacity } from './private/scheduled-capacity';

export interface WorkerServiceProps {
  readonly stage: string;
  readonly cluster: ecs.ICluster;
  readonly worker: WorkerServiceConfig;
  readonly queue: sqs.IQueue;
  readonly connections: AppConnections;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The background worker: a Fargate service without a load balancer that consumes the work queue,
 * on Fargate Spot for the configured share (X86_64 tasks only), scaled by the queue's backlog.
 */
export class WorkerService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    const worker = props.worker;
    if (worker.spotPercent > 0 && worker.architecture !== 'X86_64') {
      // ECS guide, Fargate capacity providers: ARM64 tasks don't support Fargate Spot; such a strategy places no task.
      throw new Error(
        `WorkerService: spotPercent ${worker.spotPercent} needs architecture X86_64 (Fargate Spot runs no ${worker.architecture} task); set spotPercent to 0 or architecture to X86_64`,
      );
    }
    const task = createAppTask(this, 'Task', {
      stage: props.stage,
      name: 'worker',
      sizing: worker,
      connections: props.connections,
      logRetention: props.logRetention,
    });
    this.taskDefinition = task.taskDefinition;
    this.logGroup = task.logGroup;
    props.queue.grantConsumeMessages(this.taskDefinition.taskRole);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: 'Worker tasks: no inbound traffic',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: worker.desiredCount,
      minHealthyPercent: 50,
      maxHealthyPercent: 200,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      capacityProviderStrategies: capacityStrategy(worker.spotPercent),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    // CDK makes the service wait for the task role; the execution role (image pull, secrets, logs) must be ready too.
    this.service.node.addDependency(this.taskDefinition.obtainExecutionRole());

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: worker.minCount, maxCapacity: worker.maxCount });
    // Backlog counts messages waiting and in flight, so workers busy on the last messages are not scaled in.
    const backlog = new cloudwatch.MathExpression({
      expression: 'visible + inflight',
      usingMetrics: {
        visible: props.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        inflight: props.queue.metricApproximateNumberOfMessagesNotVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      },
      label: 'Backlog (visible + in flight)',
      period: Duration.minutes(1),
    });
    const hard = worker.backlogScaleOutMessages;
    this.scaling.scaleOnMetric('Backlog', {
      metric: backlog,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: 0, change: -worker.maxCount },
        { lower: 1, upper: hard, change: 0 },
        { lower: hard, change: Math.max(1, Math.ceil(worker.maxCount / 2)) },
        { lower: hard * 5, change: worker.maxCount },
      ],
      evaluationPeriods: 2,
      cooldown: Duration.minutes(2),
    });
    addScheduledCapacity(this.scaling, worker.scheduledCapacity);
  }
}

/** Spot share as capacity provider weights; a base on-demand task keeps one worker through Spot interruptions. */
function capacityStrategy(spotPercent: number): ecs.CapacityProviderStrategy[] {
  if (spotPercent >= 100) return [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
  if (spotPercent <= 0) return [{ capacityProvider: 'FARGATE', weight: 1 }];
  return [
    { capacityProvider: 'FARGATE', base: 1, weight: 100 - spotPercent },
    { capacityProvider: 'FARGATE_SPOT', weight: spotPercent },
  ];
}
