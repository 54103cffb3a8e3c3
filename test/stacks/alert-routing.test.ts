import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ALARM_CATALOG, AlarmKind, runbookName, severityOf } from '../../lib/catalogs/alarm-catalog';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { StageConfig } from '../../lib/config/types';
import { AlertingStack } from '../../lib/stacks/alerting-stack';
import { nagFindings, nistFindings } from '../support/fixtures';
import { allResources, synthStage } from '../support/stage-synth';

const RUNBOOKS = path.join(__dirname, '..', '..', 'docs', 'runbooks');
/** A CloudFormation-generated log group name: stack name, logical id and a 13-character suffix; generous. */
const TOKEN_LENGTH = 100;
const DESCRIPTION_LIMIT = 1024;

const KIND_BY_RUNBOOK = new Map((Object.keys(ALARM_CATALOG) as AlarmKind[]).map((kind) => [runbookName(kind), kind]));

type Value = string | Record<string, unknown>;

/** The description as CloudFormation will write it, each reference counted as a long generated name. */
function flatten(value: Value): string {
  if (typeof value === 'string') return value;
  const join = value['Fn::Join'] as [string, Value[]] | undefined;
  if (join) return join[1].map(flatten).join(join[0]);
  return '#'.repeat(TOKEN_LENGTH);
}

/** The topic logical id an action points at, through the alerting stack's published output. */
function topicOf(action: Record<string, { OutputName?: string }>, topicIds: readonly string[]): string | undefined {
  const output = action['Fn::GetStackOutput']?.OutputName ?? '';
  return topicIds.find((id) => output.startsWith(`PublishOutputRef${id}`));
}

describe.each(STAGE_NAMES)('%s alert routing', (stage: StageName) => {
  const config = STAGES[stage];
  const synth = () => synthStage(stage);
  const alerting = () => synth().templates.alerting;
  const topicId = (prefix: string) => {
    const ids = Object.keys(alerting().findResources('AWS::SNS::Topic')).filter((id) => id.startsWith(prefix));
    expect(ids.length).toBeLessThanOrEqual(1);
    return ids[0];
  };
  const topics = () => {
    const critical = topicId('AlertsTopic');
    const warning = config.monitoring.alerts.topics === 'single-topic' ? critical : topicId('WarningAlertsTopic');
    return { critical, warning };
  };
  /** Every alarm that notifies people: auto-scaling's own alarms act on scaling policies and are left out. */
  const alarms = () =>
    allResources(synth())
      .filter((r) => r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm')
      .filter((r) => !/TaskCountTarget.*(Upper|Lower)Alarm/.test(r.id))
      .map((r) => {
        const description = flatten(r.properties.AlarmDescription as Value);
        const runbook = /Runbook: \S+\/([a-z0-9-]+)\.md /.exec(description)?.[1];
        return {
          name: r.properties.AlarmName as string,
          description,
          severity: /Severity: (critical|warning)\./.exec(description)?.[1],
          kind: runbook ? KIND_BY_RUNBOOK.get(runbook) : undefined,
          runbook,
          alarmActions: (r.properties.AlarmActions ?? []) as Array<Record<string, { OutputName?: string }>>,
          okActions: r.properties.OKActions as Array<Record<string, { OutputName?: string }>> | undefined,
        };
      });

  it('has one topic per severity, or one for all where the stage says so', () => {
    const { critical, warning } = topics();
    expect(critical).toBeDefined();
    expect(warning).toBeDefined();
    alerting().resourceCountIs('AWS::SNS::Topic', config.monitoring.alerts.topics === 'single-topic' ? 1 : 2);
    for (const id of new Set([critical, warning]))
      expect(alerting().findResources('AWS::SNS::Topic')[id].Properties.KmsMasterKeyId).toBeDefined();
  });

  it('every alarm has a name, a catalog kind and the severity the catalog gives it in this stage', () => {
    const found = alarms();
    expect(found.length).toBeGreaterThan(40);
    for (const alarm of found) {
      expect({ name: alarm.name, kind: alarm.kind }).toEqual({
        name: expect.stringMatching(new RegExp(`^${stage}-`)),
        kind: expect.any(String),
      });
      expect({ name: alarm.name, severity: alarm.severity }).toEqual({ name: alarm.name, severity: severityOf(alarm.kind!, stage) });
    }
  });

  it(`every critical alarm pages its topic on ALARM and OK; warnings ${config.monitoring.alerts.warningDelivery === 'daily-digest' ? 'notify nobody themselves (the daily digest reports them)' : 'notify their topic on ALARM only'}`, () => {
    const ids = topics();
    const known = [...new Set([ids.warning, ids.critical])].sort((a, b) => b.length - a.length);
    const digested = config.monitoring.alerts.warningDelivery === 'daily-digest';
    const found = alarms();
    expect(found.filter((a) => a.severity === 'warning').length).toBeGreaterThan(10);
    for (const alarm of found) {
      const expected = ids[alarm.severity as 'critical' | 'warning'];
      const actions = alarm.severity === 'warning' && digested ? [] : [expected];
      expect({ name: alarm.name, actions: alarm.alarmActions.map((a) => topicOf(a, known)) }).toEqual({ name: alarm.name, actions });
      if (alarm.severity === 'critical')
        expect({ name: alarm.name, ok: alarm.okActions?.map((a) => topicOf(a, known)) }).toEqual({ name: alarm.name, ok: [expected] });
      else expect({ name: alarm.name, ok: alarm.okActions }).toEqual({ name: alarm.name, ok: undefined });
    }
  });

  it('pages for the composite, stale and failed backups and the synthetic check; failed restore tests page in prod only', () => {
    const severity = (name: string) => alarms().find((a) => a.name === `${stage}-${name}`)?.severity;
    expect(severity('stage-unhealthy')).toBe('critical');
    expect(severity('backup-db-snapshot-stale')).toBe('critical');
    expect(severity('restore-test-database-failed')).toBe(stage === 'prod' ? 'critical' : 'warning');
    expect(severity('api-5xx-rate')).toBe('warning');
    expect(severity('db-primary-cpu')).toBe('warning');
  });

  it('every description ends with the runbook, the dashboard and a Logs Insights query, and stays within 1024 characters', () => {
    const consoleOf = (region: string) => `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
    const dashboard = `${consoleOf(config.env.region)}#dashboards/dashboard/${stage}-${config.monitoring.dashboard.nameSuffix}`;
    for (const alarm of alarms()) {
      // The DR restore test logs in the DR region, so its alarms' Logs link opens that region's console.
      const logsConsole = consoleOf(alarm.name.startsWith(`${stage}-dr-restore-test-`) ? config.backup.drRegion : config.env.region);
      const links = new RegExp(
        ` Runbook: ${config.monitoring.alerts.runbookBaseUrl}/[a-z0-9-]+\\.md Dashboard: ${escapeRegExp(dashboard)} Logs: ${escapeRegExp(logsConsole)}#logsV2:logs-insights\\$3FqueryDetail\\$3D~\\(end~0~start~-\\d+~timeType~'RELATIVE~unit~'seconds~editorString~'[^~]+~source~\\((~'[^~)]+)+\\)\\)$`,
      );
      expect({ name: alarm.name, description: alarm.description }).toEqual({ name: alarm.name, description: expect.stringMatching(links) });
      const over = Math.max(0, alarm.description.length - DESCRIPTION_LIMIT);
      expect({ name: alarm.name, charactersOverLimit: over }).toEqual({ name: alarm.name, charactersOverLimit: 0 });
    }
  });

  it('every runbook an alarm links exists in docs/runbooks', () => {
    for (const alarm of alarms())
      expect(`${alarm.runbook}: ${existsSync(path.join(RUNBOOKS, `${alarm.runbook}.md`))}`).toBe(`${alarm.runbook}: true`);
  });

  it("subscribes each severity's configured addresses to its own topic", () => {
    const subscriptions = Object.values(alerting().findResources('AWS::SNS::Subscription')).map((s) => s.Properties);
    const ids = topics();
    const expected = (['critical', 'warning'] as const).flatMap((severity) =>
      config.monitoring.alerts[severity].emails.map((address) => ({
        Protocol: 'email',
        Endpoint: address,
        TopicArn: { Ref: ids[severity] },
      })),
    );
    expect(subscriptions).toEqual(expect.arrayContaining(expected));
    expect(subscriptions).toHaveLength(expected.length);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('alert subscribers beyond email', () => {
  const base = STAGES.prod;
  const config: StageConfig = {
    ...base,
    monitoring: {
      ...base.monitoring,
      alerts: {
        ...base.monitoring.alerts,
        critical: { emails: [], httpsEndpoint: 'https://events.pagerduty.com/integration/abc123/enqueue' },
        warning: {
          emails: [],
          slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
          teams: {
            tenantId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60',
            teamId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f61',
            channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
          },
        },
      },
    },
  };
  const stack = new AlertingStack(new App(), config);
  const template = Template.fromStack(stack);
  const ref = (severity: 'critical' | 'warning') => stack.resolve(stack.topics[severity].topicArn);

  it('subscribes the HTTPS endpoint to the critical topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://events.pagerduty.com/integration/abc123/enqueue',
      TopicArn: ref('critical'),
    });
  });

  it('connects the Slack channel to the warning topic through AWS Chatbot, read-only', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'prod-warning-alerts',
      SlackWorkspaceId: 'T07EA123LEP',
      SlackChannelId: 'C07EZ1ABC23',
      SnsTopicArns: [ref('warning')],
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchReadOnlyAccess']] }],
    });
  });

  it('connects the Teams channel to the warning topic', () => {
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ConfigurationName: 'prod-warning-alerts',
      TeamsTenantId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f60',
      TeamId: '8a5c3e9f-1b2d-4c6e-9f0a-1b2c3d4e5f61',
      TeamsChannelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
      SnsTopicArns: [ref('warning')],
    });
  });

  it('leaves no cdk-nag finding (AwsSolutions, NIST 800-53 r5) with every kind of subscriber', () => {
    expect([...nagFindings(stack), ...nistFindings(stack)]).toEqual([]);
  });

  it('adds no chat configuration where none is set', () => {
    const plain = Template.fromStack(new AlertingStack(new App(), base));
    plain.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    plain.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
  });
});
