import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DeliveryConfig } from '../../config/delivery';

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The roles `cdk bootstrap` creates; CI reaches AWS only through them. */
const DEPLOY_BOOTSTRAP_ROLES = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'];
/** `cdk diff --no-change-set` reads deployed templates with the lookup role alone (ReadOnlyAccess). */
const DIFF_BOOTSTRAP_ROLES = ['lookup-role'];

export interface GithubOidcProps {
  readonly stage: string;
  readonly config: Pick<DeliveryConfig, 'github' | 'createOidcProvider' | 'existingOidcProviderArn'>;
  /** Qualifier the stage's account/region was bootstrapped with. @default 'hnb659fds' (the CDK default) */
  readonly bootstrapQualifier?: string;
  /**
   * Every region the stage's stacks deploy to, besides the stack's own (the DR region of
   * `<stage>-dr`): `cdk deploy "<stage>-*"` assumes the bootstrap roles of each stack's region,
   * and a bootstrap role's name carries its region. @default only the stack's region
   */
  readonly otherRegions?: readonly string[];
  /** Also create the read-only role pull requests use for `cdk diff`. @default true */
  readonly pullRequestDiffRole?: boolean;
}

/**
 * GitHub Actions access to one stage, with no stored keys: the account's GitHub OIDC provider
 * (created here or imported), a deploy role only the repository's `<stage>` environment can assume,
 * and a read-only diff role for pull requests. Both roles may do nothing but assume this stage's
 * CDK bootstrap roles (in every region the stage deploys to), so what CI can change is what the
 * bootstrap's execution policy allows. Deploy it in the stage's account and region: a role can
 * trust only an OIDC provider of its own account.
 */
export class GithubOidc extends Construct {
  readonly provider: iam.IOidcProvider;
  /** Assumable only from `repo:<owner>/<repo>:environment:<stage>`. */
  readonly deployRole: iam.Role;
  /** Assumable only from `repo:<owner>/<repo>:pull_request`; undefined when not created. */
  readonly diffRole?: iam.Role;

  constructor(scope: Construct, id: string, props: GithubOidcProps) {
    super(scope, id);
    const { github, createOidcProvider, existingOidcProviderArn } = props.config;
    if (createOidcProvider && existingOidcProviderArn) {
      throw new Error('GithubOidc: either create the OIDC provider or pass an existing provider ARN, not both');
    }
    const stack = Stack.of(this);
    this.provider = createOidcProvider
      ? new iam.OidcProviderNative(this, 'Provider', {
          url: `https://${GITHUB_OIDC_ISSUER}`,
          clientIds: [GITHUB_OIDC_AUDIENCE],
          // Other stages in the account trust the same provider; deleting this stack must not cut them off.
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : iam.OidcProviderNative.fromOidcProviderArn(
          this,
          'Provider',
          existingOidcProviderArn ?? `arn:${Aws.PARTITION}:iam::${stack.account}:oidc-provider/${GITHUB_OIDC_ISSUER}`,
        );

    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    const regions = [stack.region, ...(props.otherRegions ?? []).filter((region) => region !== stack.region)];
    const bootstrapRoles = (names: readonly string[]) =>
      regions.flatMap((region) =>
        names.map((name) => `arn:${Aws.PARTITION}:iam::${stack.account}:role/cdk-${qualifier}-${name}-${stack.account}-${region}`),
      );
    const repository = `repo:${github.owner}/${github.repo}`;

    this.deployRole = this.ciRole('DeployRole', {
      subject: `${repository}:environment:${props.stage}`,
      assumable: bootstrapRoles(DEPLOY_BOOTSTRAP_ROLES),
      description: `GitHub Actions deploys of stage ${props.stage} from ${github.owner}/${github.repo} (environment ${props.stage})`,
    });
    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: `Set as variable DEPLOY_ROLE_ARN of the GitHub environment "${props.stage}"`,
    });

    if (props.pullRequestDiffRole ?? true) {
      this.diffRole = this.ciRole('DiffRole', {
        subject: `${repository}:pull_request`,
        assumable: bootstrapRoles(DIFF_BOOTSTRAP_ROLES),
        description: `Read-only cdk diff of stage ${props.stage} for pull requests of ${github.owner}/${github.repo}`,
      });
      new CfnOutput(this, 'DiffRoleArn', {
        value: this.diffRole.roleArn,
        description: `Set as repository variable DIFF_ROLE_ARN_${props.stage.toUpperCase()}`,
      });
    }
  }

  private ciRole(id: string, opts: { subject: string; assumable: string[]; description: string }): iam.Role {
    const role = new iam.Role(this, id, {
      description: opts.description,
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: opts.subject,
        },
      }),
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        AssumeCdkBootstrapRoles: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: opts.assumable })],
        }),
      },
    });
    Validations.of(role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "The inline policy is the CI role's whole purpose (assume this stage's CDK bootstrap roles); it must not be attachable to any other role",
    });
    return role;
  }
}
