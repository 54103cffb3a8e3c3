import { runbookName, severityOf, ALARM_CATALOG, AlarmKind } from '../../lib/catalogs/alarm-catalog';
import { MONITORING_ALARM_KEYS } from '../../lib/config/monitoring';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { MAX_ALARMS_PER_STATUS_WIDGET, MAX_LOG_GROUPS_PER_QUERY } from '../../lib/constructs/monitoring/private/severity-widgets';
import { CfnTemplate, DashboardWidget, findDashboards } from '../../scripts/dashboard-preview/body';
import { alarmNameOf } from '../../scripts/dashboard-preview/html';
import { allResources, synthStage } from '../support/stage-synth';

const KIND_BY_RUNBOOK = new Map((Object.keys(ALARM_CATALOG) as AlarmKind[]).map((kind) => [runbookName(kind), kind]));

describe.each(STAGE_NAMES)('%s dashboard', (stage: StageName) => {
  const synth = () => synthStage(stage);
  const widgets = (): readonly DashboardWidget[] => {
    const template = synth().templates.monitoring.toJSON() as CfnTemplate;
    return findDashboards(template)[0].body.widgets;
  };
  const titled = (title: RegExp) => widgets().filter((w) => title.test(String(w.properties?.title ?? '')));
  /** Every routed alarm of the stage by name, with its kind from the runbook its description links. */
  const routed = () =>
    allResources(synth())
      .filter((r) => r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm')
      .map((r) => ({ name: r.properties.AlarmName as string, text: JSON.stringify(r.properties.AlarmDescription ?? '') }))
      .flatMap(({ name, text }) => {
        const runbook = /runbooks\/([a-z0-9-]+)\.md/.exec(text)?.[1];
        const kind = runbook ? KIND_BY_RUNBOOK.get(runbook) : undefined;
        return kind ? [{ name, kind, severity: severityOf(kind, stage) }] : [];
      });
  const listed = (title: RegExp) => {
    const found = titled(title);
    expect(found).toHaveLength(1);
    return ((found[0].properties?.alarms ?? []) as string[]).map((arn) => alarmNameOf(arn)).sort();
  };

  it('shows no unresolved ${…} placeholder in a title or text, as the offline preview renders them', () => {
    for (const widget of widgets()) {
      const text = `${widget.properties?.title ?? ''} ${widget.properties?.markdown ?? ''}`;
      expect(text).not.toContain('${');
    }
  });

  it('lists every critical alarm of the stage, from every stack, in the critical status widget', () => {
    const expected = routed()
      .filter((a) => a.severity === 'critical')
      .map((a) => a.name)
      .sort();
    expect(expected).toContain(`${stage}-stage-unhealthy`);
    expect(expected).toContain(`${stage}-backup-db-snapshot-stale`);
    expect(listed(/critical alarms \(page\)$/)).toEqual(expected);
  });

  it('splits the warnings into traffic/services/data and automation, each within the widget limit', () => {
    const warnings = routed().filter((a) => a.severity === 'warning');
    const services = warnings.filter((a) => (MONITORING_ALARM_KEYS as readonly string[]).includes(a.kind)).map((a) => a.name);
    const automation = warnings.filter((a) => !(MONITORING_ALARM_KEYS as readonly string[]).includes(a.kind)).map((a) => a.name);
    expect(listed(/warnings: traffic, services, data$/)).toEqual(services.sort());
    expect(listed(/warnings: automation/)).toEqual(automation.sort());
    for (const list of [services, automation]) expect(list.length).toBeLessThanOrEqual(MAX_ALARMS_PER_STATUS_WIDGET);
  });

  it('has Logs Insights widgets: errors per service, the slowest requests, failed automation runs', () => {
    const query = (title: RegExp) => {
      const found = titled(title);
      expect(found).toHaveLength(1);
      expect(found[0].type).toBe('log');
      return String(found[0].properties?.query);
    };
    expect(query(/^API errors/)).toMatch(/^SOURCE '[^']+' \| filter level = 'ERROR'.*\n\| stats count\(\*\) as errors by bin\(5m\)$/);
    expect(query(/^Worker errors/)).toMatch(/^SOURCE '[^']+' \| filter level = 'ERROR'/);
    expect(query(/^Slowest API requests/)).toMatch(/sort durationMs desc/);
    const automation = query(/^Failed automation runs/);
    const sources = automation.match(/SOURCE '/g) ?? [];
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.length).toBeLessThanOrEqual(MAX_LOG_GROUPS_PER_QUERY);
    expect(automation).toContain("type in ['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']");
  });

  it('puts the alarms by severity and the logs right below the header, before the metric rows', () => {
    const y = (title: RegExp) => titled(title)[0].y ?? 0;
    expect(y(/critical alarms \(page\)$/)).toBeLessThan(y(/^API errors/));
    const traffic = widgets().find((w) => String(w.properties?.markdown ?? '').startsWith('### Traffic'));
    expect(y(/^API errors/)).toBeLessThan(traffic?.y ?? 0);
  });
});
