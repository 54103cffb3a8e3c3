import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { GithubOidc } from '../constructs/delivery/github-oidc';
import { PlatformStack } from './platform-stack';

/** The GitHub OIDC provider (where this stage owns it) and the roles CI assumes to diff and deploy this stage. */
export class DeliveryStack extends PlatformStack {
  readonly oidc: GithubOidc;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'delivery', {
      config,
      stateful: false,
      description: `${config.stage}: GitHub OIDC deploy and diff roles (assume only the CDK bootstrap roles)`,
    });
    // The stage's `<stage>-dr` stack deploys to the DR region, through that region's bootstrap roles.
    this.oidc = new GithubOidc(this, 'GithubOidc', {
      stage: config.stage,
      config: config.delivery,
      otherRegions: [config.backup.drRegion],
    });
  }
}
