import { dependencyClosure, directDependencies, missingPrerequisites, referencedIds, TemplateJson } from './template-dependencies';

/** A custom resource run by a function, a task run with two roles and a security group, and what attaches to them. */
const TEMPLATE: TemplateJson = {
  Resources: {
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] } }, DependsOn: ['FnRoleDefaultPolicy'] },
    FnRole: { Type: 'AWS::IAM::Role', Properties: {} },
    FnRoleDefaultPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'FnRole' }], PolicyDocument: { Statement: [{ Resource: { Ref: 'TaskDef' } }] } },
    },
    FnLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Fn' }]] } } },
    TaskDef: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        TaskRoleArn: { 'Fn::GetAtt': 'TaskRole.Arn' },
        ExecutionRoleArn: { 'Fn::GetAtt': ['ExecRole', 'Arn'] },
        ContainerDefinitions: [{ Secrets: [{ ValueFrom: { Ref: 'DbSecret' } }] }],
      },
    },
    TaskRole: { Type: 'AWS::IAM::Role', Properties: {} },
    TaskRolePolicy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'TaskRole' }] } },
    ExecRole: { Type: 'AWS::IAM::Role', Properties: {} },
    ExecRolePolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'ExecRole' }], PolicyDocument: { Statement: [{ Resource: { Ref: 'DbSecret' } }] } },
    },
    DbSecret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    DbSecretAttachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'DbSecret' } } },
    TaskSg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
    DbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
    TaskToDb: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: { 'Fn::GetAtt': ['DbSg', 'GroupId'] }, SourceSecurityGroupId: { 'Fn::GetAtt': ['TaskSg', 'GroupId'] } },
    },
    // Rules that let others reach the task's group are not something the task needs.
    AlbToTask: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: { 'Fn::GetAtt': ['TaskSg', 'GroupId'] }, SourceSecurityGroupId: 'sg-0alb' },
    },
    Migration: {
      Type: 'Custom::DatabaseMigration',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        TaskDefinitionArn: { Ref: 'TaskDef' },
        SecurityGroups: [{ 'Fn::GetAtt': ['TaskSg', 'GroupId'] }],
        Stack: { 'Fn::Sub': ['${AWS::StackName}-${Suffix}-${!Literal}', { Suffix: 'x' }] },
      },
    },
  },
};

/** TEMPLATE with `id` made to wait for `extra` too. */
function waitingFor(id: string, ...extra: string[]): TemplateJson {
  return { Resources: { ...TEMPLATE.Resources, [id]: { ...TEMPLATE.Resources[id], DependsOn: extra } } };
}

describe('referencedIds', () => {
  test('reads Ref, both Fn::GetAtt forms and Fn::Sub variables, without Sub-local names or ${!escapes}', () => {
    expect(referencedIds({ a: { Ref: 'A' }, b: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::GetAtt': 'C.Arn' }] })).toEqual(['A', 'B', 'C']);
    expect(referencedIds({ 'Fn::Sub': ['${D.Arn}/${Local}/${!Escaped}', { Local: { Ref: 'E' } }] })).toEqual(['D', 'E']);
    expect(referencedIds({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${F}' })).toEqual(['AWS::Partition', 'F']);
  });
});

describe('directDependencies and dependencyClosure', () => {
  test('direct: DependsOn and references to resources of the template only (no pseudo parameters)', () => {
    expect([...directDependencies(TEMPLATE, 'Migration')].sort()).toEqual(['Fn', 'TaskDef', 'TaskSg']);
    expect([...directDependencies(TEMPLATE, 'Fn')].sort()).toEqual(['FnRole', 'FnRoleDefaultPolicy']);
  });

  test('closure: everything waited for through the chain, not what merely points back', () => {
    expect([...dependencyClosure(TEMPLATE, 'Migration')].sort()).toEqual([
      'DbSecret',
      'ExecRole',
      'Fn',
      'FnRole',
      'FnRoleDefaultPolicy',
      'TaskDef',
      'TaskRole',
      'TaskSg',
    ]);
  });

  test('closure survives cycles', () => {
    const cyclic: TemplateJson = { Resources: { A: { Type: 'T', DependsOn: 'B' }, B: { Type: 'T', Properties: { x: { Ref: 'A' } } } } };
    expect([...dependencyClosure(cyclic, 'A')]).toEqual(['B']);
  });

  test('an unknown id is an error, not an empty closure', () => {
    expect(() => dependencyClosure(TEMPLATE, 'Nope')).toThrow('no resource Nope in the template');
  });
});

describe('missingPrerequisites', () => {
  test('names each policy, rule, secret attachment and log group the work needs but does not wait for', () => {
    expect(missingPrerequisites(TEMPLATE, 'Migration').sort()).toEqual([
      'DbSecretAttachment (AWS::SecretsManager::SecretTargetAttachment): completes secret DbSecret',
      'ExecRolePolicy (AWS::IAM::Policy): a policy of role ExecRole',
      'FnLogs (AWS::Logs::LogGroup): the log group of function Fn',
      'TaskRolePolicy (AWS::IAM::Policy): a policy of role TaskRole',
      'TaskToDb (AWS::EC2::SecurityGroupIngress): lets security group TaskSg in',
    ]);
  });

  test('is empty once the work waits for them', () => {
    expect(
      missingPrerequisites(
        waitingFor('Migration', 'ExecRolePolicy', 'TaskRolePolicy', 'TaskToDb', 'DbSecretAttachment', 'FnLogs'),
        'Migration',
      ),
    ).toEqual([]);
  });

  test('a secret only named, not read, needs no attachment', () => {
    const named: TemplateJson = {
      Resources: {
        Secret: { Type: 'AWS::SecretsManager::Secret' },
        Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Secret' } } },
        Database: {
          Type: 'AWS::RDS::DBInstance',
          Properties: { MasterUserPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, '}}']] } },
        },
        Retention: { Type: 'Custom::LogRetention', Properties: { LogGroupName: { Ref: 'Database' } } },
      },
    };
    expect(missingPrerequisites(named, 'Retention')).toEqual([]);
  });
});
