/**
 * What CloudFormation makes a resource wait for, read from template JSON alone: its DependsOn and
 * every Ref, Fn::GetAtt and Fn::Sub `${…}` naming another resource of the same template, and,
 * transitively, what those wait for. Anything outside the template (another stack's output, a
 * parameter, a pseudo parameter) is left out: stack order covers other stacks.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: unknown;
  readonly DependsOn?: string | readonly string[];
}

export interface TemplateJson {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
}

/** Logical ids `value` names with Ref, Fn::GetAtt or Fn::Sub, wherever they sit in it (resources or not). */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = record[key];
    if (key === 'Ref' && typeof arg === 'string') return [arg];
    if (key === 'Fn::GetAtt') {
      if (Array.isArray(arg) && typeof arg[0] === 'string') return [arg[0], ...referencedIds(arg.slice(1))];
      if (typeof arg === 'string') return [arg.split('.')[0]];
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      const named = typeof text === 'string' ? subVariables(text) : [];
      const local = new Set(variables && typeof variables === 'object' ? Object.keys(variables) : []);
      return [...named.filter((name) => !local.has(name)), ...referencedIds(variables)];
    }
  }
  return Object.values(record).flatMap(referencedIds);
}

/** `${Name}` and `${Name.Attr}` in a Fn::Sub string, without the `${!Literal}` escapes. */
function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].split('.')[0]);
}

/** Resources `id` waits for directly: DependsOn plus the resources its properties reference. */
export function directDependencies(template: TemplateJson, id: string): Set<string> {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id} in the template`);
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  return new Set([...dependsOn, ...referencedIds(resource.Properties)].filter((name) => name !== id && name in template.Resources));
}

/** Every resource `id` waits for, directly or through others; `id` itself is not included. */
export function dependencyClosure(template: TemplateJson, id: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...directDependencies(template, id)];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next) || next === id) continue;
    seen.add(next);
    queue.push(...directDependencies(template, next));
  }
  return seen;
}

/** Logical ids of the template's resources of `type`. */
export function idsOfType(template: TemplateJson, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** The resources of `ids` that `value` references. */
function refsAmong(value: unknown, ids: ReadonlySet<string>): string[] {
  return referencedIds(value).filter((name) => ids.has(name));
}

/**
 * What a resource that does work at deploy time needs to exist before it runs, but does not wait
 * for: each entry names the resource and why. Its work runs with the roles, security groups,
 * secrets and functions it waits for (its closure), and each of those is complete only with what
 * attaches to it from outside: a role with its policies, a security group with the rules that let
 * it reach other groups, a secret it reads with its target attachment and rotation, a function with
 * the log group named after it.
 */
export function missingPrerequisites(template: TemplateJson, id: string): string[] {
  const closure = dependencyClosure(template, id);
  const typed = (type: string) => new Set([...closure].filter((name) => template.Resources[name].Type === type));
  const roles = typed('AWS::IAM::Role');
  const groups = typed('AWS::EC2::SecurityGroup');
  const secrets = readSecrets(template, closure);
  const functions = typed('AWS::Lambda::Function');
  const gaps: string[] = [];
  for (const [other, resource] of Object.entries(template.Resources)) {
    if (other === id || closure.has(other)) continue;
    const p = (resource.Properties ?? {}) as Record<string, unknown>;
    let reason: string | undefined;
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        reason = refsAmong(p.Roles, roles).map((role) => `a policy of role ${role}`)[0];
        break;
      case 'AWS::EC2::SecurityGroupIngress':
        reason = refsAmong(p.SourceSecurityGroupId, groups).map((group) => `lets security group ${group} in`)[0];
        break;
      case 'AWS::EC2::SecurityGroupEgress':
        reason = refsAmong(p.GroupId, groups).map((group) => `lets security group ${group} out`)[0];
        break;
      case 'AWS::SecretsManager::SecretTargetAttachment':
      case 'AWS::SecretsManager::RotationSchedule':
        reason = refsAmong(p.SecretId, secrets).map((secret) => `completes secret ${secret}`)[0];
        break;
      case 'AWS::Logs::LogGroup':
        reason = refsAmong(p.LogGroupName, functions).map((fn) => `the log group of function ${fn}`)[0];
        break;
    }
    if (reason) gaps.push(`${other} (${resource.Type}): ${reason}`);
  }
  return gaps;
}

/**
 * Secrets the work reads: those a policy in the closure grants or a task definition in it injects.
 * A resource that only names a secret (an RDS instance's generated password) does not read it.
 */
function readSecrets(template: TemplateJson, closure: ReadonlySet<string>): Set<string> {
  const secrets = new Set([...closure].filter((name) => template.Resources[name].Type === 'AWS::SecretsManager::Secret'));
  const readers = [...closure]
    .map((name) => template.Resources[name])
    .flatMap((r) => {
      const p = (r.Properties ?? {}) as Record<string, unknown>;
      if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') return [p.PolicyDocument];
      if (r.Type === 'AWS::ECS::TaskDefinition')
        return ((p.ContainerDefinitions ?? []) as Array<{ Secrets?: unknown }>).map((c) => c.Secrets);
      return [];
    });
  return new Set(readers.flatMap((value) => refsAmong(value, secrets)));
}
