import { createHash } from 'node:crypto';
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { ContainerDefinition, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Parameter } from '@aws-sdk/client-ssm';

/**
 * The stage's configuration as one JSON document. Only settings go in: no timestamps, counts of
 * running tasks or deployment states, so the document (and its hash) changes only when a setting does.
 */
export interface ConfigDocument {
  readonly formatVersion: 1;
  readonly stage: string;
  readonly project: string;
  readonly cluster: string;
  readonly services: readonly Json[];
  readonly taskDefinitions: readonly Json[];
  readonly parameters: readonly Json[];
  readonly stacks: readonly Json[];
}

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface ConfigSourcesRead {
  readonly services: readonly Service[];
  readonly taskDefinitions: readonly TaskDefinition[];
  readonly parameters: readonly Parameter[];
  readonly stacks: readonly Stack[];
}

export function buildConfigDocument(
  identity: { stage: string; project: string; cluster: string },
  read: ConfigSourcesRead,
): ConfigDocument {
  return {
    formatVersion: 1,
    ...identity,
    services: sortBy(read.services.map(summarizeService), 'serviceName'),
    taskDefinitions: sortBy(read.taskDefinitions.map(summarizeTaskDefinition), 'taskDefinitionArn'),
    parameters: sortBy(read.parameters.map(summarizeParameter), 'name'),
    stacks: sortBy(read.stacks.map(summarizeStack), 'stackName'),
  };
}

export function summarizeService(service: Service): Json {
  return pick(service, [
    'serviceName',
    'serviceArn',
    'taskDefinition',
    'desiredCount',
    'launchType',
    'capacityProviderStrategy',
    'platformVersion',
    'deploymentConfiguration',
    'networkConfiguration',
    'loadBalancers',
    'healthCheckGracePeriodSeconds',
    'enableExecuteCommand',
    'propagateTags',
  ]);
}

export function summarizeTaskDefinition(definition: TaskDefinition): Json {
  return {
    ...pick(definition, [
      'taskDefinitionArn',
      'family',
      'revision',
      'cpu',
      'memory',
      'networkMode',
      'requiresCompatibilities',
      'runtimePlatform',
      'taskRoleArn',
      'executionRoleArn',
      'ephemeralStorage',
    ]),
    containers: sortBy((definition.containerDefinitions ?? []).map(summarizeContainer), 'name'),
  };
}

/**
 * Environment variables are settings and are kept; secrets are kept as the ARN ECS reads them
 * from (`valueFrom`), which is all DescribeTaskDefinition returns anyway: never a secret's value.
 */
function summarizeContainer(container: ContainerDefinition): Json {
  return {
    ...pick(container, [
      'name',
      'image',
      'cpu',
      'memory',
      'memoryReservation',
      'essential',
      'command',
      'entryPoint',
      'workingDirectory',
      'user',
      'portMappings',
      'healthCheck',
      'readonlyRootFilesystem',
      'stopTimeout',
      'startTimeout',
      'dependsOn',
      'ulimits',
    ]),
    environment: sortBy(
      (container.environment ?? []).map((v) => pick(v, ['name', 'value'])),
      'name',
    ),
    secrets: sortBy(
      (container.secrets ?? []).map((s) => pick(s, ['name', 'valueFrom'])),
      'name',
    ),
    ...(container.logConfiguration
      ? {
          logConfiguration: {
            ...pick(container.logConfiguration, ['logDriver', 'options']),
            secretOptions: sortBy(
              (container.logConfiguration.secretOptions ?? []).map((s) => pick(s, ['name', 'valueFrom'])),
              'name',
            ),
          },
        }
      : {}),
  };
}

/** A SecureString is recorded by name, type and version only: with decryption off its value is ciphertext, and it stays out. */
export function summarizeParameter(parameter: Parameter): Json {
  const fields = pick(parameter, ['name', 'type', 'version', 'dataType']);
  return parameter.Type === 'SecureString' ? fields : { ...fields, ...pick(parameter, ['value']) };
}

export function summarizeStack(stack: Stack): Json {
  const outputs = Object.fromEntries((stack.Outputs ?? []).flatMap((o) => (o.OutputKey ? [[o.OutputKey, o.OutputValue ?? null]] : [])));
  return { stackName: stack.StackName ?? null, outputs };
}

/** JSON with every object's keys sorted, so the same configuration always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}

function canonicalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonicalize((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function sha256Hex(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Copies the named fields, leaving out absent ones. SSM and CloudFormation spell fields in
 * PascalCase, ECS in camelCase; the document uses camelCase throughout.
 */
function pick<T extends object>(source: T, fields: readonly string[]): { [key: string]: Json } {
  const record = source as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const field of fields) {
    const pascal = field[0].toUpperCase() + field.slice(1);
    const value = record[field] ?? record[pascal];
    if (value !== undefined) out[field] = canonicalize(value) as Json;
  }
  return out;
}

function sortBy(items: readonly Json[], field: string): Json[] {
  const keyOf = (item: Json) => String((item as Record<string, Json>)[field] ?? '');
  return [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
