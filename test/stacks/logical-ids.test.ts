import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { StageStacks } from '../../lib/stage';
import { synthStage } from '../support/stage-synth';

/**
 * Logical ids of every stateful resource, per stage and stack: written out literally (generated
 * once from `cdk synth`), not computed. CloudFormation identifies a resource by its logical id, so a
 * refactor that renames a construct (or moves it) deletes the old resource and creates a new, empty
 * one. This table makes that a failing test instead of a lost database.
 */
const STATEFUL_TYPES = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
];

/** What losing a resource of each type means, for the failure message. */
const LOSS: Record<string, string> = {
  'AWS::EC2::VPC': 'a new VPC means moving every subnet, database and cache in it',
  'AWS::EC2::Subnet': 'a subnet in use by the database, cache or tasks cannot be deleted, so the deploy fails half-way',
  'AWS::RDS::DBInstance': 'the database (or replica) is replaced by a new, empty one',
  'AWS::RDS::DBSubnetGroup': 'a new DB subnet group moves, and so replaces, the database',
  'AWS::ElastiCache::ReplicationGroup': 'the cache is replaced by a new, empty one',
  'AWS::ElastiCache::SubnetGroup': 'a new cache subnet group replaces the cache',
  'AWS::S3::Bucket': 'a new, empty bucket; backups, archived logs or access logs stay behind in the old one',
  'AWS::KMS::Key': 'a new key; everything encrypted under the old one still needs the old one',
  'AWS::SecretsManager::Secret': 'a newly generated credential that no longer opens the existing database or cache',
};

/** The DR landing zone of every stage (stateless, but a VPC moved is every restore copy's network moved). */
const DR_LANDING_ZONE = [
  'AWS::EC2::Subnet DrRestoreTestLandingZoneVpcisolatedSubnet1SubnetD0A36644',
  'AWS::EC2::Subnet DrRestoreTestLandingZoneVpcisolatedSubnet2Subnet43A54DD9',
  'AWS::EC2::VPC DrRestoreTestLandingZoneVpcD453DA12',
  'AWS::RDS::DBSubnetGroup DrRestoreTestLandingZoneSubnetGroup2762D97A',
  'AWS::S3::Bucket DrRestoreTestRunBucket205D527B',
];

const EXPECTED: Record<StageName, Record<string, readonly string[]>> = {
  dev: {
    alerting: ['AWS::KMS::Key AlertsKey9E1197AF', 'AWS::KMS::Key LogsKeyB5D1D597'],
    network: [
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet1Subnet188D06DD',
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet2Subnet811E27B8',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet1Subnet9EC58498',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet2Subnet6E5E8804',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet1Subnet00617657',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet2SubnetDCAA7C9A',
      'AWS::EC2::VPC NetworkVpc7FB7348F',
    ],
    dr: ['AWS::KMS::Key SnapshotCopyKey8B833C79', 'AWS::S3::Bucket ManifestCopiesBucket5BCF0923'],
    data: [
      'AWS::ElastiCache::ReplicationGroup CacheReplicationGroupBFE59FF3',
      'AWS::ElastiCache::SubnetGroup CacheSubnets75A36213',
      'AWS::KMS::Key BackupKey60B97760',
      'AWS::KMS::Key CacheKeyA9E311EC',
      'AWS::KMS::Key DatabaseKey7576F140',
      'AWS::RDS::DBInstance DatabasePrimaryEDE0B3D0',
      'AWS::RDS::DBSubnetGroup DatabasePrimarySubnetGroup6A34E9A0',
      'AWS::S3::Bucket BackupsBucket2936A3AA',
      'AWS::S3::Bucket LogArchiveBucket6951A440',
      'AWS::SecretsManager::Secret CacheAuthToken04672416',
      'AWS::SecretsManager::Secret devdataDatabasePrimarySecret5F17597B3fdaad7efa858a3daf9490cf0a702aeb',
    ],
    services: ['AWS::KMS::Key WorkKeyDF06DF2E', 'AWS::S3::Bucket IngressAccessLogs80F9B44E'],
    restoreTest: [
      'AWS::ElastiCache::SubnetGroup RestoreTestsCacheSubnetGroup6E9857DA',
      'AWS::RDS::DBSubnetGroup RestoreTestsDatabaseSubnetGroup994BB40D',
      'AWS::SecretsManager::Secret RestoreTestsDatabaseSecretC660CF8B',
    ],
    cost: ['AWS::KMS::Key CostsTopicKey0D6060CD'],
    drRestoreTest: DR_LANDING_ZONE,
  },
  staging: {
    alerting: ['AWS::KMS::Key AlertsKey9E1197AF', 'AWS::KMS::Key LogsKeyB5D1D597'],
    network: [
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet1Subnet188D06DD',
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet2Subnet811E27B8',
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet3Subnet8C51A120',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet1Subnet9EC58498',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet2Subnet6E5E8804',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet3SubnetC252FE86',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet1Subnet00617657',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet2SubnetDCAA7C9A',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet3SubnetB6CE113A',
      'AWS::EC2::VPC NetworkVpc7FB7348F',
    ],
    dr: ['AWS::KMS::Key SnapshotCopyKey8B833C79', 'AWS::S3::Bucket ManifestCopiesBucket5BCF0923'],
    data: [
      'AWS::ElastiCache::ReplicationGroup CacheReplicationGroupBFE59FF3',
      'AWS::ElastiCache::SubnetGroup CacheSubnets75A36213',
      'AWS::KMS::Key BackupKey60B97760',
      'AWS::KMS::Key CacheKeyA9E311EC',
      'AWS::KMS::Key DatabaseKey7576F140',
      'AWS::RDS::DBInstance DatabasePrimaryEDE0B3D0',
      'AWS::RDS::DBInstance DatabaseReplica1ED560A1F',
      'AWS::RDS::DBSubnetGroup DatabasePrimarySubnetGroup6A34E9A0',
      'AWS::RDS::DBSubnetGroup DatabaseReplica1SubnetGroup2062E760',
      'AWS::S3::Bucket BackupsBucket2936A3AA',
      'AWS::S3::Bucket LogArchiveBucket6951A440',
      'AWS::SecretsManager::Secret CacheAuthToken04672416',
      'AWS::SecretsManager::Secret stagingdataDatabasePrimarySecret044DDFC43fdaad7efa858a3daf9490cf0a702aeb',
    ],
    services: ['AWS::KMS::Key WorkKeyDF06DF2E', 'AWS::S3::Bucket IngressAccessLogs80F9B44E'],
    restoreTest: [
      'AWS::ElastiCache::SubnetGroup RestoreTestsCacheSubnetGroup6E9857DA',
      'AWS::RDS::DBSubnetGroup RestoreTestsDatabaseSubnetGroup994BB40D',
      'AWS::SecretsManager::Secret RestoreTestsDatabaseSecretC660CF8B',
    ],
    cost: ['AWS::KMS::Key CostsTopicKey0D6060CD'],
    drRestoreTest: DR_LANDING_ZONE,
  },
  prod: {
    alerting: ['AWS::KMS::Key AlertsKey9E1197AF', 'AWS::KMS::Key LogsKeyB5D1D597'],
    network: [
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet1Subnet188D06DD',
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet2Subnet811E27B8',
      'AWS::EC2::Subnet NetworkVpcisolatedSubnet3Subnet8C51A120',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet1Subnet9EC58498',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet2Subnet6E5E8804',
      'AWS::EC2::Subnet NetworkVpcprivateSubnet3SubnetC252FE86',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet1Subnet00617657',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet2SubnetDCAA7C9A',
      'AWS::EC2::Subnet NetworkVpcpublicSubnet3SubnetB6CE113A',
      'AWS::EC2::VPC NetworkVpc7FB7348F',
    ],
    dr: ['AWS::KMS::Key SnapshotCopyKey8B833C79', 'AWS::S3::Bucket ManifestCopiesBucket5BCF0923'],
    data: [
      'AWS::ElastiCache::ReplicationGroup CacheReplicationGroupBFE59FF3',
      'AWS::ElastiCache::SubnetGroup CacheSubnets75A36213',
      'AWS::KMS::Key BackupKey60B97760',
      'AWS::KMS::Key CacheKeyA9E311EC',
      'AWS::KMS::Key DatabaseKey7576F140',
      'AWS::RDS::DBInstance DatabasePrimaryEDE0B3D0',
      'AWS::RDS::DBInstance DatabaseReplica1ED560A1F',
      'AWS::RDS::DBInstance DatabaseReplica2035311FF',
      'AWS::RDS::DBSubnetGroup DatabasePrimarySubnetGroup6A34E9A0',
      'AWS::RDS::DBSubnetGroup DatabaseReplica1SubnetGroup2062E760',
      'AWS::RDS::DBSubnetGroup DatabaseReplica2SubnetGroup5BF4E2C6',
      'AWS::S3::Bucket BackupsBucket2936A3AA',
      'AWS::S3::Bucket LogArchiveBucket6951A440',
      'AWS::SecretsManager::Secret CacheAuthToken04672416',
      'AWS::SecretsManager::Secret proddataDatabasePrimarySecret22A711B53fdaad7efa858a3daf9490cf0a702aeb',
    ],
    services: [
      'AWS::KMS::Key WorkKeyDF06DF2E',
      'AWS::S3::Bucket CdnAccessLogs9F466A83',
      'AWS::S3::Bucket IngressAccessLogs80F9B44E',
      'AWS::SecretsManager::Secret OriginVerifyED6A82E8',
    ],
    restoreTest: [
      'AWS::ElastiCache::SubnetGroup RestoreTestsCacheSubnetGroup6E9857DA',
      'AWS::RDS::DBSubnetGroup RestoreTestsDatabaseSubnetGroup994BB40D',
      'AWS::SecretsManager::Secret RestoreTestsDatabaseSecretC660CF8B',
    ],
    cost: ['AWS::KMS::Key CostsTopicKey0D6060CD'],
    drRestoreTest: DR_LANDING_ZONE,
  },
};

/** `Type LogicalId` of every stateful resource in one stack part of a stage, sorted. */
function statefulResources(stage: StageName, part: string): string[] {
  const template = synthStage(stage).templates[part];
  const resources = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>);
  return resources
    .filter(([, r]) => STATEFUL_TYPES.includes(r.Type))
    .map(([id, r]) => `${r.Type} ${id}`)
    .sort();
}

/** One sentence per difference, saying what a deploy would do and what to do instead. */
function differences(stackName: string, actual: readonly string[], expected: readonly string[]): string[] {
  const gone = expected
    .filter((row) => !actual.includes(row))
    .map((row) => {
      const [type, id] = row.split(' ');
      return (
        `${stackName}: ${type} ${id} is no longer in the template. Deploying would remove it: ${LOSS[type]}. ` +
        'If a construct id or path changed, change it back (or pin the old id with overrideLogicalId); if the removal is intended, edit this table in the same change and write down the migration.'
      );
    });
  const added = actual
    .filter((row) => !expected.includes(row))
    .map(
      (row) =>
        `${stackName}: new stateful resource ${row}. Add it to this table so its logical id is pinned from now on (if it replaces a row reported above, see that row).`,
    );
  return [...gone, ...added];
}

describe.each(STAGE_NAMES)('%s stateful logical ids', (stage: StageName) => {
  test('no stack holds a stateful resource the table does not know', () => {
    const parts = Object.keys(synthStage(stage).templates).filter((part) => statefulResources(stage, part).length > 0);
    expect(parts.sort()).toEqual(Object.keys(EXPECTED[stage]).sort());
  });

  test.each(Object.keys(EXPECTED[stage]))('%s keeps the logical id of every stateful resource', (part) => {
    const stackName = synthStage(stage).facts[part as keyof StageStacks].stackName;
    expect(differences(stackName, statefulResources(stage, part), EXPECTED[stage][part])).toEqual([]);
  });
});

describe('the pin check itself', () => {
  test('names a vanished database and what deploying would do', () => {
    const [message] = differences('prod-data', [], ['AWS::RDS::DBInstance DatabasePrimaryEDE0B3D0']);
    expect(message).toMatch(
      /prod-data: AWS::RDS::DBInstance DatabasePrimaryEDE0B3D0 is no longer in the template.*replaced by a new, empty one/,
    );
  });

  test('asks for a new stateful resource to be pinned', () => {
    expect(differences('dev-data', ['AWS::S3::Bucket NewBucket'], [])).toEqual([
      expect.stringMatching(/new stateful resource AWS::S3::Bucket NewBucket/),
    ]);
  });
});
