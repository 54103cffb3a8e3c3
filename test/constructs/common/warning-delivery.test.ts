import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WARNING_DELIVERIES, WarningDelivery } from '../../../lib/config/alert-routing';
import { alarmTopicFor, routeAlarm, routedAlarm, stageRouting } from '../../../lib/constructs/common/alarm-routing';

/** One critical and one warning alarm routed through a stage routing with the given warning delivery. */
function routed(delivery: WarningDelivery) {
  const stack = new Stack(new App(), 'Routing');
  const topics = { critical: new sns.Topic(stack, 'Critical'), warning: new sns.Topic(stack, 'Warning') };
  const routing = stageRouting(topics, delivery);
  const metric = new cloudwatch.Metric({ namespace: 'Test', metricName: 'M' });
  const alarm = (id: string) => metric.createAlarm(stack, id, { threshold: 1, evaluationPeriods: 1, alarmName: id });
  const critical = alarm('prod-backup-db-snapshot-stale');
  const warning = alarm('prod-db-primary-cpu');
  routeAlarm(critical, routing, { stage: 'prod', kind: 'backupStale', subject: 'db-snapshot' });
  routeAlarm(warning, routing, { stage: 'prod', kind: 'dbCpu', subject: 'primary' });
  const properties = (name: string) =>
    Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === name)!
      .Properties;
  const ref = (topic: sns.Topic) => stack.resolve(topic.topicArn);
  return { routing, topics, critical, warning, properties, ref };
}

describe.each(WARNING_DELIVERIES)('warning delivery %s', (delivery) => {
  const { routing, topics, critical, warning, properties, ref } = routed(delivery);

  it('a critical alarm pages its topic on ALARM and OK', () => {
    expect(properties('prod-backup-db-snapshot-stale')).toMatchObject({
      AlarmActions: [ref(topics.critical)],
      OKActions: [ref(topics.critical)],
    });
  });

  it(
    delivery === 'daily-digest'
      ? 'a warning alarm has no action: the daily digest reports it'
      : 'a warning alarm notifies the warning topic on ALARM only',
    () => {
      const props = properties('prod-db-primary-cpu');
      expect(props.AlarmActions).toEqual(delivery === 'daily-digest' ? undefined : [ref(topics.warning)]);
      expect(props.OKActions).toBeUndefined();
    },
  );

  it('both alarms stay routed with their severity, for the links aspect', () => {
    expect(routedAlarm(critical)?.severity).toBe('critical');
    expect(routedAlarm(warning)?.severity).toBe('warning');
  });

  it('the warning topic stays the warning topic for publishers (reports, the digest itself)', () => {
    expect(routing.topicFor('warning')).toBe(topics.warning);
    expect(routing.deliveryFor('critical')).toBe('each-alarm');
    expect(routing.deliveryFor('warning')).toBe(delivery);
    expect(alarmTopicFor(routing, 'warning')).toBe(delivery === 'daily-digest' ? undefined : topics.warning);
  });
});

it('a bare topic (an imported one, a test) takes every alarm as it fires', () => {
  const stack = new Stack(new App(), 'Bare');
  const topic = new sns.Topic(stack, 'Topic');
  expect(alarmTopicFor(topic, 'warning')).toBe(topic);
  expect(alarmTopicFor(topic, 'critical')).toBe(topic);
});
