import { RemovalPolicy } from 'aws-cdk-lib';
import { StatefulRemoval } from '../../../config/types';

/** Maps the config's removal choice to CDK's, for resources that support a final snapshot. */
export function removalPolicyOf(removal: StatefulRemoval | 'destroy'): RemovalPolicy {
  return { snapshot: RemovalPolicy.SNAPSHOT, retain: RemovalPolicy.RETAIN, destroy: RemovalPolicy.DESTROY }[removal];
}

/**
 * The removal policy of the secret that opens a data store: kept whenever the store's data is kept
 * (retained, or in a final snapshot), since a restored copy still expects those credentials.
 * A secret cannot be snapshotted, so "snapshot" means RETAIN here.
 */
export function secretRemovalPolicyOf(removal: StatefulRemoval | 'destroy'): RemovalPolicy {
  return removal === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}
