import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { synthStage } from '../support/stage-synth';

/**
 * ECS-native blue/green, canary and linear deployments make blue or green the live target group,
 * alternately, after each deploy. Whatever watches target health must read both, or it watches
 * an empty group after every other deploy.
 */

type Json = Record<string, unknown>;

/** Every `Fn::GetStackOutput` under `node`, resolved to the value its output publishes in `source`. */
function publishedValues(node: unknown, sourceStack: string, outputs: Record<string, { Value: unknown }>): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => publishedValues(item, sourceStack, outputs));
  if (node === null || typeof node !== 'object') return [];
  const ref = (node as Json)['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
  if (ref) return ref.StackName === sourceStack ? [outputs[ref.OutputName]?.Value] : [];
  return Object.values(node).flatMap((value) => publishedValues(value, sourceStack, outputs));
}

/** Logical ids of the target groups (or other resources) whose `attribute` the references under `node` read. */
function attributeSources(node: unknown, sourceStack: string, outputs: Record<string, { Value: unknown }>, attribute: string): string[] {
  const ids = publishedValues(node, sourceStack, outputs)
    .map((value) => (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'])
    .filter((getAtt): getAtt is [string, string] => getAtt?.[1] === attribute)
    .map(([id]) => id);
  return [...new Set(ids)].sort();
}

describe.each(STAGE_NAMES)('%s target health', (stage: StageName) => {
  const strategy = STAGES[stage].api.deployment.strategy;
  const synth = () => synthStage(stage);
  const services = () => synth().templates.services;
  const monitoring = () => synth().templates.monitoring;
  const outputs = () => services().toJSON().Outputs as Record<string, { Value: unknown }>;
  const targetGroupIds = () => Object.keys(services().findResources('AWS::ElasticLoadBalancingV2::TargetGroup')).sort();
  const unhealthyHostsAlarm = () => {
    const found = Object.entries(
      monitoring().findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `${stage}-api-unhealthy-hosts` } }),
    );
    expect(found).toHaveLength(1);
    return { id: found[0][0], properties: found[0][1].Properties as Json };
  };

  test(`the API has ${strategy === 'rolling' ? 'one production target group' : 'blue and green target groups'} (${strategy})`, () => {
    expect(targetGroupIds()).toHaveLength(strategy === 'rolling' ? 1 : 2);
  });

  test('the unhealthy-hosts alarm reads UnHealthyHostCount of every target group that can be live', () => {
    const { properties } = unhealthyHostsAlarm();
    const read = attributeSources(properties, `${stage}-services`, outputs(), 'TargetGroupFullName');
    expect(read).toEqual(targetGroupIds());
    expect(JSON.stringify(properties)).toContain('"UnHealthyHostCount"');
    if (targetGroupIds().length > 1) {
      // A sum over the groups, each filled with 0 so a silent idle group cannot blank the result.
      const expression = (properties.Metrics as Array<{ Expression?: string }>).find((m) => m.Expression)?.Expression;
      expect(expression).toMatch(/^FILL\(\w+, 0\) \+ FILL\(\w+, 0\)$/);
    }
  });

  test('its load balancer dimension is the full-name attribute, not a split of the listener ARN', () => {
    const { properties } = unhealthyHostsAlarm();
    const albIds = Object.keys(services().findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(attributeSources(properties, `${stage}-services`, outputs(), 'LoadBalancerFullName')).toEqual(albIds);
    expect(JSON.stringify(properties)).not.toContain('Fn::Split');
  });

  test('the stage-unhealthy composite watches that alarm, and every FIS drill stops on the composite', () => {
    const { id } = unhealthyHostsAlarm();
    const composites = Object.entries(
      monitoring().findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: `${stage}-stage-unhealthy` } }),
    );
    expect(composites).toHaveLength(1);
    const [compositeId, composite] = composites[0];
    expect(JSON.stringify(composite.Properties.AlarmRule)).toContain(`"${id}"`);
    const experiments = Object.values(monitoring().findResources('AWS::FIS::ExperimentTemplate'));
    const fisDrills = STAGES[stage].recovery.drills.kinds.filter((kind) => kind !== 'cache');
    expect(experiments).toHaveLength(STAGES[stage].recovery.drills.enabled ? fisDrills.length : 0);
    for (const experiment of experiments) {
      expect(experiment.Properties.StopConditions).toEqual([
        { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [compositeId, 'Arn'] } },
      ]);
    }
  });

  test('the dashboard graphs healthy and unhealthy targets of every target group that can be live', () => {
    const dashboards = Object.values(monitoring().findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = dashboards[0].Properties.DashboardBody;
    expect(attributeSources(body, `${stage}-services`, outputs(), 'TargetGroupFullName')).toEqual(targetGroupIds());
    const text = JSON.stringify(body);
    for (const metric of ['HealthyHostCount', 'UnHealthyHostCount']) expect(text).toContain(metric);
  });

  test('request-count scaling, which is bound to one target group, exists only with rolling deployments', () => {
    const perTarget = Object.values(services().findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).filter(
      (policy) =>
        policy.Properties.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType ===
        'ALBRequestCountPerTarget',
    );
    expect(perTarget).toHaveLength(strategy === 'rolling' ? 1 : 0);
  });
});
