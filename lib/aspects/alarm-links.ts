import { Annotations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { runbookName } from '../catalogs/alarm-catalog';
import { dashboardUrl, logsInsightsUrl, logsLookbackSeconds, runbookUrl } from '../catalogs/console-links';
import { routedAlarm } from '../constructs/common/alarm-routing';
import { StageAspect } from './stage-aspect';

export interface AlarmLinksProps {
  readonly stage: string;
  /** The stage's region, as a plain string (from config), so the links hold no token. */
  readonly region: string;
  readonly dashboardName: string;
  /** `monitoring.alerts.runbookBaseUrl`: the repository's docs/runbooks folder on the web. */
  readonly runbookBaseUrl: string;
}

/**
 * Ends the description of every alarm of the stage with its severity and three links: its runbook,
 * the stage dashboard and a Logs Insights query of its log groups over its window. An Aspect, so
 * alarms of every stack get them, those added later included. An alarm that was not routed by
 * severity (routeAlarm) is a synth error, unless it is an auto-scaling policy's own alarm.
 */
export class AlarmLinks extends StageAspect {
  private readonly done = new WeakSet<IConstruct>();

  constructor(private readonly props: AlarmLinksProps) {
    super(props.stage);
  }

  protected visitInStage(node: IConstruct): void {
    if (!(node instanceof cloudwatch.CfnAlarm || node instanceof cloudwatch.CfnCompositeAlarm) || this.done.has(node)) return;
    this.done.add(node);
    const owner = node.node.scope;
    const routed = owner ? routedAlarm(owner) : undefined;
    if (!routed) {
      if (!isScalingAlarm(node))
        Annotations.of(node).addError(
          'This alarm has no severity: build it with createStageAlarm, or route it with routeAlarm (lib/constructs/common/alarm-routing.ts).',
        );
      return;
    }
    const description = `${node.alarmDescription ?? ''} ${alarmLinksText(this.props, routed)}`.trim();
    node.alarmDescription = description;
    const length = estimatedLength(description);
    if (length > ALARM_DESCRIPTION_LIMIT)
      Annotations.of(node).addError(
        `The alarm description would be about ${length} characters (generated names counted as ${TOKEN_ESTIMATE}); CloudWatch allows ${ALARM_DESCRIPTION_LIMIT}. Shorten the catalog's meaning or first check, or the condition text.`,
      );
  }
}

/** CloudWatch's limit on AlarmDescription. */
export const ALARM_DESCRIPTION_LIMIT = 1024;
/** What a reference (a generated log group name: stack name, logical id, suffix) is counted as. */
const TOKEN_ESTIMATE = 100;

function estimatedLength(text: string): number {
  return text.replace(/\$\{Token\[[^\]]+\]\}/g, '#'.repeat(TOKEN_ESTIMATE)).length;
}

/** `Severity: critical. Runbook: … Dashboard: … Logs: …`, the text the aspect appends. */
export function alarmLinksText(
  props: AlarmLinksProps,
  routed: {
    readonly kind: Parameters<typeof runbookName>[0];
    readonly severity: string;
    readonly logGroups: readonly { logGroupName: string }[];
    readonly logsRegion?: string;
    readonly windowSeconds: number;
  },
): string {
  const { region } = props;
  const logs = logsInsightsUrl(
    routed.logsRegion ?? region,
    routed.logGroups.map((group) => group.logGroupName),
    logsLookbackSeconds(routed.windowSeconds),
  );
  return [
    `Severity: ${routed.severity}.`,
    `Runbook: ${runbookUrl(props.runbookBaseUrl, runbookName(routed.kind))}`,
    `Dashboard: ${dashboardUrl(region, props.dashboardName)}`,
    `Logs: ${logs}`,
  ].join(' ');
}

function isScalingAlarm(node: IConstruct): boolean {
  return node.node.scopes.some((scope) => scope instanceof appscaling.StepScalingPolicy || scope instanceof autoscaling.StepScalingPolicy);
}
