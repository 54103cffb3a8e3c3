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

/** One AWS call a handler's test sent, as test/support/aws-call-recorder.ts records it. */
export interface RecordedCall {
  /** SDK client class, e.g. `S3Client`. */
  readonly client: string;
  /** SDK command class, e.g. `GetObjectCommand`. */
  readonly command: string;
  /** The request, with environment values as `${NAME}` and bodies left out. */
  readonly input: unknown;
  /** The client's region, as `${NAME}` when it came from the environment; absent: the function's own region. */
  readonly region?: string;
  /**
   * Tags the response showed on resources the handler then acts on (`TagList` of a described
   * instance or snapshot, a ListTagsForResource answer), by ARN or `rds:db:<id>`/`rds:snapshot:<id>`:
   * what the resource carries in AWS, for policies conditioned on its tags.
   */
  readonly resourceTags?: Record<string, Record<string, string>>;
}

/** A function of the stage as its template builds it. */
export interface StageFunction {
  readonly name: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly roleId: string;
  /** Environment variables, resolved to the stage's values. */
  readonly environment: Record<string, string>;
  /**
   * For a custom resource's handler: the resource's properties, resolved (what CloudFormation sends
   * in the event), with `StackId` and, for a `ClusterArn`, `ClusterTaskPrefix` (its tasks' ARNs).
   */
  readonly properties?: Record<string, string>;
  readonly statements: PolicyStatement[];
}

/** Functions built from `lambda/<name>/` (PlatformFunction sets POWERTOOLS_SERVICE_NAME to it). */
export function stageFunctions(stage: StageTemplates): StageFunction[] {
  const values = new ConcreteValues(stage);
  const functions: StageFunction[] = [];
  for (const [stackName, template] of Object.entries(stage.byStackName)) {
    const properties = customResourceProperties(template as TemplateJson, values, stackName);
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
        {}) as Record<string, unknown>;
      const name = variables.POWERTOOLS_SERVICE_NAME;
      if (typeof name !== 'string') continue;
      const role = (resource.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      if (!role) throw new Error(`${stackName}/${logicalId} (${name}): its role is not a role of the same stack`);
      const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, values.resolve(v, stackName)]));
      const statements = templateGrants(stackName, template as TemplateJson)
        .filter((g) => g.role === role)
        .map((g) => resolveStatement(g.statement, values, stackName));
      functions.push({
        name,
        stackName,
        logicalId,
        roleId: role,
        environment,
        statements,
        ...(properties.has(logicalId) ? { properties: properties.get(logicalId) } : {}),
      });
    }
  }
  return functions;
}

/**
 * The properties of each custom resource served by a provider framework (aws-cdk-lib/custom-resources),
 * by the logical id of the user handlers the framework calls (USER_ON_EVENT/IS_COMPLETE_FUNCTION_ARN).
 */
function customResourceProperties(template: TemplateJson, values: ConcreteValues, stackName: string): Map<string, Record<string, string>> {
  const resources = template.Resources ?? {};
  const byHandler = new Map<string, Record<string, string>>();
  const getAtt = (v: unknown) => (v as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  for (const resource of Object.values(resources)) {
    if (!(resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource')) continue;
    const { ServiceToken, ...rest } = resource.Properties ?? {};
    const framework = resources[getAtt(ServiceToken) ?? ''];
    const variables = ((framework?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {}) as Record<string, unknown>;
    const handlers = [variables.USER_ON_EVENT_FUNCTION_ARN, variables.USER_IS_COMPLETE_FUNCTION_ARN]
      .map(getAtt)
      .filter((id): id is string => Boolean(id));
    const resolved: Record<string, string> = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, values.resolve(v, stackName)]));
    resolved.StackId = values.resolve({ Ref: 'AWS::StackId' }, stackName);
    if (resolved.ClusterArn) resolved.ClusterTaskPrefix = resolved.ClusterArn.replace(':cluster/', ':task/');
    for (const id of handlers) byHandler.set(id, resolved);
  }
  return byHandler;
}

function resolveStatement(statement: PolicyStatement, values: ConcreteValues, stackName: string): PolicyStatement {
  const resolveList = (v: unknown) => (v === undefined ? undefined : asList(v as unknown[]).map((r) => values.resolve(r, stackName)));
  const condition = statement.Condition
    ? Object.fromEntries(
        Object.entries(statement.Condition).map(([op, keys]) => [
          op,
          Object.fromEntries(
            Object.entries(keys).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.map((x) => values.resolve(x, stackName)) : values.resolve(v, stackName),
            ]),
          ),
        ]),
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
  for (const [literal, replacement] of Object.entries(aliases).sort((a, b) => b[0].length - a[0].length))
    out = out.split(literal).join(replacement);
  return out.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (name === 'AWS_REGION') return place.region;
    if (name === 'DR_REGION_OF_STAGE') return place.drRegion ?? place.region;
    if (name === 'ACCOUNT') return place.account;
    const value = fn.environment[name] ?? fn.properties?.[name];
    if (value === undefined)
      throw new Error(`its tests set ${name}, which the ${fn.stackName}/${fn.logicalId} environment (or custom resource) does not`);
    return value;
  });
}

function deepInStage(value: unknown, fn: StageFunction, aliases: Readonly<Record<string, string>>, place: StagePlace): unknown {
  if (typeof value === 'string') return inStage(value, fn, aliases, place);
  if (Array.isArray(value)) return value.map((v) => deepInStage(v, fn, aliases, place));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepInStage(v, fn, aliases, place)]));
  return value;
}

function callRegion(call: RecordedCall, fn: StageFunction, aliases: Readonly<Record<string, string>>, place: StagePlace): string {
  return call.region === undefined ? place.region : inStage(call.region, fn, aliases, place);
}

/** The authorizations one recorded call needs in the stage. */
export function requestsFor(
  call: RecordedCall,
  fn: StageFunction,
  aliases: Readonly<Record<string, string>>,
  place: StagePlace,
): IamRequest[] {
  const row = COMMANDS[`${call.client}.${call.command}`];
  if (!row)
    throw new Error(
      `${call.client}.${call.command} has no row in scripts/iam/aws-requests.ts COMMANDS; add its action, resources and source`,
    );
  const input = deepInStage(call.input, fn, aliases, place) as Record<string, unknown>;
  return row.requests(input, { partition: place.partition, account: place.account, region: callRegion(call, fn, aliases, place) });
}

/**
 * The tags resources carry in a stage, as the recorded calls show them: what a create request put
 * on the resource it created (a restore-test copy carries the tags its start step gave it), and
 * what an answer showed on a resource a handler then acted on (a snapshot's TagList). Read by ARN.
 */
export class TagLedger {
  private readonly tags = new Map<string, Record<string, string>>();

  /** Notes the resource tags one recorded call shows, and those its create requests set. */
  note(
    call: RecordedCall,
    requests: readonly IamRequest[],
    fn: StageFunction,
    aliases: Readonly<Record<string, string>>,
    place: StagePlace,
  ): void {
    const region = callRegion(call, fn, aliases, place);
    for (const [resource, tags] of Object.entries(call.resourceTags ?? {})) {
      const known = /^rds:(db|snapshot):(.+)$/.exec(resource);
      const arn = known ? `arn:${place.partition}:rds:${region}:${place.account}:${known[1]}:${known[2]}` : resource;
      this.set(inStage(arn, fn, aliases, place), deepInStage(tags, fn, aliases, place) as Record<string, string>);
    }
    for (const request of requests.filter((r) => r.creates)) {
      const set = Object.entries(request.context ?? {}).filter(([k]) => k.startsWith('aws:RequestTag/'));
      if (set.length) this.set(request.resource, Object.fromEntries(set.map(([k, v]) => [k.slice('aws:RequestTag/'.length), String(v)])));
    }
  }

  private set(arn: string, tags: Record<string, string>): void {
    this.tags.set(arn, { ...(this.tags.get(arn) ?? {}), ...tags });
  }

  /**
   * The resource-tag condition keys of a request on an existing resource: aws:ResourceTag/<key>,
   * and RDS's rds:db-tag/<key> or rds:snapshot-tag/<key> (list_amazonrds.html, resource types).
   */
  context(request: IamRequest): Record<string, string> {
    if (request.creates) return {};
    const tags = this.tags.get(request.resource) ?? {};
    const rds = /^arn:[^:]+:rds:[^:]*:[^:]*:(db|snapshot):/.exec(request.resource)?.[1];
    return Object.fromEntries(
      Object.entries(tags).flatMap(([k, v]) => [[`aws:ResourceTag/${k}`, v], ...(rds ? [[`rds:${rds}-tag/${k}`, v]] : [])]),
    );
  }
}

/** `arn:…:snapshot:dev-*` as a pattern over resource strings (IAM's `*` and `?`). */
function coversLiterally(pattern: string, resource: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(resource);
}

/**
 * Undefined when the role's policies allow the request; otherwise why not, in a line. A request
 * on a wildcard resource (a list that names no resource: every snapshot it may return) must be
 * allowed on the whole pattern, not only on some narrower pattern a policy names: the simulator
 * answers "Allowed" when any matching resource is, so the allowed patterns must cover it literally.
 */
export async function denial(
  request: IamRequest,
  fn: Pick<StageFunction, 'roleId' | 'statements'>,
  place: StagePlace,
  context: Record<string, string | string[]> = {},
): Promise<string | undefined> {
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
        contextVariables: { 'aws:SecureTransport': 'true', ...context, ...(request.context ?? {}) },
      },
    },
    {},
  );
  if (result.resultType === 'error') return `the simulator rejected the request: ${JSON.stringify(result.errors)}`;
  if (result.overallResult !== 'Allowed') return result.overallResult;
  if (result.resultType === 'wildcard') {
    const allowed = result.results.filter((r) => r.analysis.result === 'Allowed').map((r) => r.resourcePattern);
    if (!allowed.some((pattern) => coversLiterally(pattern, request.resource)))
      return `allowed only on narrower patterns (${allowed.join(', ')}), not on every resource the call may return`;
  }
  return undefined;
}
