/**
 * AWS Regions a stage may name, their partition, and the AZ letters each offers. A table, not a
 * pattern: "eu-west-9" matches any pattern and exists nowhere. Source: AWS Regions and AZs
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html).
 *
 * AZ letters: an account sees a region's AZs under these letters, but AWS maps them per account and
 * a few letters are closed to new accounts (ap-northeast-1b, ca-central-1c, us-west-1: two of a-c).
 * The table lists every letter the region has had, so it rejects typos ("eu-west-1d") without
 * refusing an AZ some account really has. Add a region (or a letter) here when AWS opens one.
 */

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface RegionFacts {
  readonly partition: Partition;
  /** AZ suffix letters, e.g. "abc" for eu-west-1a..c. */
  readonly azLetters: string;
}

const aws = (azLetters = 'abc'): RegionFacts => ({ partition: 'aws', azLetters });

export const AWS_REGIONS: Readonly<Record<string, RegionFacts>> = {
  'us-east-1': aws('abcdef'),
  'us-east-2': aws(),
  'us-west-1': aws(),
  'us-west-2': aws('abcd'),
  'af-south-1': aws(),
  'ap-east-1': aws(),
  'ap-east-2': aws(),
  'ap-south-1': aws(),
  'ap-south-2': aws(),
  'ap-southeast-1': aws(),
  'ap-southeast-2': aws(),
  'ap-southeast-3': aws(),
  'ap-southeast-4': aws(),
  'ap-southeast-5': aws(),
  'ap-southeast-6': aws(),
  'ap-southeast-7': aws(),
  'ap-northeast-1': aws('abcd'),
  'ap-northeast-2': aws('abcd'),
  'ap-northeast-3': aws(),
  'ca-central-1': aws('abcd'),
  'ca-west-1': aws(),
  'eu-central-1': aws(),
  'eu-central-2': aws(),
  'eu-west-1': aws(),
  'eu-west-2': aws(),
  'eu-west-3': aws(),
  'eu-south-1': aws(),
  'eu-south-2': aws(),
  'eu-north-1': aws(),
  'il-central-1': aws(),
  'me-south-1': aws(),
  'me-central-1': aws(),
  'mx-central-1': aws(),
  'sa-east-1': aws(),
  'cn-north-1': { partition: 'aws-cn', azLetters: 'abd' },
  'cn-northwest-1': { partition: 'aws-cn', azLetters: 'abc' },
  'us-gov-west-1': { partition: 'aws-us-gov', azLetters: 'abc' },
  'us-gov-east-1': { partition: 'aws-us-gov', azLetters: 'abc' },
};

/** The region's facts; undefined for anything not in the table (including `__proto__` and friends). */
export function regionFacts(region: unknown): RegionFacts | undefined {
  return typeof region === 'string' && Object.hasOwn(AWS_REGIONS, region) ? AWS_REGIONS[region] : undefined;
}

/** True when `az` is one of `region`'s AZs, e.g. "eu-west-1a" for eu-west-1. Plain string checks: no pattern is built from input. */
export function isAzOf(az: unknown, region: string): boolean {
  const facts = regionFacts(region);
  return (
    facts !== undefined &&
    typeof az === 'string' &&
    az.length === region.length + 1 &&
    az.startsWith(region) &&
    facts.azLetters.includes(az.slice(-1))
  );
}
