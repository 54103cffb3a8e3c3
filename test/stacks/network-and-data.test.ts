import { Match } from 'aws-cdk-lib/assertions';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { allResources, synthStage } from '../support/stage-synth';

describe.each(STAGE_NAMES)('%s network and data', (stage: StageName) => {
  const config = STAGES[stage];
  const synth = () => synthStage(stage);

  test('VPC spans exactly the configured AZs with public, private and isolated subnets', () => {
    const network = synth().templates.network;
    const subnets = Object.values(network.findResources('AWS::EC2::Subnet'));
    const azs = new Set(subnets.map((s) => s.Properties.AvailabilityZone));
    expect([...azs].sort()).toEqual([...config.network.availabilityZones].sort());
    expect(subnets).toHaveLength(3 * config.network.availabilityZones.length);
    network.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: config.network.cidr });
  });

  test('NAT follows the config: gateways or one ARM NAT instance', () => {
    const network = synth().templates.network;
    const { provider, count } = config.network.nat;
    network.resourceCountIs('AWS::EC2::NatGateway', provider === 'gateway' ? count : 0);
    const natInstances = Object.values(network.findResources('AWS::EC2::Instance', { Properties: { SourceDestCheck: false } }));
    expect(natInstances).toHaveLength(provider === 'instance' ? count : 0);
    for (const instance of natInstances) {
      expect(instance.Properties.InstanceType).toBe(config.network.nat.instanceType);
      expect(instance.Properties.BlockDeviceMappings[0].Ebs.Encrypted).toBe(true);
    }
  });

  test('S3 gateway endpoint and flow logs with retention', () => {
    const network = synth().templates.network;
    network.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    network.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    network.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: config.network.flowLogRetentionDays });
  });

  /** The logical id of the data stack's key whose construct id starts with `name` (`DatabaseKey`, `CacheKey`). */
  const keyId = (name: string) => {
    const ids = Object.keys(synth().templates.data.findResources('AWS::KMS::Key')).filter((id) => id.startsWith(name));
    expect(ids).toHaveLength(1);
    return ids[0];
  };

  test.each(['DatabaseKey', 'CacheKey'])(
    '%s: a symmetric customer-managed key of the data stack, rotating, kept when the stack goes',
    (name) => {
      const key = synth().templates.data.findResources('AWS::KMS::Key')[keyId(name)];
      expect(key.Properties.EnableKeyRotation).toBe(true);
      // RDS and ElastiCache accept only symmetric encryption keys: the default spec.
      expect(key.Properties.KeySpec).toBeUndefined();
      expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    },
  );

  test('PostgreSQL primary: encrypted with the database key, isolated, sized, backed up and protected as configured', () => {
    const data = synth().templates.data;
    const db = config.database;
    const primary = Object.values(data.findResources('AWS::RDS::DBInstance')).find((r) => !r.Properties.SourceDBInstanceIdentifier)!;
    expect(primary.Properties).toMatchObject({
      Engine: 'postgres',
      EngineVersion: db.engineVersion,
      DBInstanceClass: db.instanceClass,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [keyId('DatabaseKey'), 'Arn'] },
      StorageType: 'gp3',
      AllocatedStorage: String(db.allocatedStorageGb),
      MaxAllocatedStorage: db.maxAllocatedStorageGb,
      MultiAZ: db.multiAz,
      BackupRetentionPeriod: db.backupRetentionDays,
      DeletionProtection: db.deletionProtection,
      PubliclyAccessible: false,
      CopyTagsToSnapshot: true,
    });
    expect(primary.Properties.EnablePerformanceInsights ?? false).toBe(db.performanceInsights);
    expect(primary.Properties.PerformanceInsightsKMSKeyId).toEqual(
      db.performanceInsights ? { 'Fn::GetAtt': [keyId('DatabaseKey'), 'Arn'] } : undefined,
    );
    expect(primary.DeletionPolicy).toBe(db.removal === 'retain' ? 'Retain' : 'Snapshot');
    expect(JSON.stringify(primary.Properties.MasterUserPassword)).toMatch(/resolve:secretsmanager/);
  });

  test('the parameter group forces TLS', () => {
    synth().templates.data.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  test(`read replicas: ${config.database.readReplicas}, each in a different AZ`, () => {
    const replicas = Object.values(synth().templates.data.findResources('AWS::RDS::DBInstance')).filter(
      (r) => r.Properties.SourceDBInstanceIdentifier,
    );
    expect(replicas).toHaveLength(config.database.readReplicas);
    const azs = replicas.map((r) => r.Properties.AvailabilityZone);
    expect(new Set(azs).size).toBe(azs.length);
    for (const az of azs) expect(config.network.availabilityZones).toContain(az);
  });

  test("read replicas are encrypted under the primary's key by inheritance: they name no key and no StorageEncrypted (F3020)", () => {
    const instances = synth().templates.data.findResources('AWS::RDS::DBInstance');
    const [primaryId] = Object.keys(instances).filter((id) => !instances[id].Properties.SourceDBInstanceIdentifier);
    for (const replica of Object.values(instances).filter((r) => r.Properties.SourceDBInstanceIdentifier)) {
      expect(replica.Properties.SourceDBInstanceIdentifier).toEqual(
        expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([{ Ref: primaryId }])]) }),
      );
      expect(replica.Properties.KmsKeyId).toBeUndefined();
      expect(replica.Properties.StorageEncrypted).toBeUndefined();
      expect(replica.Properties.PerformanceInsightsKMSKeyId).toEqual(
        config.database.performanceInsights ? { 'Fn::GetAtt': [keyId('DatabaseKey'), 'Arn'] } : undefined,
      );
    }
  });

  test('the database subnet group uses only isolated subnets', () => {
    const group = Object.values(synth().templates.data.findResources('AWS::RDS::DBSubnetGroup'))[0];
    const refs = JSON.stringify(group.Properties.SubnetIds);
    expect(refs).toMatch(/isolatedSubnet/);
    expect(refs).not.toMatch(/privateSubnet|publicSubnet/);
  });

  test('cache: Valkey, encrypted at rest with the cache key and in transit, AUTH from Secrets Manager, LRU, 7-day snapshots', () => {
    const data = synth().templates.data;
    const cache = config.cache;
    const [group] = Object.values(data.findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(group.Properties).toMatchObject({
      Engine: cache.engine,
      EngineVersion: cache.engineVersion,
      CacheNodeType: cache.nodeType,
      NumCacheClusters: cache.nodes,
      AutomaticFailoverEnabled: cache.nodes > 1,
      MultiAZEnabled: cache.nodes > 1,
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [keyId('CacheKey'), 'Arn'] },
      TransitEncryptionEnabled: true,
      SnapshotRetentionLimit: 7,
    });
    expect(JSON.stringify(group.Properties.AuthToken)).toMatch(/\{\{resolve:secretsmanager:/);
    data.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'maxmemory-policy': 'allkeys-lru' } });
  });

  test('database and cache security groups allow nothing from the internet and only the services in', () => {
    const resources = allResources(synth());
    const data = synth().templates.data;
    for (const sg of Object.values(data.findResources('AWS::EC2::SecurityGroup'))) {
      expect(sg.Properties.SecurityGroupIngress ?? []).toEqual([]);
    }
    // Rules into the data stack's own security groups (restore-test copies have groups of their own).
    const ingress = resources.filter(
      (r) => r.type === 'AWS::EC2::SecurityGroupIngress' && /(Database|Cache)SecurityGroup/.test(JSON.stringify(r.properties.GroupId)),
    );
    const expected = [
      'ApiToCache',
      'ApiToDatabase',
      'WorkerToCache',
      'WorkerToDatabase',
      'DumpToDatabase',
      'SnapshotJobsToCache',
      'SnapshotJobsToDatabase',
    ];
    if (config.recovery.drills.enabled) expected.push('DrillProbeToDatabase');
    expect(ingress.map((r) => r.id).sort()).toEqual(expected.sort());
    expect(ingress.every((r) => [5432, 6379].includes(r.properties.FromPort as number))).toBe(true);
    for (const rule of ingress) {
      expect(rule.properties.SourceSecurityGroupId).toBeDefined();
      expect(rule.properties.CidrIp).toBeUndefined();
    }
  });

  test('stateful stacks have termination protection exactly where the stage asks for it', () => {
    const { network, data, services } = synth().facts;
    expect(network.terminationProtection).toBe(config.terminationProtection);
    expect(data.terminationProtection).toBe(config.terminationProtection);
    expect(services.terminationProtection).toBe(false);
    expect([network, data, services].map((s) => s.stackName)).toEqual([`${stage}-network`, `${stage}-data`, `${stage}-services`]);
    expect(data.account).toBe(config.env.account);
    expect(data.region).toBe(config.env.region);
  });
});
