/**
 * Reads the IAM side of synthesized templates: every role, what it may assume, the AWS managed
 * policies it carries and every statement that reaches it (inline `Policies`, `AWS::IAM::Policy`
 * and `AWS::IAM::ManagedPolicy` resources attached to it). Pure functions over template JSON, so
 * the least-privilege test and `npm run iam-report` read the same thing.
 */

/** A template as CloudFormation reads it (only the parts read here). */
export interface TemplateJson {
  readonly Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
}

/** One IAM policy statement as a template holds it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A statement and where it comes from. */
export interface Grant {
  /** Stack part (`services`, `backup`, …). */
  readonly part: string;
  /** Logical id of the role, or the role reference as written when the role is not in this template. */
  readonly role: string;
  /** Logical id of the policy resource, or `<role>.Policies[<name>]` for an inline policy. */
  readonly policy: string;
  readonly statement: PolicyStatement;
}

export interface RoleSummary {
  readonly part: string;
  readonly id: string;
  /** Construct path without the stack and `/Resource`, when the template carries path metadata. */
  readonly path?: string;
  /** Service principals (or other principals) that may assume the role. */
  readonly assumedBy: string[];
  /** AWS managed policies by name (`service-role/AWSLambdaBasicExecutionRole`); other ARNs as rendered. */
  readonly managedPolicies: string[];
  readonly grants: Grant[];
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A CloudFormation value as one readable string: `{Ref: X}` → `<X>`, `Fn::GetAtt` → `<X.Attr>`,
 * `Fn::Join` concatenated, a cross-stack reference → `<stack:output>`. Pseudo parameters keep their name.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return `<${render(node.Ref)}>`;
  if ('Fn::GetAtt' in node)
    return `<${asList(node['Fn::GetAtt'] as unknown[])
      .map(render)
      .join('.')}>`;
  if ('Fn::Join' in node) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(render).join(delimiter);
  }
  if ('Fn::Sub' in node) return render(asList(node['Fn::Sub'] as unknown[])[0]);
  if ('Fn::ImportValue' in node) return `<import:${render(node['Fn::ImportValue'])}>`;
  if ('Fn::GetStackOutput' in node) {
    const ref = node['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown };
    return `<${render(ref.StackName)}:${render(ref.OutputName)}>`;
  }
  if ('Fn::Select' in node) {
    const [index, list] = node['Fn::Select'] as [unknown, unknown];
    return `<select ${render(index)} of ${render(list)}>`;
  }
  if ('Fn::Split' in node) {
    const [delimiter, source] = node['Fn::Split'] as [string, unknown];
    return `<split "${delimiter}" ${render(source)}>`;
  }
  return JSON.stringify(value);
}

/** `arn:…:iam::aws:policy/service-role/X` → `service-role/X`; anything else as rendered. */
function managedPolicyName(arn: unknown): string {
  const text = render(arn);
  const aws = /:iam::aws:policy\/(.+)$/.exec(text);
  return aws ? aws[1] : text;
}

function principals(document: unknown): string[] {
  const statements = asList((document as { Statement?: PolicyStatement[] } | undefined)?.Statement);
  return statements.flatMap((s) => {
    const principal = (s as { Principal?: Record<string, unknown> | string }).Principal;
    if (principal === undefined) return [];
    if (typeof principal === 'string') return [principal];
    return Object.entries(principal).flatMap(([kind, who]) =>
      asList(who).map((w) => (kind === 'Service' ? render(w) : `${kind}:${render(w)}`)),
    );
  });
}

function displayPath(metadata: Record<string, unknown> | undefined): string | undefined {
  const path = metadata?.['aws:cdk:path'];
  return typeof path === 'string'
    ? path
        .split('/')
        .slice(1)
        .join('/')
        .replace(/\/Resource$/, '')
    : undefined;
}

/** The role a policy's `Roles` entry points at: its logical id when it is a `Ref` to this template, else the reference as written. */
function roleKey(reference: unknown): string {
  const ref = (reference as { Ref?: unknown } | undefined)?.Ref;
  return typeof ref === 'string' ? ref : render(reference);
}

/** Every statement of every IAM policy in a template, with the role it applies to (one grant per attached role). */
export function templateGrants(part: string, template: TemplateJson): Grant[] {
  const grants: Grant[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of asList(props.Policies as Array<{ PolicyName: unknown; PolicyDocument: { Statement: PolicyStatement[] } }>)) {
        for (const statement of asList(inline.PolicyDocument.Statement))
          grants.push({ part, role: id, policy: `${id}.Policies[${render(inline.PolicyName)}]`, statement });
      }
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const document = props.PolicyDocument as { Statement: PolicyStatement[] };
      const roles = asList(props.Roles as unknown[]);
      // A managed policy may also be attached to users or groups; it is still checked, under no role.
      for (const role of roles.length > 0 ? roles : ['(no role)']) {
        for (const statement of asList(document.Statement)) grants.push({ part, role: roleKey(role), policy: id, statement });
      }
    }
  }
  return grants;
}

/** Every role of a template with its trust, AWS managed policies and statements. */
export function templateRoles(part: string, template: TemplateJson): RoleSummary[] {
  const grants = templateGrants(part, template);
  const resources = template.Resources ?? {};
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([id, r]) => ({
      part,
      id,
      path: displayPath(r.Metadata),
      assumedBy: principals(r.Properties?.AssumeRolePolicyDocument),
      managedPolicies: asList(r.Properties?.ManagedPolicyArns as unknown[]).map(managedPolicyName),
      grants: grants.filter((g) => g.role === id),
    }));
}

/** A statement's actions (`NotAction` is reported by the checks, not expanded). */
export function actionsOf(statement: PolicyStatement): string[] {
  return asList(statement.Action);
}

/** Whether a statement applies to every resource: `Resource: "*"` (alone or in a list) or any `NotResource`. */
export function onEveryResource(statement: PolicyStatement): boolean {
  return statement.NotResource !== undefined || asList(statement.Resource).some((r) => r === '*');
}
