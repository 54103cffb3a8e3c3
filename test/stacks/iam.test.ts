import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { leastPrivilegeProblems, unscopedActionsUsed } from '../../scripts/iam/least-privilege';
import { asList, Grant, render, TemplateJson, templateGrants, templateRoles } from '../../scripts/iam/policies';
import { AWS_MANAGED_POLICIES, UNSCOPED_ACTIONS } from '../../scripts/iam/unscoped-actions';
import { synthStage } from '../support/stage-synth';

/** Every statement of every IAM policy of every template of a stage. */
function stageGrants(stage: StageName): Grant[] {
  return Object.entries(synthStage(stage).templates).flatMap(([part, t]) => templateGrants(part, t.toJSON() as TemplateJson));
}

describe.each(STAGE_NAMES)('%s roles are least privilege', (stage: StageName) => {
  test('there are policies to check', () => {
    expect(stageGrants(stage).length).toBeGreaterThan(100);
  });

  test('no statement allows every action, or every action of a service, and none uses NotAction', () => {
    expect(leastPrivilegeProblems(stageGrants(stage)).filter((p) => /NotAction|allows every action/.test(p))).toEqual([]);
  });

  test('Resource "*" appears only with actions AWS authorizes on no narrower resource (UNSCOPED_ACTIONS), with the conditions they need', () => {
    expect(leastPrivilegeProblems(stageGrants(stage))).toEqual([]);
  });

  test("CDK's LogRetention provider sets retention only on the RDS log groups of the stack and on its own", () => {
    const grants = stageGrants(stage).filter((g) => asList(g.statement.Action).includes('logs:PutRetentionPolicy'));
    expect(grants.map((g) => g.part)).toEqual(['data']);
    const resources = asList(grants[0].statement.Resource).map(render);
    const rds = resources.filter((r) =>
      /:log-group:\/aws\/rds\/instance\/<Database(Primary|Replica\d)[A-F0-9]{8}>\/(postgresql|upgrade)(:\*)?$/.test(r),
    );
    // The primary exports postgresql and upgrade logs, each replica postgresql; each group with and without `:*`.
    expect(rds).toHaveLength(2 * (2 + STAGES[stage].database.readReplicas));
    expect(resources.filter((r) => !rds.includes(r))).toEqual([
      expect.stringMatching(new RegExp(`:log-group:/aws/lambda/${stage}-data-\\*$`)),
    ]);
  });

  test('roles carry only the AWS managed policies listed with a reason', () => {
    const roles = Object.entries(synthStage(stage).templates).flatMap(([part, t]) => templateRoles(part, t.toJSON() as TemplateJson));
    const unlisted = roles.flatMap((r) => r.managedPolicies.filter((p) => !AWS_MANAGED_POLICIES[p]).map((p) => `${r.part}/${r.id}: ${p}`));
    expect(unlisted).toEqual([]);
  });
});

describe('the allowlists', () => {
  test('every UNSCOPED_ACTIONS entry is still used on "*" by some stage (a stale entry would let a new grant through unreviewed)', () => {
    const used = new Set(STAGE_NAMES.flatMap((stage) => [...unscopedActionsUsed(stageGrants(stage))]));
    expect(Object.keys(UNSCOPED_ACTIONS).filter((action) => !used.has(action))).toEqual([]);
  });

  test('every AWS managed policy listed is still attached somewhere', () => {
    const attached = new Set(
      STAGE_NAMES.flatMap((stage) =>
        Object.entries(synthStage(stage).templates).flatMap(([part, t]) =>
          templateRoles(part, t.toJSON() as TemplateJson).flatMap((r) => r.managedPolicies),
        ),
      ),
    );
    expect(Object.keys(AWS_MANAGED_POLICIES).filter((name) => !attached.has(name))).toEqual([]);
  });

  test('every entry names a service action and gives a one-line reason', () => {
    for (const [action, entry] of Object.entries(UNSCOPED_ACTIONS)) {
      expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.reason).not.toMatch(/\n/);
    }
  });
});

describe('the least-privilege scan itself', () => {
  const grant = (statement: Grant['statement']): Grant => ({ part: 'test', role: 'Role', policy: 'Policy', statement });
  const allowlist = {
    'xray:PutTraceSegments': { reason: 'no resource type' },
    'ecs:ListTasks': { reason: 'condition only', requiresCondition: 'ecs:cluster' },
  };

  test('flags "*", a service wildcard and NotAction in an Allow, naming role, policy and fix', () => {
    const problems = leastPrivilegeProblems(
      [
        grant({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }),
        grant({ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::b' }),
        grant({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' }),
      ],
      allowlist,
    );
    expect(problems).toEqual([
      'test/Role Policy: Action "*" allows every action; list the actions the role needs',
      'test/Role Policy: Action "s3:*" allows every action of the service; list the actions the role needs',
      'test/Role Policy: NotAction iam:* allows every other action; list the actions instead',
    ]);
  });

  test('accepts a narrower wildcard action on a scoped resource, and any Deny', () => {
    expect(
      leastPrivilegeProblems(
        [
          grant({ Effect: 'Allow', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::b/*' }),
          grant({ Effect: 'Deny', Action: '*', Resource: '*' }),
        ],
        allowlist,
      ),
    ).toEqual([]);
  });

  test('flags Resource "*" (or NotResource) with an action that is not allowlisted', () => {
    const problems = leastPrivilegeProblems(
      [
        grant({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'rds:DescribeDBSnapshots'], Resource: '*' }),
        grant({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' }),
      ],
      allowlist,
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^test\/Role Policy: Resource "\*" with rds:DescribeDBSnapshots, which AWS can authorize on a narrower resource; scope it/,
    );
    expect(problems[1]).toMatch(/NotResource arn:aws:s3:::b\/\* with s3:GetObject/);
  });

  test('an allowlisted action that needs a condition is accepted only with it', () => {
    const withCondition = grant({
      Effect: 'Allow',
      Action: 'ecs:ListTasks',
      Resource: '*',
      Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:eu-west-1:111111111111:cluster/c' } },
    });
    expect(leastPrivilegeProblems([withCondition], allowlist)).toEqual([]);
    expect(leastPrivilegeProblems([grant({ Effect: 'Allow', Action: 'ecs:ListTasks', Resource: ['*'] })], allowlist)).toEqual([
      'test/Role Policy: Resource "*" with ecs:ListTasks needs the ecs:cluster condition that limits it',
    ]);
  });

  test('reads inline role policies, policy resources and managed policies, with the role they reach', () => {
    const template: TemplateJson = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            ManagedPolicyArns: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] },
            ],
            Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
          },
        },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] },
          },
        },
        Managed: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        },
      },
    };
    const [role] = templateRoles('part', template);
    expect(role).toMatchObject({
      id: 'Role',
      assumedBy: ['lambda.amazonaws.com'],
      managedPolicies: ['service-role/AWSLambdaBasicExecutionRole'],
    });
    expect(role.grants.map((g) => g.policy)).toEqual(['Role.Policies[inline]', 'Policy', 'Managed']);
    expect(leastPrivilegeProblems(templateGrants('part', template), allowlist)).toHaveLength(5);
  });
});
