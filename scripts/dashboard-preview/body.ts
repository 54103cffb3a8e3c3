/**
 * Turns a synthesized AWS::CloudWatch::Dashboard back into the widget list CloudWatch will see:
 * the DashboardBody is an `Fn::Join` of JSON text and CloudFormation intrinsics, and the
 * intrinsics become readable placeholders such as `${ApiService.Name}`.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

export interface DashboardWidget {
  readonly type: string;
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly properties?: Record<string, unknown>;
}

export interface DashboardBody {
  readonly start?: string;
  readonly widgets: readonly DashboardWidget[];
}

/** Readable text for a reference to a resource attribute, or undefined for the default placeholder. */
export type ReferenceNamer = (logicalId: string, attribute?: string) => string | undefined;

/** `ApiServiceC2D9A0B1` → `ApiService`: the hash CDK appends says nothing to a reader. */
export function readableId(logicalId: string): string {
  const match = /^(.+?)[0-9A-F]{8}$/.exec(logicalId);
  return match ? match[1] : logicalId;
}

function placeholder(logicalId: string, attribute: string | undefined, namer?: ReferenceNamer): string {
  const named = namer?.(logicalId, attribute);
  if (named !== undefined) return named;
  if (logicalId.startsWith('AWS::')) return `\${${logicalId}}`;
  return `\${${readableId(logicalId)}${attribute ? `.${attribute}` : ''}}`;
}

/** Renders any CloudFormation value as text, replacing intrinsics by placeholders. */
export function flattenIntrinsic(value: unknown, namer?: ReferenceNamer): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object') return '';
  if (Array.isArray(value)) return value.map((item) => flattenIntrinsic(item, namer)).join(',');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return '${?}';
  const [fn, arg] = entries[0];
  switch (fn) {
    case 'Ref':
      return placeholder(String(arg), undefined, namer);
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return placeholder(String(id), String(attribute), namer);
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => flattenIntrinsic(part, namer)).join(separator);
    }
    case 'Fn::Select': {
      // Select-of-Split is how CDK cuts an ARN into a name; show which part of which reference.
      const [index, list] = arg as [number, unknown];
      const source = flattenIntrinsic(list, namer);
      const inner = /^\$\{(.+)\}$/.exec(source);
      return inner ? `\${${inner[1]}[${index}]}` : `\${select ${index}}`;
    }
    case 'Fn::Split': {
      const [, source] = arg as [string, unknown];
      return flattenIntrinsic(source, namer);
    }
    case 'Fn::GetStackOutput': {
      // A weak cross-stack reference: name the producing stack and what it exports (`PublishOutputRefApiTaskLogsA6090582…`).
      const { StackName, OutputName } = arg as { StackName?: unknown; OutputName?: unknown };
      const exported = String(OutputName ?? '').replace(/^PublishOutput(Ref|FnGetAtt)/, '');
      return `\${${String(StackName)}:${readableId(readableId(exported))}}`;
    }
    case 'Fn::Sub':
      return typeof arg === 'string' ? arg : flattenIntrinsic((arg as unknown[])[0], namer);
    default:
      return `\${${fn.replace(/^Fn::/, '')}}`;
  }
}

/** Alarm references read as the alarm's name, so the preview lists alarms as the console does. */
export function alarmNamer(template: CfnTemplate): ReferenceNamer {
  return (logicalId, attribute) => {
    const resource = template.Resources?.[logicalId];
    if (!resource || attribute !== 'Arn') return undefined;
    if (resource.Type !== 'AWS::CloudWatch::Alarm' && resource.Type !== 'AWS::CloudWatch::CompositeAlarm') return undefined;
    const name = resource.Properties?.AlarmName;
    return typeof name === 'string' ? `arn:aws:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${name}` : undefined;
  };
}

export interface FoundDashboard {
  readonly logicalId: string;
  /** DashboardName as written in the template (flattened), or the readable logical id. */
  readonly name: string;
  readonly body: DashboardBody;
}

/** Every dashboard in a template, its body flattened and parsed. */
export function findDashboards(template: CfnTemplate): FoundDashboard[] {
  const namer = alarmNamer(template);
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Dashboard')
    .map(([logicalId, resource]) => {
      const text = flattenIntrinsic(resource.Properties?.DashboardBody, namer);
      let body: DashboardBody;
      try {
        body = JSON.parse(text) as DashboardBody;
      } catch (error) {
        throw new Error(`Dashboard ${logicalId}: the flattened DashboardBody is not JSON (${(error as Error).message}).`);
      }
      const name = resource.Properties?.DashboardName;
      return { logicalId, name: name === undefined ? readableId(logicalId) : flattenIntrinsic(name, namer), body };
    });
}
