import type { Template } from 'aws-cdk-lib/assertions';

/** Where the plausible ARNs point: the test account and region. */
export interface ArnEnv {
  readonly account: string;
  readonly region: string;
}

const TEST_ARN_ENV: ArnEnv = { account: '111111111111', region: 'eu-west-1' };

/**
 * A state machine's synthesized DefinitionString as Amazon States Language, each reference replaced
 * by a plausible value: a resource's Arn becomes `arn:aws:<service>:<region>:<account>:<type>:<LogicalId>`
 * (a function's is a real Lambda function ARN), a Ref its logical id, pseudo parameters their test values.
 * Validators and interpreters check ARNs, so `<LogicalId.Arn>` placeholders would not do.
 */
export function aslOf(template: Template, stateMachineLogicalId: string, env: ArnEnv = TEST_ARN_ENV): AslDefinition {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  return JSON.parse(resolveIntrinsics(resources[stateMachineLogicalId].Properties.DefinitionString, resources, env));
}

/** Every state machine of a template, by logical id. */
export function stateMachinesOf(template: Template, env: ArnEnv = TEST_ARN_ENV): Record<string, AslDefinition> {
  return Object.fromEntries(
    Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).map((id) => [id, aslOf(template, id, env)]),
  );
}

/** The ARN a Fn::GetAtt [id, 'Arn'] stands for, made from the resource's type. */
export function plausibleArn(logicalId: string, type: string, env: ArnEnv = TEST_ARN_ENV): string {
  const [, service, kind] = type.split('::');
  return `arn:aws:${service.toLowerCase()}:${env.region}:${env.account}:${kind.toLowerCase()}:${logicalId}`;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: string;
  readonly States: Record<string, AslStateDefinition>;
}

export interface AslStateDefinition {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly {
    readonly ErrorEquals: readonly string[];
    readonly MaxAttempts?: number;
    readonly IntervalSeconds?: number;
    readonly BackoffRate?: number;
  }[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string; readonly ResultPath?: string }[];
  readonly [key: string]: unknown;
}

const PSEUDO: Record<string, (env: ArnEnv) => string> = {
  'AWS::Partition': () => 'aws',
  'AWS::Region': (env) => env.region,
  'AWS::AccountId': (env) => env.account,
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': () => 'stack',
};

function resolveIntrinsics(value: unknown, resources: Record<string, { Type: string }>, env: ArnEnv): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  const resolve = (part: unknown) => resolveIntrinsics(part, resources, env);
  if (v['Fn::Join']) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  if (typeof v.Ref === 'string') return PSEUDO[v.Ref]?.(env) ?? v.Ref;
  if (v['Fn::GetAtt']) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    const type = resources[id]?.Type;
    if (!type) throw new Error(`Fn::GetAtt of ${id}, which is not in this template`);
    return attribute === 'Arn' || attribute.endsWith('Arn') ? plausibleArn(id, type, env) : `${id}-${attribute}`;
  }
  if (v['Fn::Sub'] !== undefined) {
    const [text, variables = {}] = (typeof v['Fn::Sub'] === 'string' ? [v['Fn::Sub']] : v['Fn::Sub']) as [string, Record<string, unknown>?];
    return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (name in variables) return resolve(variables[name]);
      const [id, attribute] = name.split('.');
      return resolve(attribute ? { 'Fn::GetAtt': [id, attribute] } : { Ref: id });
    });
  }
  // A weak cross-stack reference: the producing stack's output, here a plausible ARN of its export name.
  if (v['Fn::GetStackOutput']) {
    const output = v['Fn::GetStackOutput'] as { OutputName?: string };
    return `arn:aws:cloudformation:${env.region}:${env.account}:output:${output.OutputName ?? 'output'}`;
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}
