import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { healthProbeBudget } from '../../lambda/health-probe/contract';
import { fixedBudget } from '../../lambda/shared/time-budget';
import { PlatformFunction } from '../../lib/constructs/common/platform-function';
import { nistFindings, testStack, testVpc } from '../support/fixtures';

const stack = testStack();
const vpc = testVpc(stack);
const common = {
  stage: 'dev',
  handlerDir: 'health-probe',
  description: 'test',
  logRetention: logs.RetentionDays.ONE_WEEK,
  timeBudget: healthProbeBudget(3, 5_000),
};
const outside = new PlatformFunction(stack, 'Outside', common);
const inside = new PlatformFunction(stack, 'Inside', { ...common, vpc, reservedConcurrency: 1 });
const template = Template.fromStack(stack);
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const fn = (f: PlatformFunction) => template.toJSON().Resources[logicalId(f)].Properties;

describe('PlatformFunction', () => {
  it('reserves (and caps) two concurrent executions unless told otherwise', () => {
    expect(fn(outside).ReservedConcurrentExecutions).toBe(2);
    expect(fn(inside).ReservedConcurrentExecutions).toBe(1);
  });

  it('sends failed asynchronous invocations to its own encrypted, TLS-only dead-letter queue', () => {
    expect(fn(outside).DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [logicalId(outside.deadLetters), 'Arn'] } });
    expect(template.toJSON().Resources[logicalId(outside.deadLetters)].Properties).toEqual(
      expect.objectContaining({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 }),
    );
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(outside.deadLetters) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('records why it is outside the VPC only when it is', () => {
    const acknowledgesVpc = (f: PlatformFunction) =>
      f.node.metadata.some((m) => JSON.stringify(m.data ?? '').includes('NIST.800.53.R5-LambdaInsideVPC'));
    expect(nistFindings(stack).filter((f) => /Lambda(InsideVPC|DLQ|Concurrency)$/.test(f))).toEqual([]);
    expect(acknowledgesVpc(outside)).toBe(true);
    expect(acknowledgesVpc(inside)).toBe(false);
  });
});

describe('timeout from the time budget', () => {
  it("the function's timeout is its budget's, in whole seconds", () => {
    // healthProbeBudget(3, 5000): three requests of 5 s and 10 s more.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 25,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'health-probe' }) },
    });
  });

  it('refuses budgets of one function that name different timeouts', () => {
    const other = testStack();
    expect(() => new PlatformFunction(other, 'Fn', { ...common, timeBudget: [fixedBudget(60, {}), fixedBudget(90, {})] })).toThrow(
      "health-probe: its time budgets name different timeouts (60, 90 s); one function has one timeout, give every action's budget the same",
    );
  });
});
