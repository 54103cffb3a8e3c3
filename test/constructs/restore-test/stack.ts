import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RESTORE_TEST_DEFAULTS, type RestoreTestConfig } from '../../../lib/config/restore-test';
import { RestoreTests } from '../../../lib/constructs/restore-test/restore-tests';
import { testApp, testStack, testVpc } from '../../support/fixtures';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111111111111:dev-ops';
export const AUTH_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:dev-cache-auth-AbCdEf';
/** The data stores' customer-managed keys, as the data stack has them. */
export const DATABASE_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/database-key';
export const CACHE_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/cache-key';

/** The restore tests of stage `dev` in a stack of their own, against imported data resources. */
export function restoreTestStack(overrides: Partial<RestoreTestConfig> = {}): {
  stack: Stack;
  restoreTests: RestoreTests;
  template: Template;
} {
  const stack = testStack(testApp(), 'RestoreTests');
  const restoreTests = new RestoreTests(stack, 'RestoreTests', {
    stage: 'dev',
    vpc: testVpc(stack),
    database: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Database', {
      instanceIdentifier: 'dev-appdb',
      instanceEndpointAddress: 'dev-appdb.abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      securityGroups: [],
    }),
    databaseKey: kms.Key.fromKeyArn(stack, 'DatabaseKey', DATABASE_KEY_ARN),
    // Not `dev-cache`: that is the backup job's snapshot prefix, and the IAM contract reads recorded names by value.
    replicationGroupId: 'dev-valkey',
    cacheKey: kms.Key.fromKeyArn(stack, 'CacheKey', CACHE_KEY_ARN),
    cacheAuthSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'CacheAuth', AUTH_SECRET_ARN),
    backupBucket: s3.Bucket.fromBucketName(stack, 'Backups', 'dev-backups'),
    alarmTopic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN),
    config: {
      ...RESTORE_TEST_DEFAULTS.dev,
      expectedTables: ['app.orders'],
      sqlChecks: [{ name: 'has-orders', sql: 'select count(*) > 0 from app.orders' }],
      freshnessQuery: 'select max(updated_at) from app.orders',
      ...overrides,
    },
    logRetention: logs.RetentionDays.ONE_MONTH,
  });
  return { stack, restoreTests, template: Template.fromStack(stack) };
}

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: { readonly Next: string; readonly [key: string]: unknown }[];
  readonly Catch?: { readonly ErrorEquals: string[]; readonly Next: string; readonly ResultPath?: string }[];
  readonly Retry?: { readonly ErrorEquals: string[]; readonly MaxAttempts?: number; readonly IntervalSeconds?: number }[];
  readonly Parameters?: Record<string, unknown>;
  readonly Resource?: string;
  readonly ResultPath?: string;
  readonly [key: string]: unknown;
}

export interface Asl {
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Record<string, AslState>;
}

/**
 * The synthesized definition of a state machine, with its Fn::Join resolved: references to other
 * resources become `<LogicalId>` (Ref) or `<LogicalId>.<Attribute>` (GetAtt).
 */
export function definitionOf(template: Template, stateMachineLogicalId: string): Asl {
  const definition = template.toJSON().Resources[stateMachineLogicalId].Properties.DefinitionString;
  return JSON.parse(resolveJoin(definition));
}

/** A CloudFormation value as text: `{ Ref: X }` → `<X>`, GetAtt → `<X.Attr>`, joins concatenated. */
export function resolveJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Fn::Join']) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveJoin).join(separator);
  }
  if (v.Ref) return `<${v.Ref as string}>`;
  if (v['Fn::GetAtt']) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
}

/** Names of the states reachable from `from` by Next, Default, Choices and Catch, never passing through `avoid`. */
export function reachable(asl: Asl, from: string, avoid?: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string | undefined) => {
    if (!name || name === avoid || seen.has(name)) return;
    seen.add(name);
    const state = asl.States[name];
    [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)].forEach(visit);
  };
  visit(from);
  return seen;
}

export function stateMachineIds(template: Template): Record<'database' | 'cache', string> {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const find = (part: string) => Object.keys(machines).find((id) => id.includes(part))!;
  return { database: find('Database'), cache: find('Cache') };
}
