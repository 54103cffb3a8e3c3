import { RemovalPolicy } from 'aws-cdk-lib';
import { StatefulRemoval } from '../../config/types';

/** Maps the config's removal choice to CDK's, for resources that support a final snapshot. */
export function removalPolicyOf(removal: StatefulRemoval | 'destroy'): RemovalPolicy {
  return { snapshot: RemovalPolicy.SNAPSHOT, retain: RemovalPolicy.RETAIN, destroy: RemovalPolicy.DESTROY }[removal];
}
