import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { partitionOf } from '../constructs/common/aws-partition';
import { retainedKey } from '../constructs/common/retained-key';
import { PlatformStack } from './platform-stack';

/** Alias of the DR key: fixed, so the primary region can name it without a cross-region reference. */
export function drKeyAlias(config: StageConfig): string {
  return `alias/${config.project}-${config.stage}-backup-dr`;
}

/**
 * The alias ARN CopyDBSnapshot is given as its KmsKeyId in the DR region. It is used from the
 * primary region's stacks, so the partition comes from the DR region's name, not `Aws.PARTITION`.
 */
export function drKeyAliasArn(config: StageConfig): string {
  return `arn:${partitionOf(config.backup.drRegion)}:kms:${config.backup.drRegion}:${config.env.account}:${drKeyAlias(config)}`;
}

/**
 * Stateful, in the DR region: the KMS key that encrypts the off-site snapshot copies.
 * Kept on deletion: losing it would make every DR copy unreadable.
 */
export class DrStack extends PlatformStack {
  readonly key: kms.Key;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'dr', {
      config,
      stateful: true,
      env: { account: config.env.account, region: config.backup.drRegion },
      description: `${config.stage}: KMS key for the off-site (DR region) database snapshot copies`,
    });
    this.key = retainedKey(this, 'SnapshotCopyKey', `${config.stage} database snapshot copies (DR region)`, { alias: drKeyAlias(config) });
  }

  override get availabilityZones(): string[] {
    return ['a', 'b'].map((suffix) => `${this.config.backup.drRegion}${suffix}`);
  }
}
