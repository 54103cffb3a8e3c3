import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { addLambdaAlarms, addStateMachineAlarms } from '../../../lib/constructs/monitoring/lambda-alarms';
import { nagFindings, testApp } from '../../support/fixtures';

// A later feature's stack, named `<stage>-<purpose>`: one function, one imported function, one workflow.
const app = testApp();
const stack = new Stack(app, 'prod-backup', { env: { account: '111111111111', region: 'eu-west-1' } });
const topic = new sns.Topic(stack, 'Topic');
const fn = new lambda.Function(stack, 'DbSnapshot', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => {};'),
  timeout: Duration.minutes(5),
});
const fnAlarms = addLambdaAlarms(stack, fn, topic, { stage: 'prod', name: 'db-snapshot' });
const imported = lambda.Function.fromFunctionName(stack, 'Imported', 'some-function');
const importedAlarms = addLambdaAlarms(stack, imported, topic, { timeout: Duration.seconds(30), durationShareOfTimeout: 0.5 });
const workflow = new sfn.StateMachine(stack, 'RestoreTest', {
  definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Done')),
});
const workflowAlarms = addStateMachineAlarms(stack, workflow, topic);
const template = Template.fromStack(stack);
const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as never) };
const fnRef = { Ref: stack.getLogicalId(fn.node.defaultChild as never) };

function alarmsNamed(prefix: string) {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .map((r) => r.Properties)
    .filter((p) => (p.AlarmName as string).startsWith(prefix));
}

describe('addLambdaAlarms', () => {
  it('adds exactly three alarms for a function', () => {
    expect(
      alarmsNamed('prod-db-snapshot-')
        .map((p) => p.AlarmName)
        .sort(),
    ).toEqual(['prod-db-snapshot-duration', 'prod-db-snapshot-errors', 'prod-db-snapshot-throttles']);
    expect(Object.keys(fnAlarms)).toEqual(['errors', 'throttles', 'durationP99']);
  });

  it.each([
    ['prod-db-snapshot-errors', 'Errors', { Statistic: 'Sum' }, 0],
    ['prod-db-snapshot-throttles', 'Throttles', { Statistic: 'Sum' }, 0],
    // 80 % of the 5-minute timeout, in milliseconds
    ['prod-db-snapshot-duration', 'Duration', { ExtendedStatistic: 'p99' }, 240_000],
  ])('%s watches %s', (name, metricName, statistic, threshold) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: fnRef }],
      ...statistic,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      Period: 300,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
      OKActions: Match.absent(),
    });
  });

  it('takes the timeout and share from options for an imported function, and names alarms after the stack', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'prod-backup-imported-duration',
      Threshold: 15_000,
      MetricName: 'Duration',
    });
    expect(alarmsNamed('prod-backup-imported-')).toHaveLength(3);
    expect(importedAlarms.errors.alarmName).toBeDefined();
  });

  it('refuses an imported function without a timeout, and a share outside (0, 1]', () => {
    const other = new Stack(testApp(), 'prod-other');
    const importedFn = lambda.Function.fromFunctionName(other, 'Fn', 'x');
    const otherTopic = new sns.Topic(other, 'Topic');
    expect(() => addLambdaAlarms(other, importedFn, otherTopic)).toThrow(
      /cannot read the timeout of imported function .*; pass options.timeout/,
    );
    expect(() => addLambdaAlarms(other, importedFn, otherTopic, { timeout: Duration.seconds(10), durationShareOfTimeout: 1.5 })).toThrow(
      /durationShareOfTimeout must be above 0 and at most 1, got 1.5/,
    );
  });
});

describe('addStateMachineAlarms', () => {
  it.each([
    ['prod-backup-restore-test-failed', 'ExecutionsFailed'],
    ['prod-backup-restore-test-timed-out', 'ExecutionsTimedOut'],
  ])('%s watches %s > 0', (name, metricName) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      Namespace: 'AWS/States',
      MetricName: metricName,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stack.getLogicalId(workflow.node.defaultChild as never) } }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topicRef],
      OKActions: Match.absent(),
    });
    expect(Object.keys(workflowAlarms)).toEqual(['failed', 'timedOut']);
  });

  it('the alarms themselves are cdk-nag clean', () => {
    const alarmConstructs = [...Object.values(fnAlarms), ...Object.values(importedAlarms), ...Object.values(workflowAlarms)];
    expect(alarmConstructs.flatMap((alarm) => nagFindings(alarm))).toEqual([]);
  });
});
