/**
 * The IAM contract: every AWS call a function's tests recorded, put in terms of one stage
 * (environment values from the function's template, the stage's account and regions), turned into
 * the authorizations AWS makes (aws-requests.ts) and evaluated against the function role's
 * policies in that stage's templates by @cloud-copilot/iam-simulate.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { COMMANDS, IamRequest, Where } from './aws-requests';
import { ConcreteValues, StageTemplates } from './concrete';
import { asList, PolicyStatement, templateGrants, TemplateJson } from './policies';

export interface RecordedCall {
  readonly client: string;
  readonly command: string;
  readonly input: unknown;
  readonly region?: string;
}

/** A function of the stage as its template builds it. */
export interface StageFunction {
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly roleId: string;
  /** Environment variables, resolved to the stage's values. */
  readonly environment: Record<string, string>;
  readonly statements: PolicyStatement[];
}

/** Functions built from `lambda/<name>/` (PlatformFunction sets POWERTOOLS_SERVICE_NAME to it). */
export function stageFunctions(stage: StageTemplates): StageFunction[] {
  const values = new ConcreteValues(stage);
  const functions: StageFunction[] = [];
  for (const [stackName, template] of Object.entries(stage.byStackName)) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      const name = variables.POWERTOOLS_SERVICE_NAME;
      if (typeof name !== 'string') continue;
      const role = (resource.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      if (!role) throw new Error(`${stackName}/${logicalId} (${name}): its role is not a role of the same stack`);
      const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, values.resolve(v, stackName)]));
      const statements = templateGrants(stackName, template as TemplateJson)
        .filter((g) => g.role === role)
        .map((g) => resolveStatement(g.statement, values, stackName));
      functions.push({ name, stackName, logicalId, roleId: role, environment, statements });
    }
  }
  return functions;
}

function resolveStatement(statement: PolicyStatement, values: ConcreteValues, stackName: string): PolicyStatement {
  const resolveList = (v: unknown) => (v === undefined ? undefined : asList(v as unknown[]).map((r) => values.resolve(r, stackName)));
  const condition = statement.Condition
    ? Object.fromEntries(
        Object.entries(statement.Condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => values.resolve(x, stackName)) : values.resolve(v, stackName)]))]),
      )
    : undefined;
  return {
    Effect: statement.Effect,
    ...(statement.Action !== undefined ? { Action: statement.Action } : {}),
    ...(statement.NotAction !== undefined ? { NotAction: statement.NotAction } : {}),
    ...(statement.Resource !== undefined ? { Resource: resolveList(statement.Resource) } : {}),
    ...(statement.NotResource !== undefined ? { NotResource: resolveList(statement.NotResource) } : {}),
    ...(condition ? { Condition: condition } : {}),
  };
}

export interface StagePlace extends Where {
  /** The stage's disaster-recovery region, for calls its tests sent to a second region. */
  readonly drRegion?: string;
}

/**
 * A recorded value in terms of the stage: `${NAME}` → the function's environment value (a name
 * the template does not set is an error: the test configured something the construct does not),
 * then the test's literal values the function's aliases list.
 */
export function inStage(text: string, fn: StageFunction, aliases: Readonly<Record<string, string>>, place: StagePlace): string {
  let out = text;
  for (const [literal, replacement] of Object.entries(aliases).sort((a, b) => b[0].length - a[0].length)) out = out.split(literal).join(replacement);
  return out.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (name === 'AWS_REGION') return place.region;
    if (name === 'DR_REGION_OF_STAGE') return place.drRegion ?? place.region;
    if (name === 'ACCOUNT') return place.account;
    const value = fn.environment[name];
    if (value === undefined) throw new Error(`its tests set ${name}, which the ${fn.stackName}/${fn.logicalId} environment does not`);
    return value;
  });
}

function deepInStage(value: unknown, fn: StageFunction, aliases: Readonly<Record<string, string>>, place: StagePlace): unknown {
  if (typeof value === 'string') return inStage(value, fn, aliases, place);
  if (Array.isArray(value)) return value.map((v) => deepInStage(v, fn, aliases, place));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepInStage(v, fn, aliases, place)]));
  return value;
}

/** The authorizations one recorded call needs in the stage. */
export function requestsFor(call: RecordedCall, fn: StageFunction, aliases: Readonly<Record<string, string>>, place: StagePlace): IamRequest[] {
  const row = COMMANDS[`${call.client}.${call.command}`];
  if (!row) throw new Error(`${call.client}.${call.command} has no row in scripts/iam/aws-requests.ts COMMANDS; add its action, resources and source`);
  const region = call.region === undefined ? place.region : inStage(call.region, fn, aliases, place);
  const input = deepInStage(call.input, fn, aliases, place) as Record<string, unknown>;
  return row.requests(input, { partition: place.partition, account: place.account, region });
}

/** Undefined when the role's policies allow the request; otherwise why not, in a line. */
export async function denial(request: IamRequest, fn: StageFunction, place: StagePlace): Promise<string | undefined> {
  const principal = `arn:${place.partition}:iam::${place.account}:role/${fn.roleId}`;
  const result = await runSimulation(
    {
      identityPolicies: [{ name: fn.roleId, policy: { Version: '2012-10-17', Statement: fn.statements } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        action: request.action,
        principal,
        resource: { resource: request.resource, accountId: place.account },
        contextVariables: { 'aws:SecureTransport': 'true', ...(request.context ?? {}) },
      },
    },
    {},
  );
  if (result.resultType === 'error') return `the simulator rejected the request: ${JSON.stringify(result.errors)}`;
  return result.overallResult === 'Allowed' ? undefined : result.overallResult;
}
