import { App, Aspects, AspectPriority, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmLinks } from '../../lib/aspects/alarm-links';
import { dashboardUrl, insightsValue, logsInsightsUrl, logsLookbackSeconds, runbookUrl } from '../../lib/catalogs/console-links';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { StageConfig } from '../../lib/config/types';
import { routeAlarm } from '../../lib/constructs/common/alarm-routing';
import { PlatformStack } from '../../lib/stacks/platform-stack';

const [prod] = resolveStageConfigs({ allowPlaceholderImages: 'true' }).filter((c) => c.stage === 'prod');

const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'Errors' });
const alarmProps = { metric, threshold: 0, evaluationPeriods: 1 };

/** A stack with a routed alarm, an alarm that notifies a topic by hand, and an auto-scaling step alarm. */
class AlarmsStack extends PlatformStack {
  readonly topic = new sns.Topic(this, 'Topic');
  readonly group = new logs.LogGroup(this, 'Group');
  readonly routed: cloudwatch.Alarm;
  readonly byHand: cloudwatch.Alarm;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'alarms', { config, stateful: false });
    this.routed = new cloudwatch.Alarm(this, 'Routed', {
      ...alarmProps,
      alarmName: 'prod-drill-failed',
      alarmDescription: 'A drill failed.',
    });
    routeAlarm(this.routed, this.topic, { stage: 'prod', kind: 'drillFailed', logGroups: [this.group], windowSeconds: 300 });
    this.byHand = new cloudwatch.Alarm(this, 'ByHand', alarmProps);
    this.byHand.addAlarmAction(new cw_actions.SnsAction(this.topic));
    const target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      resourceId: 'service/cluster/svc',
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: 1,
      maxCapacity: 2,
    });
    target.scaleOnMetric('Backlog', {
      metric,
      scalingSteps: [
        { upper: 0, change: -1 },
        { lower: 10, change: +1 },
      ],
    });
  }
}

const app = new App();
const stack = new AlarmsStack(app, prod);
Aspects.of(app).add(
  new AlarmLinks({ stage: 'prod', region: 'eu-west-1', dashboardName: 'prod-overview', runbookBaseUrl: 'https://example.com/runbooks' }),
  { priority: AspectPriority.MUTATING },
);
const annotations = Annotations.fromStack(stack);
const template = Template.fromStack(stack);
const id = (construct: Construct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as cloudwatch.CfnAlarm);

describe('AlarmLinks', () => {
  it('ends a routed alarm’s description with its severity, runbook, dashboard and Logs Insights links', () => {
    const description = template.toJSON().Resources[id(stack.routed)].Properties.AlarmDescription as { 'Fn::Join': [string, unknown[]] };
    const text = description['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<group>')).join('');
    expect(text).toBe(
      'A drill failed. Severity: warning. Runbook: https://example.com/runbooks/drill-failed.md ' +
        'Dashboard: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/prod-overview ' +
        "Logs: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-3600~timeType~'RELATIVE~unit~'seconds~editorString~'filter*20*40message*20like*20*2F*28*3Fi*29error*2F~source~(~'<group>))",
    );
  });

  it('fails synth for an alarm that notifies a topic without routeAlarm, naming the fix', () => {
    annotations.hasError(`/${stack.node.path}/ByHand/Resource`, Match.stringLikeRegexp('This alarm has no severity: .*routeAlarm'));
  });

  it('leaves auto scaling’s own step alarms alone', () => {
    const errors = annotations.findError('*', Match.stringLikeRegexp('no severity'));
    expect(errors.map((e) => e.id)).toEqual([`/${stack.node.path}/ByHand/Resource`]);
  });
});

describe('console links', () => {
  it('encodes the query and literal log group names the way the Logs Insights console reads them', () => {
    expect(insightsValue("/aws/lambda/x (it's)~!*")).toBe('*2Faws*2Flambda*2Fx*20*28it*27s*29*7E*21*2A');
    expect(logsInsightsUrl('us-east-1', ['/aws/lambda/a', 'b'], 7200, 'limit 5')).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-7200~timeType~'RELATIVE~unit~'seconds~editorString~'limit*205~source~(~'*2Faws*2Flambda*2Fa~'b))",
    );
  });

  it('looks back over the alarm window and half an hour before it, at least an hour', () => {
    expect(logsLookbackSeconds(300)).toBe(3600);
    expect(logsLookbackSeconds(86_400)).toBe(88_200);
  });

  it('links the dashboard and the runbook', () => {
    expect(dashboardUrl('eu-west-1', 'prod-overview')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/prod-overview',
    );
    expect(runbookUrl('https://example.com/docs/runbooks', 'api-5xx-rate')).toBe('https://example.com/docs/runbooks/api-5xx-rate.md');
  });
});

describe('AlarmLinks on a description too long for CloudWatch', () => {
  const longApp = new App();
  const longStack = new (class extends PlatformStack {
    constructor(scope: Construct) {
      super(scope, 'long', { config: prod, stateful: false });
      const alarm = new cloudwatch.Alarm(this, 'Long', { ...alarmProps, alarmDescription: 'x'.repeat(700) });
      routeAlarm(alarm, new sns.Topic(this, 'Topic'), {
        stage: 'prod',
        kind: 'drillFailed',
        logGroups: [new logs.LogGroup(this, 'Group')],
      });
    }
  })(longApp);
  Aspects.of(longApp).add(
    new AlarmLinks({ stage: 'prod', region: 'eu-west-1', dashboardName: 'prod-overview', runbookBaseUrl: 'https://example.com/runbooks' }),
    { priority: AspectPriority.MUTATING },
  );

  it('fails synth and says what to shorten', () => {
    Annotations.fromStack(longStack).hasError(
      `/${longStack.node.path}/Long/Resource`,
      Match.stringLikeRegexp('would be about \\d+ characters .*CloudWatch allows 1024. Shorten the catalog'),
    );
  });
});
