import { Match, Template } from 'aws-cdk-lib/assertions';
import { DELIVERY_DEFAULTS } from '../../../lib/config/delivery';
import { GithubOidc } from '../../../lib/constructs/delivery/github-oidc';
import { nagFindings, TEST_ENV, testApp, testStack } from '../../support/fixtures';
import { synthStage } from '../../support/stage-synth';
import { STAGE_NAMES } from '../../../lib/config/stage-name';

const { account, region } = TEST_ENV;
const github = { owner: 'acme', repo: 'shop' };
const app = testApp();

/** prod creates the account's provider; staging shares dev's account and imports it. */
const prodStack = testStack(app, 'ProdDelivery');
new GithubOidc(prodStack, 'Github', { stage: 'prod', config: { ...DELIVERY_DEFAULTS.prod, github, createOidcProvider: true } });
const stagingStack = testStack(app, 'StagingDelivery');
new GithubOidc(stagingStack, 'Github', { stage: 'staging', config: { ...DELIVERY_DEFAULTS.staging, github, createOidcProvider: false } });
const prod = Template.fromStack(prodStack);
const staging = Template.fromStack(stagingStack);

const bootstrapRole = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/cdk-hnb659fds-${name}-${account}-${region}`]],
});

function roleWithDescription(template: Template, pattern: RegExp) {
  const roles = Object.values(template.findResources('AWS::IAM::Role')).filter((r) => pattern.test(r.Properties.Description));
  expect(roles).toHaveLength(1);
  return roles[0].Properties;
}

describe('GithubOidc', () => {
  it('creates the GitHub OIDC provider for the audience sts.amazonaws.com, kept when the stack goes', () => {
    prod.hasResource('AWS::IAM::OIDCProvider', {
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] },
      DeletionPolicy: 'Retain',
    });
  });

  it("trusts only the repository's prod environment for the deploy role", () => {
    const role = roleWithDescription(prod, /deploys of stage prod/);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: { Ref: expect.stringMatching(/^GithubProvider/) } },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:prod',
          },
        },
      },
    ]);
    expect(role.MaxSessionDuration).toBe(3600);
  });

  it('lets the deploy role do nothing but assume the four CDK bootstrap roles of its account and region', () => {
    const role = roleWithDescription(prod, /deploys of stage prod/);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toEqual([
      {
        PolicyName: 'AssumeCdkBootstrapRoles',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'].map(bootstrapRole),
            },
          ],
        },
      },
    ]);
    // No separate policy resource adds anything to it.
    prod.resourceCountIs('AWS::IAM::Policy', 0);
    prod.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('gives pull requests a diff role that can only assume the read-only lookup role', () => {
    const role = roleWithDescription(prod, /Read-only cdk diff of stage prod/);
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': 'repo:acme/shop:pull_request',
    });
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: bootstrapRole('lookup-role') },
    ]);
    expect(role.MaxSessionDuration).toBe(3600);
  });

  it('outputs both role ARNs for the GitHub variables', () => {
    prod.hasOutput('*', { Description: 'Set as variable DEPLOY_ROLE_ARN of the GitHub environment "prod"' });
    prod.hasOutput('*', { Description: 'Set as repository variable DIFF_ROLE_ARN_PROD' });
  });

  it("imports the account's existing provider by its conventional ARN instead of creating a second one", () => {
    staging.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const role = roleWithDescription(staging, /deploys of stage staging/);
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal.Federated).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:oidc-provider/token.actions.githubusercontent.com`]],
    });
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:acme/shop:environment:staging',
    );
  });

  it('uses a given provider ARN and bootstrap qualifier', () => {
    const stack = testStack(testApp(), 'Other');
    const existing = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
    new GithubOidc(stack, 'Github', {
      stage: 'dev',
      config: { github, createOidcProvider: false, existingOidcProviderArn: existing },
      bootstrapQualifier: 'platform1',
      pullRequestDiffRole: false,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: existing } })] },
      Policies: [
        Match.objectLike({
          PolicyDocument: Match.objectLike({
            Statement: [
              Match.objectLike({
                Resource: Match.arrayWith([
                  Match.objectLike({
                    'Fn::Join': ['', Match.arrayWith([`:iam::${account}:role/cdk-platform1-deploy-role-${account}-${region}`])],
                  }),
                ]),
              }),
            ],
          }),
        }),
      ],
    });
  });

  it('lets both roles assume the bootstrap roles of every region the stage deploys to (the DR region too)', () => {
    const stack = testStack(testApp(), 'TwoRegions');
    new GithubOidc(stack, 'Github', {
      stage: 'prod',
      config: { github, createOidcProvider: true },
      otherRegions: ['eu-central-1', region],
    });
    const template = Template.fromStack(stack);
    const inDr = (name: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/cdk-hnb659fds-${name}-${account}-eu-central-1`]],
    });
    const deploy = roleWithDescription(template, /deploys of stage prod/);
    const names = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'];
    // CDK orders the resources itself; the set is what counts, and the stack's own region only once.
    const deployResources = deploy.Policies[0].PolicyDocument.Statement[0].Resource;
    expect(deployResources).toHaveLength(8);
    expect(deployResources).toEqual(expect.arrayContaining([...names.map(bootstrapRole), ...names.map(inDr)]));
    const diff = roleWithDescription(template, /Read-only cdk diff of stage prod/);
    const diffResources = diff.Policies[0].PolicyDocument.Statement[0].Resource;
    expect(diffResources).toHaveLength(2);
    expect(diffResources).toEqual(expect.arrayContaining([bootstrapRole('lookup-role'), inDr('lookup-role')]));
  });

  it.each(STAGE_NAMES)(
    "%s: the delivery stack's roles reach the bootstrap roles of the stage region and of backup.drRegion, where <stage>-dr deploys",
    (stage) => {
      const { facts: stacks, templates } = synthStage(stage);
      const { account: stageAccount, region: stageRegion } = stacks.delivery;
      expect(stacks.dr.region).not.toBe(stageRegion);
      const text = JSON.stringify(templates.delivery.findResources('AWS::IAM::Role'));
      for (const where of [stageRegion, stacks.dr.region]) {
        for (const name of ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role']) {
          expect(text).toContain(`:iam::${stageAccount}:role/cdk-hnb659fds-${name}-${stageAccount}-${where}`);
        }
      }
    },
  );

  it('refuses to both create and import a provider', () => {
    const stack = testStack(testApp(), 'Both');
    expect(
      () =>
        new GithubOidc(stack, 'Github', {
          stage: 'dev',
          config: { github, createOidcProvider: true, existingOidcProviderArn: 'arn:aws:iam::1:oidc-provider/x' },
        }),
    ).toThrow('either create the OIDC provider or pass an existing provider ARN, not both');
  });

  it('has no cdk-nag findings (no wildcard, no managed policy)', () => {
    expect(nagFindings(prodStack)).toEqual([]);
    expect(nagFindings(stagingStack)).toEqual([]);
  });
});
