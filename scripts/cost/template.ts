/** The parts of a synthesized CloudFormation template the estimate reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** One synthesized stack: its name, the region it deploys to, and its template. */
export interface StackTemplate {
  readonly stackName: string;
  readonly region: string;
  readonly template: CfnTemplate;
}

export interface Resource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

export function resourcesOf(template: CfnTemplate, type: string): Resource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([logicalId, r]) => ({ logicalId, type: r.Type, properties: r.Properties ?? {} }));
}

/** `ApiServiceC3A1B2D4` → `ApiService`: CDK's hash suffix says nothing to a reader. */
export function readableId(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '') || logicalId;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, if the value is one. */
export function referencedId(value: unknown): string | undefined {
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | undefined;
  if (typeof v?.Ref === 'string') return v.Ref;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a value (e.g. inside an Fn::Join). */
export function referencedIds(value: unknown): string[] {
  const direct = referencedId(value);
  if (direct) return [direct];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') return Object.values(value).flatMap(referencedIds);
  return [];
}

/** A number from a property that CloudFormation may hold as a string ("256"). */
export function numberProperty(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
