import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';

export interface PlatformStackProps extends StackProps {
  readonly config: StageConfig;
  /** Stateful stacks get termination protection where the stage asks for it. */
  readonly stateful: boolean;
}

/**
 * Base of every stack of a stage: named `<stage>-<part>`, deployed to the stage's account and
 * region, with its AZs fixed from config so synth never looks them up.
 */
export abstract class PlatformStack extends Stack {
  readonly config: StageConfig;

  constructor(scope: Construct, part: string, props: PlatformStackProps) {
    const { config, stateful, ...stackProps } = props;
    super(scope, `${config.stage}-${part}`, {
      stackName: `${config.stage}-${part}`,
      env: { account: config.env.account, region: config.env.region },
      terminationProtection: stateful && config.terminationProtection,
      ...stackProps,
    });
    this.config = config;
  }

  override get availabilityZones(): string[] {
    return [...this.config.network.availabilityZones];
  }
}
