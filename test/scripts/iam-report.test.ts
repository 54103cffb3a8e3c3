import { TemplateJson } from '../../scripts/iam/policies';
import { shortResource, stageReport } from '../../scripts/iam-report';

describe('iam-report', () => {
  test("shortens ARNs to service and resource, keeping a region other than the stage's", () => {
    expect(shortResource('arn:aws:rds:eu-west-1:333333333333:snapshot:prod-*', 'eu-west-1')).toBe('rds:snapshot:prod-*');
    expect(shortResource('arn:<AWS::Partition>:rds:eu-central-1:333333333333:snapshot:prod-*', 'eu-west-1')).toBe(
      'rds(eu-central-1):snapshot:prod-*',
    );
    expect(shortResource('arn:aws:iam::333333333333:role/cdk-deploy', 'eu-west-1')).toBe('iam:role/cdk-deploy');
    expect(shortResource('*', 'eu-west-1')).toBe('*');
  });

  const template: TemplateJson = {
    Resources: {
      FnRole: {
        Type: 'AWS::IAM::Role',
        Metadata: { 'aws:cdk:path': 'dev-backup/Config/Function/ServiceRole/Resource' },
        Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }] } },
      },
      FnPolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          Roles: [{ Ref: 'FnRole' }],
          PolicyDocument: {
            Statement: [
              { Sid: 'ListStacks', Effect: 'Allow', Action: 'cloudformation:ListStacks', Resource: '*' },
              {
                Effect: 'Allow',
                Action: 'ecs:ListServices',
                Resource: '*',
                Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:1:cluster/c' } },
              },
              { Effect: 'Allow', Action: 'rds:DescribeDBSnapshots', Resource: '*' },
            ],
          },
        },
      },
    },
  };

  test('lists each role by construct path with its principals and statements, and the problems', () => {
    const { text, problems } = stageReport('dev', { backup: template }, 'eu-west-1', false);
    expect(text).toContain('## dev: 1 roles, 3 statements');
    expect(text).toContain('Config/Function/ServiceRole (assumed by lambda.amazonaws.com)');
    expect(text).toContain('  - ListStacks: cloudformation:ListStacks on * [no resource type]');
    expect(text).toContain('  - ecs:ListServices on * if ArnEquals ecs:cluster [no resource type]');
    expect(text).toContain('- least-privilege problems: 1');
    expect(problems).toEqual([expect.stringContaining('Resource "*" with rds:DescribeDBSnapshots')]);
  });

  test('--summary leaves the roles out', () => {
    expect(stageReport('dev', { backup: template }, 'eu-west-1', true).text).not.toContain('Config/Function/ServiceRole');
  });
});
