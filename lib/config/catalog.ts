/**
 * Facts about AWS the validator checks stage values against. Kept as data so a new instance
 * family or region is a one-line change.
 */

const SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

function classes(prefix: string, families: readonly string[], sizes: readonly string[]): string[] {
  return families.flatMap((family) => sizes.map((size) => `${prefix}.${family}.${size}`));
}

/** RDS for PostgreSQL instance classes (current generations). */
export const POSTGRES_INSTANCE_CLASSES: readonly string[] = [
  ...classes('db', ['t3', 't4g'], ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']),
  ...classes('db', ['m6g', 'm7g', 'm8g', 'r6g', 'r7g', 'r8g', 'm6i', 'm7i', 'r6i', 'r7i'], SIZES.slice(3)),
];

/** Instance classes the restored and burstable checks consider "small". */
export const BURSTABLE_PREFIXES = ['db.t3.', 'db.t4g.', 'cache.t3.', 'cache.t4g.'];

/** ElastiCache node types for Valkey / Redis OSS. */
export const CACHE_NODE_TYPES: readonly string[] = [
  ...classes('cache', ['t3', 't4g'], ['micro', 'small', 'medium']),
  ...classes('cache', ['m6g', 'm7g', 'r6g', 'r7g'], SIZES.slice(3, 10)),
];

/** PostgreSQL majors RDS offers that this platform supports. */
export const POSTGRES_MAJOR_VERSIONS = ['16', '17', '18'];

/** Engine majors per cache engine. */
export const CACHE_ENGINE_VERSIONS: Readonly<Record<'valkey' | 'redis', readonly string[]>> = {
  valkey: ['7.2', '8.0', '8.1'],
  redis: ['7.0', '7.1'],
};

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** EC2 instance types offered for the NAT instance (ARM, burstable). */
export const NAT_INSTANCE_TYPES = ['t4g.nano', 't4g.micro', 't4g.small', 't4g.medium'];

/** Memory in GiB of an RDS instance class, from its family (burstable, general purpose, memory optimized) and size. */
export function instanceMemoryGiB(instanceClass: string): number {
  const [, family, size] = instanceClass.split('.');
  if (family.startsWith('t')) return { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 }[size] ?? 1;
  const perVcpuGiB = family.startsWith('r') ? 8 : 4;
  const vcpus = size === 'large' ? 2 : size === 'xlarge' ? 4 : 4 * Number(size.replace('xlarge', ''));
  return vcpus * perVcpuGiB;
}

/** PostgreSQL's RDS default `max_connections`: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function postgresMaxConnections(instanceClass: string): number {
  return Math.min(Math.floor((instanceMemoryGiB(instanceClass) * 1024 ** 3) / 9531392), 5000);
}
