import { Duration, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiServiceConfig, DeploymentConfig, IngressConfig } from '../../config/types';
import { AppConnections, createAppTask } from './app-container';
import { addScheduledCapacity } from './private/scheduled-capacity';

export interface ApiServiceProps {
  readonly stage: string;
  readonly cluster: ecs.ICluster;
  readonly api: ApiServiceConfig;
  readonly ingress: IngressConfig;
  readonly listener: elbv2.ApplicationListener;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly connections: AppConnections;
  readonly logRetention: logs.RetentionDays;
  /**
   * When the CDN fronts the ALB: the condition (the origin lock's secret header) a request must meet
   * to reach the API; the lock answers everything else with 403. @default none, the listener forwards everything
   */
  readonly originCondition?: elbv2.ListenerCondition;
}

/**
 * The API: a Fargate service in private subnets behind the ALB, with the deployment circuit
 * breaker and alarm-based rollback, and auto scaling on CPU, memory, requests per target and
 * (step scaling) p95 latency.
 */
export class ApiService extends Construct {
  readonly service: ecs.FargateService;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Every target group that can be live: `targetGroup`, plus green when deployments shift traffic (for target-health metrics). */
  readonly targetGroups: readonly elbv2.ApplicationTargetGroup[];
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly scaling: ecs.ScalableTaskCount;

  /**
   * Rolls a deployment back when any of these alarms fires (5xx rate, p95 latency). Takes the alarms'
   * fixed names, not references, so the service does not depend on the alarms that watch it.
   */
  enableRollbackAlarms(alarmNames: readonly string[]): void {
    this.service.enableDeploymentAlarms([...alarmNames], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  }

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

    const deployment = api.deployment;
    const shiftsTraffic = deployment.strategy !== 'rolling';
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
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      ...deploymentStrategyProps(deployment),
    });
    // CDK makes the service wait for the task role; the execution role (image pull, secrets, logs) must be ready too.
    this.service.node.addDependency(this.taskDefinition.obtainExecutionRole());

    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: props.cluster.vpc,
      port: api.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: Duration.seconds(props.ingress.deregistrationDelaySeconds),
      healthCheck: {
        path: props.ingress.healthCheckPath,
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200',
      },
    };
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, shiftsTraffic ? 'Blue' : 'Targets', targetGroupProps);
    if (shiftsTraffic) {
      // ECS shifts the production rule's weights between the two groups during a deployment.
      const green = new elbv2.ApplicationTargetGroup(this, 'Green', targetGroupProps);
      this.targetGroups = [this.targetGroup, green];
      const productionRule = new elbv2.ApplicationListenerRule(this, 'ProductionRule', {
        listener: props.listener,
        priority: 1,
        conditions: [elbv2.ListenerCondition.pathPatterns(['/*']), ...(props.originCondition ? [props.originCondition] : [])],
        action: elbv2.ListenerAction.weightedForward([
          { targetGroup: this.targetGroup, weight: 100 },
          { targetGroup: green, weight: 0 },
        ]),
      });
      this.service
        .loadBalancerTarget({
          containerName: 'api',
          containerPort: api.containerPort,
          alternateTarget: new ecs.AlternateTarget('Alternate', {
            alternateTargetGroup: green,
            productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
          }),
        })
        .attachToApplicationTargetGroup(this.targetGroup);
      const alternateRole = this.service.node.tryFindChild('AlternateRole');
      if (alternateRole) {
        Validations.of(alternateRole).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
          reason: 'The AWS-maintained policy ECS needs to shift listener-rule weights during blue/green, canary and linear deployments.',
        });
      }
    } else if (props.originCondition) {
      this.targetGroups = [this.targetGroup];
      new elbv2.ApplicationListenerRule(this, 'OriginRule', {
        listener: props.listener,
        priority: 1,
        conditions: [props.originCondition],
        action: elbv2.ListenerAction.forward([this.targetGroup]),
      });
      this.service.attachToApplicationTargetGroup(this.targetGroup);
    } else {
      this.targetGroups = [this.targetGroup];
      props.listener.addTargetGroups('Api', { targetGroups: [this.targetGroup] });
      this.service.attachToApplicationTargetGroup(this.targetGroup);
    }
    // Attaching opened the load balancer's group to the tasks' (rules under both groups); tasks started before
    // those rules exist fail their health checks.
    this.service.node.addDependency(this.securityGroup, ...props.loadBalancer.connections.securityGroups);
    // Behind the origin lock the listener's default (403) is the lock's.
    if (shiftsTraffic && !props.originCondition) {
      props.listener.addAction('Default', {
        action: elbv2.ListenerAction.fixedResponse(503, { contentType: 'text/plain', messageBody: 'No route' }),
      });
    }

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: api.minCount, maxCapacity: api.maxCount });
    this.scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: api.scaling.cpuTargetPercent });
    this.scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: api.scaling.memoryTargetPercent });
    // With traffic shifting the production target group alternates between blue and green, so a
    // per-target-group request policy would watch the idle group half the time: only rolling has it.
    if (!shiftsTraffic) {
      this.scaling.scaleOnRequestCount('Requests', { requestsPerTarget: api.scaling.requestsPerTarget, targetGroup: this.targetGroup });
    }
    // Latency has no sensible "target" to track; step out when p95 crosses the limit, harder at twice it.
    // Measured on the whole load balancer, which holds whichever target group is live.
    const latencyLimit = api.scaling.latencyScaleOutSeconds;
    this.scaling.scaleOnMetric('Latency', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensionsMap: { LoadBalancer: props.loadBalancer.loadBalancerFullName },
        statistic: 'p95',
        period: Duration.minutes(1),
      }),
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

/** ECS-native deployment settings for the configured strategy; rolling keeps ECS defaults. */
function deploymentStrategyProps(deployment: DeploymentConfig): Partial<ecs.FargateServiceProps> {
  const bakeTime = Duration.minutes(deployment.bakeMinutes);
  switch (deployment.strategy) {
    case 'rolling':
      return {};
    case 'blue-green':
      return { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime };
    case 'canary':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.CANARY,
        bakeTime,
        canaryConfiguration: { stepPercent: deployment.canaryPercent, stepBakeTime: bakeTime },
      };
    case 'linear':
      return {
        deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
        bakeTime,
        linearConfiguration: { stepPercent: deployment.linearStepPercent, stepBakeTime: bakeTime },
      };
  }
}
