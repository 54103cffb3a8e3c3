import { Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from './config/types';
import { DataStack } from './stacks/data-stack';
import { NetworkStack } from './stacks/network-stack';
import { ServicesStack } from './stacks/services-stack';

/** The stacks of one stage, in deployment order. */
export interface StageStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly services: ServicesStack;
}

/** Builds every stack of one stage and tags all of its resources with Project and Stage. */
export function createStageStacks(scope: Construct, config: StageConfig): StageStacks {
  const network = new NetworkStack(scope, config);
  const data = new DataStack(scope, config, { vpc: network.vpc });
  const services = new ServicesStack(scope, config, { vpc: network.vpc, database: data.database, cache: data.cache });
  const stacks: StageStacks = { network, data, services };
  for (const stack of Object.values(stacks)) {
    Tags.of(stack).add('Project', config.project);
    Tags.of(stack).add('Stage', config.stage);
  }
  return stacks;
}
