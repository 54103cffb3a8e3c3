import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MonitoringAlarmsConfig } from '../../config/monitoring';
import { loadBalancerMetrics } from './private/metrics';
import { AlertTarget } from '../common/alarm-routing';
import { createStageAlarm } from '../common/stage-alarm';

export interface ApiDeploymentAlarmsProps {
  readonly stage: string;
  /** Both alarms read the load balancer: it fronts only the API, and blue/green moves traffic between target groups. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The two settings from the stage's monitoring config (`config.monitoring.alarms` fits). */
  readonly thresholds: Pick<MonitoringAlarmsConfig, 'api5xxRate' | 'apiLatencyP95'>;
  /** The stage's alert routing (or one topic for every severity). */
  readonly topic: AlertTarget;
  /** The API's log group, for the descriptions' Logs Insights link. @default none selected */
  readonly logGroups?: readonly logs.ILogGroup[];
}

export interface ApiDeploymentAlarms {
  readonly http5xxRate: cloudwatch.Alarm;
  readonly latencyP95: cloudwatch.Alarm;
}

/**
 * The API alarms an ECS deployment watches to roll itself back. They live in the services stack,
 * because the service refers to them by name (`deploymentAlarms: { alarmNames: [...] }`); the
 * monitoring construct receives them for the composite alarm and the dashboard.
 */
export function createApiDeploymentAlarms(scope: Construct, props: ApiDeploymentAlarmsProps): ApiDeploymentAlarms {
  const group = new Construct(scope, 'ApiDeploymentAlarms');
  const traffic = loadBalancerMetrics(props.loadBalancer);
  const common = { stage: props.stage, topic: props.topic, logGroups: props.logGroups };
  return {
    http5xxRate: createStageAlarm(group, 'Http5xxRate', {
      ...common,
      kind: 'api5xxRate',
      metric: traffic.http5xxRate,
      settings: props.thresholds.api5xxRate,
    }),
    latencyP95: createStageAlarm(group, 'LatencyP95', {
      ...common,
      kind: 'apiLatencyP95',
      metric: traffic.latencyP95,
      settings: props.thresholds.apiLatencyP95,
    }),
  };
}
