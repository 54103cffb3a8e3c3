/**
 * Memory in GiB of the ElastiCache node types (Amazon ElastiCache pricing, "Node types"). A restore
 * loads the whole snapshot into one node, so a node smaller than the source's may not hold it:
 * the source can fill its own node's memory at any time, so only a node at least as large is sure to.
 */
const NODE_MEMORY_GIB: Readonly<Record<string, number>> = {
  'cache.t3.micro': 0.5,
  'cache.t3.small': 1.37,
  'cache.t3.medium': 3.09,
  'cache.t4g.micro': 0.5,
  'cache.t4g.small': 1.37,
  'cache.t4g.medium': 3.09,
  'cache.m5.large': 6.38,
  'cache.m5.xlarge': 12.93,
  'cache.m5.2xlarge': 26.04,
  'cache.m5.4xlarge': 52.26,
  'cache.m5.12xlarge': 157.12,
  'cache.m5.24xlarge': 314.32,
  ...sizes('cache.m6g', {
    large: 6.38,
    xlarge: 12.93,
    '2xlarge': 26.04,
    '4xlarge': 52.26,
    '8xlarge': 103.68,
    '12xlarge': 157.12,
    '16xlarge': 209.55,
  }),
  ...sizes('cache.m7g', {
    large: 6.38,
    xlarge: 12.93,
    '2xlarge': 26.04,
    '4xlarge': 52.26,
    '8xlarge': 103.68,
    '12xlarge': 157.12,
    '16xlarge': 209.55,
  }),
  'cache.r5.large': 13.07,
  'cache.r5.xlarge': 26.32,
  'cache.r5.2xlarge': 52.82,
  'cache.r5.4xlarge': 105.81,
  'cache.r5.12xlarge': 317.77,
  'cache.r5.24xlarge': 635.61,
  ...sizes('cache.r6g', {
    large: 13.07,
    xlarge: 26.32,
    '2xlarge': 52.82,
    '4xlarge': 105.81,
    '8xlarge': 209.55,
    '12xlarge': 317.77,
    '16xlarge': 419.09,
  }),
  ...sizes('cache.r7g', {
    large: 13.07,
    xlarge: 26.32,
    '2xlarge': 52.82,
    '4xlarge': 105.81,
    '8xlarge': 209.55,
    '12xlarge': 317.77,
    '16xlarge': 419.09,
  }),
};

function sizes(family: string, memory: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(memory).map(([size, gib]) => [`${family}.${size}`, gib]));
}

/** Memory in GiB of a node type; undefined for a type the table lacks. */
export function nodeMemoryGiB(nodeType: string): number | undefined {
  return NODE_MEMORY_GIB[nodeType];
}

/**
 * The node type of the restore-test copy: the configured (usually smaller, cheaper) type when it
 * has at least the memory of the node the snapshot was taken on, else the snapshot's own type,
 * which held the data. When either type is unknown to the table, the snapshot's own type.
 */
export function restoreNodeType(configured: string, snapshotNodeType: string | undefined): string {
  if (!snapshotNodeType || snapshotNodeType === configured) return configured;
  const wanted = nodeMemoryGiB(configured);
  const source = nodeMemoryGiB(snapshotNodeType);
  return wanted !== undefined && source !== undefined && wanted >= source ? configured : snapshotNodeType;
}
