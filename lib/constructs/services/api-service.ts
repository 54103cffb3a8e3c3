import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiServiceConfig, IngressConfig } from '../../config/types';
import { AppConnections, createAppTask } from './app-container';
import { addScheduledCapacity } from './scheduled-capacity';

export interface ApiServiceProps {
  readonly stage: string;
  readonly cluster: ecs.ICluster;
  readonly api: ApiServiceConfig;
  readonly ingress: IngressConfig;
  readonly listener: elbv2.ApplicationListener;
  readonly connections: AppConnections;
  readonly logRetention: logs.RetentionDays;
  /** Alarms that roll a deployment back when they fire (5xx rate, p95 latency). @default none */
  readonly deploymentAlarms?: cloudwatch.IAlarm[];
}

/**
 * The API: a Fargate service in private subnets behind the ALB, with the deployment circuit
 * breaker and alarm-based rollback, and auto scaling on CPU, memory, requests per target and
 * (step scaling) p95 latency.
 */
export class ApiService extends Construct {
  readonly service: ecs.FargateService;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const api = props.api;
    const task = createAppTask(this, 'Task', {
      stage: props.stage,
      name: 'api',
      sizing: api,
      connections: props.connections,
      logRetention: props.logRetention,
      containerPort: api.containerPort,
    });
    this.taskDefinition = task.taskDefinition;
    this.logGroup = task.logGroup;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: 'API tasks: reached only by the load balancer',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: api.desiredCount,
      minHealthyPercent: api.minHealthyPercent,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(api.healthCheckGraceSeconds),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      deploymentAlarms: props.deploymentAlarms?.length
        ? { alarmNames: props.deploymentAlarms.map((a) => a.alarmName), behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }
        : undefined,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });

    this.targetGroup = props.listener.addTargets('Api', {
      port: api.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      deregistrationDelay: Duration.seconds(props.ingress.deregistrationDelaySeconds),
      healthCheck: {
        path: props.ingress.healthCheckPath,
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200',
      },
    });

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: api.minCount, maxCapacity: api.maxCount });
    this.scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: api.scaling.cpuTargetPercent });
    this.scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: api.scaling.memoryTargetPercent });
    this.scaling.scaleOnRequestCount('Requests', { requestsPerTarget: api.scaling.requestsPerTarget, targetGroup: this.targetGroup });
    // Latency has no sensible "target" to track; step out when p95 crosses the limit, harder at twice it.
    const latencyLimit = api.scaling.latencyScaleOutSeconds;
    this.scaling.scaleOnMetric('Latency', {
      metric: this.targetGroup.metrics.targetResponseTime({ statistic: 'p95', period: Duration.minutes(1) }),
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      scalingSteps: [
        { upper: latencyLimit, change: 0 },
        { lower: latencyLimit, change: +1 },
        { lower: latencyLimit * 2, change: +3 },
      ],
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      cooldown: Duration.minutes(2),
    });
    addScheduledCapacity(this.scaling, api.scheduledCapacity);
  }
}
