import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import type { Severity } from '../../../config/alert-routing';
import { MONITORING_ALARM_KEYS } from '../../../config/monitoring';
import { RoutedAlarm, routedAlarm } from '../../common/alarm-routing';

/** Log groups one Logs Insights query may name. */
export const MAX_LOG_GROUPS_PER_QUERY = 50;

/** CloudWatch shows at most 100 alarms in one alarm status widget. */
export const MAX_ALARMS_PER_STATUS_WIDGET = 100;

/** Which routed alarms a status widget lists. */
export interface AlarmSelection {
  readonly severity: Severity;
  /** `services`: the threshold alarms of traffic, services, queue, database, cache; `automation`: the rest. @default both */
  readonly area?: 'services' | 'automation';
}

function selected(routed: RoutedAlarm, selection: AlarmSelection): boolean {
  if (routed.severity !== selection.severity) return false;
  if (selection.area === undefined) return true;
  const services = (MONITORING_ALARM_KEYS as readonly string[]).includes(routed.kind);
  return selection.area === 'services' ? services : !services;
}

/** Every alarm of the stage's stacks (named `<stage>-…`) that was routed, in creation order. */
export function stageRoutedAlarms(scope: IConstruct, stage: string): Array<{ alarm: cloudwatch.AlarmBase; routed: RoutedAlarm }> {
  return scope.node.root.node
    .findAll()
    .filter((node): node is cloudwatch.AlarmBase => node instanceof cloudwatch.AlarmBase)
    .filter((alarm) => Stack.of(alarm).stackName.startsWith(`${stage}-`))
    .flatMap((alarm) => {
      const routed = routedAlarm(alarm);
      return routed ? [{ alarm, routed }] : [];
    });
}

/** The alarm's name as written in its template, when it is a plain string (all routed alarms are named). */
function plainName(alarm: cloudwatch.AlarmBase): string | undefined {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm | undefined;
  const name = cfn?.alarmName;
  return name !== undefined && !Token.isUnresolved(name) ? name : undefined;
}

/**
 * An alarm status widget over the stage's alarms of one severity. The list is read when the
 * dashboard is rendered, so alarms of every stack of the stage appear, those built after the
 * dashboard included. Alarms of other stacks are named by ARN built from their name, which adds no
 * cross-stack reference.
 */
export class SeverityAlarmStatusWidget extends cloudwatch.ConcreteWidget {
  constructor(
    private readonly scope: Construct,
    private readonly props: {
      readonly stage: string;
      readonly title: string;
      readonly selection: AlarmSelection;
      readonly width: number;
      readonly height: number;
    },
  ) {
    super(props.width, props.height);
  }

  /** How many alarms it lists now; the dashboard sizes the widget from this. */
  count(): number {
    return this.arns().length;
  }

  toJson(): unknown[] {
    const alarms = this.arns();
    if (alarms.length > MAX_ALARMS_PER_STATUS_WIDGET)
      throw new Error(
        `${this.props.title}: ${alarms.length} alarms, but an alarm status widget shows at most ${MAX_ALARMS_PER_STATUS_WIDGET}; split the selection.`,
      );
    if (alarms.length === 0) {
      // CloudWatch refuses an alarm widget without alarms.
      const empty = new cloudwatch.TextWidget({
        markdown: `**${this.props.title}**\n\nNone in this stage.`,
        width: this.width,
        height: this.height,
      });
      empty.position(this.x ?? 0, this.y ?? 0);
      return empty.toJson();
    }
    return [
      {
        type: 'alarm',
        width: this.width,
        height: this.height,
        x: this.x,
        y: this.y,
        properties: { title: this.props.title, alarms, sortBy: 'stateUpdatedTimestamp' },
      },
    ];
  }

  private arns(): string[] {
    const here = Stack.of(this.scope);
    return stageRoutedAlarms(this.scope, this.props.stage)
      .filter(({ routed }) => selected(routed, this.props.selection))
      .map(({ alarm }) => {
        const name = plainName(alarm);
        if (Stack.of(alarm) === here || name === undefined) return alarm.alarmArn;
        return here.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      });
  }
}

/** Lines that say error: Powertools' `level` field, and plain-text stack traces. */
const ERROR_FILTER = `filter level = 'ERROR' or @message like /(?i)error/`;

export interface LogWidgetGroups {
  readonly api: logs.ILogGroup;
  readonly worker: logs.ILogGroup;
  /**
   * Log groups of the backup, restore-test and drill functions and workflows, read when the
   * dashboard renders (the drills are built after the dashboard).
   */
  readonly automation: () => readonly logs.ILogGroup[];
}

/** A Logs Insights widget whose log groups are read when the dashboard renders. */
class LateLogQueryWidget extends cloudwatch.ConcreteWidget {
  constructor(
    private readonly props: Omit<cloudwatch.LogQueryWidgetProps, 'logGroupNames'> & { readonly width: number; readonly height: number },
    private readonly logGroups: () => readonly logs.ILogGroup[],
  ) {
    super(props.width, props.height);
  }

  toJson(): unknown[] {
    const groups = this.logGroups();
    // Logs Insights queries at most 50 log groups named one by one.
    if (groups.length > MAX_LOG_GROUPS_PER_QUERY)
      throw new Error(`${this.props.title}: ${groups.length} log groups, a Logs Insights query takes at most ${MAX_LOG_GROUPS_PER_QUERY}.`);
    const widget =
      groups.length > 0
        ? new cloudwatch.LogQueryWidget({ ...this.props, logGroupNames: groups.map((group) => group.logGroupName) })
        : new cloudwatch.TextWidget({
            markdown: `**${this.props.title}**\n\nNo automation log groups in this stage.`,
            width: this.width,
            height: this.height,
          });
    widget.position(this.x ?? 0, this.y ?? 0);
    return widget.toJson();
  }
}

/**
 * Logs Insights widgets for the first minutes of an incident: errors per service, the slowest API
 * requests (from the request lines the API logs, see docs/operations.md#logs), and failed
 * automation runs (ERROR lines of the functions, failed or timed-out executions of the workflows).
 */
export function logInsightsWidgets(groups: LogWidgetGroups): cloudwatch.IWidget[] {
  const errorsOf = (title: string, group: logs.ILogGroup) =>
    new cloudwatch.LogQueryWidget({
      title,
      logGroupNames: [group.logGroupName],
      queryLines: [ERROR_FILTER, 'stats count(*) as errors by bin(5m)'],
      view: cloudwatch.LogQueryVisualizationType.LINE,
      width: 6,
      height: 6,
    });
  const widgets: cloudwatch.IWidget[] = [
    errorsOf('API errors (log lines per 5 min)', groups.api),
    errorsOf('Worker errors (log lines per 5 min)', groups.worker),
    new cloudwatch.LogQueryWidget({
      title: 'Slowest API requests (durationMs of the request log lines)',
      logGroupNames: [groups.api.logGroupName],
      queryLines: [
        'fields @timestamp, method, path, status, durationMs',
        'filter ispresent(durationMs)',
        'sort durationMs desc',
        'limit 20',
      ],
      view: cloudwatch.LogQueryVisualizationType.TABLE,
      width: 12,
      height: 6,
    }),
  ];
  widgets.push(
    new LateLogQueryWidget(
      {
        title: 'Failed automation runs (backups, restore tests, drills)',
        queryLines: [
          'fields @timestamp, @log, coalesce(message, error, cause, type) as what',
          `filter level = 'ERROR' or type in ['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']`,
          'sort @timestamp desc',
          'limit 50',
        ],
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: 24,
        height: 6,
      },
      groups.automation,
    ),
  );
  return widgets;
}
