/**
 * The other half of the IAM contract: what the stage's own services do with a role of the stage.
 * A Step Functions state machine invokes its task functions with its role; an EventBridge Scheduler
 * schedule invokes its target with the schedule's role; an EventBridge rule invokes a Lambda target
 * through the function's resource policy (or a role, for other targets). Each becomes the
 * authorizations AWS makes, read from the synthesized templates.
 */
import { IamRequest } from './aws-requests';
import { ConcreteValues, StageTemplates } from './concrete';
import { asList, PolicyStatement, templateGrants, TemplateJson } from './policies';

/** A principal of the stage that calls AWS with a role of the stage's templates. */
export interface StageInvoker {
  readonly kind: 'state machine' | 'schedule' | 'rule';
  readonly stackName: string;
  readonly logicalId: string;
  readonly roleId: string;
  readonly statements: PolicyStatement[];
  readonly requests: IamRequest[];
  /** What could not be put in IAM terms (an integration no row covers). */
  readonly unmapped: string[];
}

/** A Lambda target invoked through its resource policy, not a role (EventBridge rules). */
export interface ResourcePolicyInvoke {
  readonly stackName: string;
  readonly ruleId: string;
  readonly functionArn: string;
  /** Whether an AWS::Lambda::Permission lets events.amazonaws.com invoke it from this rule. */
  readonly permitted: boolean;
}

const SOURCES = {
  lambda:
    'https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html (lambda:InvokeFunction on the function, and its versions)',
  scheduler:
    'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (the execution role needs lambda:InvokeFunction or states:StartExecution on the target)',
  events:
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions (a Lambda target needs a resource-based permission for events.amazonaws.com)',
};

type Resource = { Type: string; Properties?: Record<string, unknown> };

function roleStatements(stage: StageTemplates, values: ConcreteValues, stackName: string, roleId: string): PolicyStatement[] {
  const resolveList = (v: unknown) => (v === undefined ? undefined : asList(v as unknown[]).map((r) => values.resolve(r, stackName)));
  return templateGrants(stackName, stage.byStackName[stackName] as TemplateJson)
    .filter((g) => g.role === roleId)
    .map(({ statement: s }) => ({
      Effect: s.Effect,
      ...(s.Action !== undefined ? { Action: s.Action } : {}),
      ...(s.NotAction !== undefined ? { NotAction: s.NotAction } : {}),
      ...(s.Resource !== undefined ? { Resource: resolveList(s.Resource) } : {}),
      ...(s.NotResource !== undefined ? { NotResource: resolveList(s.NotResource) } : {}),
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }));
}

function roleOf(value: unknown): string | undefined {
  return (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
}

/** The authorizations a target ARN needs from the role that invokes it. */
function targetRequests(arn: string, source: string): { requests: IamRequest[]; unmapped: string[] } {
  if (/^arn:[^:]+:lambda:[^:]+:\d+:function:/.test(arn))
    return { requests: [{ action: 'lambda:InvokeFunction', resource: arn, why: source }], unmapped: [] };
  if (/^arn:[^:]+:states:[^:]+:\d+:stateMachine:/.test(arn))
    return { requests: [{ action: 'states:StartExecution', resource: arn, why: source }], unmapped: [] };
  return { requests: [], unmapped: [`target ${arn} has no mapping in scripts/iam/invokers.ts`] };
}

/** Every Task state of a definition, Parallel branches and Map iterators included. */
function taskStates(definition: { States?: Record<string, Record<string, unknown>> }): Array<Record<string, unknown>> {
  return Object.values(definition.States ?? {}).flatMap((state) => [
    ...(state.Type === 'Task' ? [state] : []),
    ...asList(state.Branches as Array<{ States?: Record<string, Record<string, unknown>> }> | undefined).flatMap(taskStates),
    ...[state.Iterator, state.ItemProcessor]
      .filter(Boolean)
      .flatMap((d) => taskStates(d as { States?: Record<string, Record<string, unknown>> })),
  ]);
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
/** An experiment a workflow started, named by the id only the run knows. */
const RUNTIME_EXPERIMENT = 'EXP11111111111111111';

type Where = { partition: string; region: string; account: string };
const arnIn = (w: Where, service: string, resource: string) => `arn:${w.partition}:${service}:${w.region}:${w.account}:${resource}`;
const tagContext = (tags: Record<string, string>, prefix: string): Record<string, string | string[]> => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`${prefix}/${k}`, v])),
  ...(prefix === 'aws:RequestTag' && Object.keys(tags).length ? { 'aws:TagKeys': Object.keys(tags) } : {}),
});

/**
 * Step Functions' AWS SDK integrations (arn:aws:states:::aws-sdk:<service>:<action>) the stage uses:
 * the role needs the service's own action on the resources the parameters name (Step Functions
 * developer guide, "Integrating services with the AWS SDK"; each row's Service Authorization Reference page).
 */
const SDK_INTEGRATIONS: Record<
  string,
  { source: string; requests: (p: Record<string, unknown>, w: Where, experimentTags: Record<string, string>) => IamRequest[] }
> = {
  'cloudwatch:describeAlarms': {
    source: `${SAR}/list_amazoncloudwatch.html (DescribeAlarms: alarm)`,
    requests: (p, w) =>
      asList(p.AlarmNames as string[]).map((name) => ({
        action: 'cloudwatch:DescribeAlarms',
        resource: arnIn(w, 'cloudwatch', `alarm:${name}`),
      })),
  },
  'ecs:describeServices': {
    source: `${SAR}/list_amazonelasticcontainerservice.html (DescribeServices: service)`,
    requests: (p, w) =>
      asList(p.Services as string[]).map((svc) => ({
        action: 'ecs:DescribeServices',
        resource: arnIn(w, 'ecs', `service/${String(p.Cluster).split('/').pop()}/${svc.split('/').pop()}`),
      })),
  },
  'elasticache:describeReplicationGroups': {
    source: `${SAR}/list_amazonelasticache.html (DescribeReplicationGroups: replicationgroup)`,
    requests: (p, w) => [
      {
        action: 'elasticache:DescribeReplicationGroups',
        resource: arnIn(w, 'elasticache', `replicationgroup:${String(p.ReplicationGroupId)}`),
      },
    ],
  },
  'elasticache:testFailover': {
    source: `${SAR}/list_amazonelasticache.html (TestFailover: replicationgroup)`,
    requests: (p, w) => [
      { action: 'elasticache:TestFailover', resource: arnIn(w, 'elasticache', `replicationgroup:${String(p.ReplicationGroupId)}`) },
    ],
  },
  'fis:startExperiment': {
    source: `${SAR}/list_awsfaultinjectionservice.html (StartExperiment: experiment, experiment-template; TagResource for its tags)`,
    requests: (p, w) => {
      const context = tagContext((p.Tags ?? {}) as Record<string, string>, 'aws:RequestTag');
      return [
        { action: 'fis:StartExperiment', resource: arnIn(w, 'fis', `experiment-template/${String(p.ExperimentTemplateId)}`), context },
        { action: 'fis:StartExperiment', resource: arnIn(w, 'fis', `experiment/${RUNTIME_EXPERIMENT}`), context },
        ...(p.Tags ? [{ action: 'fis:TagResource', resource: arnIn(w, 'fis', `experiment/${RUNTIME_EXPERIMENT}`), context }] : []),
      ];
    },
  },
  // The experiment the workflow started: it carries the tags startExperiment gave it.
  'fis:getExperiment': {
    source: `${SAR}/list_awsfaultinjectionservice.html (GetExperiment: experiment)`,
    requests: (_p, w, tags) => [
      {
        action: 'fis:GetExperiment',
        resource: arnIn(w, 'fis', `experiment/${RUNTIME_EXPERIMENT}`),
        context: tagContext(tags, 'aws:ResourceTag'),
      },
    ],
  },
  'fis:stopExperiment': {
    source: `${SAR}/list_awsfaultinjectionservice.html (StopExperiment: experiment)`,
    requests: (_p, w, tags) => [
      {
        action: 'fis:StopExperiment',
        resource: arnIn(w, 'fis', `experiment/${RUNTIME_EXPERIMENT}`),
        context: tagContext(tags, 'aws:ResourceTag'),
      },
    ],
  },
};

/** A Task state's integration as IAM authorizations of the state machine's role. */
function taskRequests(
  state: Record<string, unknown>,
  w: Where,
  experimentTags: Record<string, string>,
): { requests: IamRequest[]; unmapped: string[] } {
  const resource = String(state.Resource ?? '');
  const sdk = /^arn:[^:]+:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(resource);
  if (sdk) {
    const row = SDK_INTEGRATIONS[`${sdk[1]}:${sdk[2]}`];
    if (!row)
      return {
        requests: [],
        unmapped: [
          `Task integration ${resource} has no mapping in scripts/iam/invokers.ts SDK_INTEGRATIONS (add its actions and resources)`,
        ],
      };
    const parameters = (state.Parameters ?? state.Arguments ?? {}) as Record<string, unknown>;
    return { requests: row.requests(parameters, w, experimentTags).map((r) => ({ ...r, why: row.source })), unmapped: [] };
  }
  // The optimized integration names the function in its parameters; the legacy form is the function ARN itself.
  if (/^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/.test(resource)) {
    const fn =
      (state.Parameters as Record<string, unknown> | undefined)?.FunctionName ??
      (state.Arguments as Record<string, unknown> | undefined)?.FunctionName;
    return typeof fn === 'string' && fn.startsWith('arn:')
      ? targetRequests(fn.replace(/:\$LATEST$/, ''), SOURCES.lambda)
      : { requests: [], unmapped: [`lambda:invoke of ${String(fn)}: not an ARN of the stage`] };
  }
  if (/^arn:[^:]+:lambda:/.test(resource)) return targetRequests(resource, SOURCES.lambda);
  return {
    requests: [],
    unmapped: [`Task integration ${resource} has no mapping in scripts/iam/invokers.ts (add its actions and resources)`],
  };
}

/** State machines, Scheduler schedules and EventBridge rules of a stage, with the authorizations they need. */
export function stageInvokers(stage: StageTemplates): { invokers: StageInvoker[]; resourcePolicyInvokes: ResourcePolicyInvoke[] } {
  const values = new ConcreteValues(stage);
  const invokers: StageInvoker[] = [];
  const resourcePolicyInvokes: ResourcePolicyInvoke[] = [];
  for (const [stackName, template] of Object.entries(stage.byStackName)) {
    const resources = (template.Resources ?? {}) as Record<string, Resource>;
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission');
    for (const [logicalId, resource] of Object.entries(resources)) {
      const p = resource.Properties ?? {};
      if (resource.Type === 'AWS::StepFunctions::StateMachine') {
        const roleId = roleOf(p.RoleArn);
        if (!roleId) throw new Error(`${stackName}/${logicalId}: its role is not a role of the same stack`);
        const definition = JSON.parse(values.resolve(p.DefinitionString, stackName)) as {
          States?: Record<string, Record<string, unknown>>;
        };
        const tasks = taskStates(definition);
        // Tags every experiment this workflow starts carries (those all its startExperiment calls give).
        const started = tasks
          .filter((t) => String(t.Resource).endsWith(':fis:startExperiment'))
          .map((t) => ((t.Parameters ?? t.Arguments) as { Tags?: Record<string, string> }).Tags ?? {});
        const experimentTags = Object.fromEntries(
          Object.entries(started[0] ?? {}).filter(([k, v]) => started.every((tags) => tags[k] === v)),
        );
        const here = stage.regions?.[stackName] ? { ...stage.where, region: stage.regions[stackName] } : stage.where;
        const mapped = tasks.map((t) => taskRequests(t, here, experimentTags));
        invokers.push({
          kind: 'state machine',
          stackName,
          logicalId,
          roleId,
          statements: roleStatements(stage, values, stackName, roleId),
          requests: mapped.flatMap((m) => m.requests),
          unmapped: mapped.flatMap((m) => m.unmapped),
        });
      }
      if (resource.Type === 'AWS::Scheduler::Schedule') {
        const target = p.Target as { Arn: unknown; RoleArn: unknown };
        const roleId = roleOf(target.RoleArn);
        if (!roleId) throw new Error(`${stackName}/${logicalId}: its role is not a role of the same stack`);
        const mapped = targetRequests(values.resolve(target.Arn, stackName), SOURCES.scheduler);
        invokers.push({
          kind: 'schedule',
          stackName,
          logicalId,
          roleId,
          statements: roleStatements(stage, values, stackName, roleId),
          ...mapped,
        });
      }
      if (resource.Type === 'AWS::Events::Rule') {
        for (const target of asList(p.Targets as Array<{ Arn: unknown; RoleArn?: unknown }> | undefined)) {
          const arn = values.resolve(target.Arn, stackName);
          const roleId = roleOf(target.RoleArn);
          if (roleId) {
            invokers.push({
              kind: 'rule',
              stackName,
              logicalId,
              roleId,
              statements: roleStatements(stage, values, stackName, roleId),
              ...targetRequests(arn, SOURCES.scheduler),
            });
          } else if (/:lambda:/.test(arn)) {
            const ruleArn = values.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, stackName);
            const permitted = permissions.some((perm) => {
              const q = perm.Properties ?? {};
              return (
                q.Action === 'lambda:InvokeFunction' &&
                q.Principal === 'events.amazonaws.com' &&
                values.resolve(q.FunctionName, stackName) === arn &&
                values.resolve(q.SourceArn, stackName) === ruleArn
              );
            });
            resourcePolicyInvokes.push({ stackName, ruleId: logicalId, functionArn: arn, permitted });
          } else {
            invokers.push({
              kind: 'rule',
              stackName,
              logicalId,
              roleId: '(none)',
              statements: [],
              requests: [],
              unmapped: [`target ${arn} without a role: ${SOURCES.events}`],
            });
          }
        }
      }
    }
  }
  return { invokers, resourcePolicyInvokes };
}
