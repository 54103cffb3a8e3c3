/**
 * IDs of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` per region.
 * The ID differs per region and synth must not look it up (no credentials offline), so it is
 * kept here as data. Only IDs that independent sources agreed on are listed; check a new one with
 * `aws ec2 describe-managed-prefix-lists --region <r> --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`
 * and add it here, or set `cdn.originPrefixListId` for the stage.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: Readonly<Record<string, string>> = {
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-2': 'pl-82a045eb',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'eu-central-1': 'pl-a3a144ca',
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
};

/** The table's prefix list ID for a region, or undefined (also for `__proto__` and other inherited names). */
export function knownPrefixListId(region: string): string | undefined {
  return Object.hasOwn(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS, region) ? CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region] : undefined;
}
