import { Aws, Token } from 'aws-cdk-lib';

/**
 * The partition of a region and the DNS suffix of its service endpoints, as plain strings.
 * `Aws.PARTITION` is only right inside a stack of that region; a name built for another region
 * (the DR key alias, used from the primary region) needs the value itself. The region's name
 * decides it: AWS names regions per partition (`cn-…`, `us-gov-…`).
 */
interface PartitionEntry {
  readonly regionPrefix: string;
  readonly partition: string;
  readonly dnsSuffix: string;
}

const PARTITIONS: readonly PartitionEntry[] = [
  { regionPrefix: 'cn-', partition: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' },
  { regionPrefix: 'us-gov-', partition: 'aws-us-gov', dnsSuffix: 'amazonaws.com' },
  { regionPrefix: 'us-iso-', partition: 'aws-iso', dnsSuffix: 'c2s.ic.gov' },
  { regionPrefix: 'us-isob-', partition: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' },
  { regionPrefix: 'us-isof-', partition: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov' },
  { regionPrefix: 'eu-isoe-', partition: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk' },
  { regionPrefix: 'eusc-', partition: 'aws-eusc', dnsSuffix: 'amazonaws.eu' },
];
const COMMERCIAL: PartitionEntry = { regionPrefix: '', partition: 'aws', dnsSuffix: 'amazonaws.com' };

function entryOf(region: string): PartitionEntry {
  if (!/^[a-z]+(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`region: ${JSON.stringify(region)} is not a region name; a partition needs a concrete region such as "eu-west-1"`);
  }
  return PARTITIONS.find((p) => region.startsWith(p.regionPrefix)) ?? COMMERCIAL;
}

/** `aws`, `aws-cn`, `aws-us-gov` …: the partition an ARN of `region` starts with. */
export function partitionOf(region: string): string {
  return entryOf(region).partition;
}

/** `amazonaws.com`, `amazonaws.com.cn` …: the domain of `region`'s service endpoints. */
export function dnsSuffixOf(region: string): string {
  return entryOf(region).dnsSuffix;
}

/**
 * `logs.eu-west-1.amazonaws.com`: a regional service's name, as principals and kms:ViaService use it.
 * A region still unknown at synth (an environment-agnostic stack) gets the deploying stack's suffix.
 */
export function regionalServiceName(service: string, region: string): string {
  return `${service}.${region}.${Token.isUnresolved(region) ? Aws.URL_SUFFIX : dnsSuffixOf(region)}`;
}
