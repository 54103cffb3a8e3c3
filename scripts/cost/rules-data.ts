import { line, type PricingRule } from './line';
import { RDS_MULTI_AZ_FACTOR, VALKEY_FACTOR } from './prices';
import { numberProperty, readableId, referencedIds, resourcesOf } from './template';

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * RDS for PostgreSQL instances: instance-hours (twice for Multi-AZ), gp3 storage (stored twice for
 * Multi-AZ) and backup storage. A read replica is an instance with SourceDBInstanceIdentifier; it
 * inherits engine and storage size from its source.
 */
export const databases: PricingRule = ({ stack, prices, assumptions, unpriced }) => {
  const instances = resourcesOf(stack.template, 'AWS::RDS::DBInstance');
  const byId = new Map(instances.map((i) => [i.logicalId, i]));
  return instances.flatMap((db) => {
    const sourceRef = db.properties.SourceDBInstanceIdentifier;
    // The source is usually an ARN joined from the primary's Ref.
    const source = referencedIds(sourceRef)
      .map((id) => byId.get(id))
      .find((i) => i !== undefined);
    const replica = sourceRef !== undefined;
    const engine = String(db.properties.Engine ?? source?.properties.Engine ?? 'postgres');
    const instanceClass = String(db.properties.DBInstanceClass ?? '');
    const hourly = prices.rdsPostgresHour[instanceClass];
    if (!engine.startsWith('postgres') || hourly === undefined) {
      unpriced(`AWS::RDS::DBInstance ${readableId(db.logicalId)} (${engine} ${instanceClass}): no price in prices.ts`);
      return [];
    }
    const multiAz = isTrue(db.properties.MultiAZ);
    const copies = multiAz ? RDS_MULTI_AZ_FACTOR : 1;
    const storageGb = numberProperty(db.properties.AllocatedStorage) ?? numberProperty(source?.properties.AllocatedStorage) ?? 20;
    const name = `${replica ? 'Read replica' : 'PostgreSQL'} ${readableId(db.logicalId)} (${instanceClass}${multiAz ? ', Multi-AZ' : ''})`;
    const lines = [
      line('Database', name, stack.stackName, assumptions.hoursPerMonth, 'hour', hourly * copies),
      line(
        'Database',
        `${name} ${String(db.properties.StorageType ?? source?.properties.StorageType ?? 'gp2')} storage${multiAz ? ' (stored twice)' : ''}`,
        stack.stackName,
        storageGb,
        'GB-month',
        prices.rdsGp3GbMonth * copies,
      ),
    ];
    // Replicas keep no automated backups of their own.
    if (!replica)
      lines.push(
        line('Database', `${name} backup storage`, stack.stackName, { min: 0, max: storageGb }, 'GB-month', prices.rdsBackupGbMonth),
      );
    return lines;
  });
};

/** ElastiCache replication groups and clusters: node-hours by node type; Valkey nodes at the Valkey discount. */
export const caches: PricingRule = ({ stack, prices, assumptions, unpriced }) => {
  const groups = resourcesOf(stack.template, 'AWS::ElastiCache::ReplicationGroup').map((rg) => ({
    resource: rg,
    nodes:
      numberProperty(rg.properties.NumCacheClusters) ??
      (numberProperty(rg.properties.NumNodeGroups) ?? 1) * ((numberProperty(rg.properties.ReplicasPerNodeGroup) ?? 0) + 1),
  }));
  const clusters = resourcesOf(stack.template, 'AWS::ElastiCache::CacheCluster').map((c) => ({
    resource: c,
    nodes: numberProperty(c.properties.NumCacheNodes) ?? 1,
  }));
  return [...groups, ...clusters].flatMap(({ resource, nodes }) => {
    const nodeType = String(resource.properties.CacheNodeType ?? '');
    const engine = String(resource.properties.Engine ?? 'redis').toLowerCase();
    const redisHourly = prices.elasticacheRedisHour[nodeType];
    if (redisHourly === undefined || (engine !== 'redis' && engine !== 'valkey')) {
      unpriced(`${resource.type} ${readableId(resource.logicalId)} (${engine} ${nodeType}): no price in prices.ts`);
      return [];
    }
    const hourly = engine === 'valkey' ? redisHourly * VALKEY_FACTOR : redisHourly;
    const name = `${engine === 'valkey' ? 'Valkey' : 'Redis OSS'} ${readableId(resource.logicalId)} (${nodes} × ${nodeType})`;
    return [line('Cache', name, stack.stackName, nodes * assumptions.hoursPerMonth, 'node-hour', hourly)];
  });
};
