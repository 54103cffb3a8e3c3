import { TemplateJson } from '../../scripts/iam/policies';
import { main, shortResource, stageReport } from '../../scripts/iam-report';

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

  describe('command line', () => {
    async function run(args: string[], synthTemplates = jest.fn((_stage: string): Record<string, TemplateJson> => ({ backup: template }))) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { synthTemplates });
      return { code, out: out.join('\n'), err: err.join('\n'), synthTemplates };
    }

    test('--help prints the usage, exit 0, without synthesizing', async () => {
      const { code, out, synthTemplates } = await run(['--help']);
      expect(code).toBe(0);
      expect(out).toContain('Usage: npm run iam-report -- [--stage <stage>] [--summary]');
      expect(synthTemplates).not.toHaveBeenCalled();
    });

    test('an unknown stage lists the known ones, exit 2, without synthesizing', async () => {
      const { code, err, synthTemplates } = await run(['--stage', 'qa']);
      expect(code).toBe(2);
      expect(err).toContain('unknown stage "qa"; known stages: dev, staging, prod');
      expect(synthTemplates).not.toHaveBeenCalled();
    });

    test('reports the chosen stage, progress on stderr, exit 1 on a least-privilege problem', async () => {
      const { code, out, err, synthTemplates } = await run(['--stage', 'dev', '--summary']);
      expect(synthTemplates.mock.calls).toEqual([['dev']]);
      expect(code).toBe(1);
      expect(out).toContain('## dev: 1 roles, 3 statements');
      expect(out).not.toContain('[dev]');
      expect(err).toContain('[dev] synthesizing in memory…');
      expect(err).toContain('[dev] 1 least-privilege problem(s), listed in the report');
    });

    test('every stage without --stage, in promotion order', async () => {
      const empty = jest.fn((_stage: string): Record<string, TemplateJson> => ({}));
      const { synthTemplates } = await run([], empty);
      expect(synthTemplates.mock.calls).toEqual([['dev'], ['staging'], ['prod']]);
    });
  });
});
