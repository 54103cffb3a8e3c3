import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { allResources, synthStage, SynthesizedStage } from '../support/stage-synth';

type Resource = { Type: string; Properties: Record<string, unknown> };

function digestFunctions(synth: SynthesizedStage): Array<[string, Resource]> {
  return Object.entries(synth.templates.monitoring.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(([, fn]) =>
    JSON.stringify(fn.Properties.Environment).includes('"POWERTOOLS_SERVICE_NAME":"alert-digest"'),
  );
}

const outputOf = (value: unknown) => JSON.stringify(value).match(/"OutputName":"PublishOutputRef([A-Za-z]+Topic)/)?.[1];

describe.each(STAGE_NAMES)('%s daily warning digest', (stage: StageName) => {
  const alerts = STAGES[stage].monitoring.alerts;
  const synth = () => synthStage(stage);
  const monitoring = () => synth().templates.monitoring;
  const warningTopic = alerts.topics === 'single-topic' ? 'AlertsTopic' : 'WarningAlertsTopic';

  it('is the default delivery of warnings', () => {
    expect(alerts.warningDelivery).toBe('daily-digest');
  });

  it('runs one function that publishes to the warning topic', () => {
    const functions = digestFunctions(synth());
    expect(functions).toHaveLength(1);
    const variables = (functions[0][1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.STAGE).toBe(stage);
    expect(outputOf(variables.TOPIC_ARN)).toBe(warningTopic);
  });

  it('on the configured schedule', () => {
    const [id] = digestFunctions(synth())[0];
    const schedules = Object.values(monitoring().findResources('AWS::Scheduler::Schedule') as Record<string, Resource>).filter((s) =>
      JSON.stringify(s.Properties.Target).includes(`"${id}","Arn"`),
    );
    expect(schedules.map((s) => s.Properties.ScheduleExpression)).toEqual([alerts.digestSchedule]);
  });

  it('may read alarms and their history, and publish to the warning topic only', () => {
    const [id] = digestFunctions(synth())[0];
    const role = JSON.stringify(
      (synth().templates.monitoring.findResources('AWS::Lambda::Function')[id].Properties as { Role: unknown }).Role,
    );
    const roleId = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(role)?.[1];
    const policies = Object.values(monitoring().findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
    );
    const statements = policies.flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown; Sid?: string }> }).Statement,
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual(
      [
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:DescribeAlarms',
        'kms:Decrypt',
        'kms:GenerateDataKey*',
        'sns:Publish',
        'sqs:SendMessage',
      ].sort(),
    );
    const publish = statements.find((s) => s.Action === 'sns:Publish');
    expect(outputOf(publish?.Resource)).toBe(warningTopic);
    expect(statements.find((s) => s.Sid === 'ReadAlarmsAndHistory')?.Resource).toBe('*');
  });

  it('pages when it fails: its errors-and-throttles alarm is critical, ALARM and OK to the critical topic', () => {
    const alarms = allResources(synth()).filter(
      (r) => r.type === 'AWS::CloudWatch::Alarm' && r.properties.AlarmName === `${stage}-alert-digest-failing`,
    );
    expect(alarms).toHaveLength(1);
    const { properties } = alarms[0];
    expect(JSON.stringify(properties.AlarmDescription)).toContain('Severity: critical.');
    expect((properties.AlarmActions as unknown[]).map(outputOf)).toEqual(['AlertsTopic']);
    expect((properties.OKActions as unknown[]).map(outputOf)).toEqual(['AlertsTopic']);
    expect(properties).toMatchObject({
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('with warningDelivery each-alarm', () => {
  const synth = synthStage('staging', { overrides: { staging: { monitoring: { alerts: { warningDelivery: 'each-alarm' } } } } });

  it('there is no digest function and no digest schedule', () => {
    expect(digestFunctions(synth)).toEqual([]);
    expect(allResources(synth).filter((r) => r.properties.AlarmName === 'staging-alert-digest-failing')).toEqual([]);
  });

  it('every warning alarm notifies the warning topic on ALARM, as before', () => {
    const warnings = allResources(synth).filter(
      (r) => r.type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.properties.AlarmDescription ?? '').includes('Severity: warning.'),
    );
    expect(warnings.length).toBeGreaterThan(10);
    for (const alarm of warnings)
      expect({
        name: alarm.properties.AlarmName,
        actions: (alarm.properties.AlarmActions as unknown[] | undefined)?.map(outputOf),
      }).toEqual({
        name: alarm.properties.AlarmName,
        actions: ['WarningAlertsTopic'],
      });
  });
});
