import { Token } from 'aws-cdk-lib';

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

/** The prefix list to allow on the ALB: the override when given, else the table's entry for `region`. */
export function cloudFrontPrefixListId(region: string, override?: string): string {
  if (override) return override;
  if (Token.isUnresolved(region)) {
    throw new Error('CloudFront prefix list: the stack has no concrete region; give the stack an env or pass prefixListId');
  }
  const id = CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region];
  if (!id) {
    throw new Error(
      `CloudFront prefix list: no known ID of com.amazonaws.global.cloudfront.origin-facing for ${region}; ` +
        'set cdn.originPrefixListId (aws ec2 describe-managed-prefix-lists shows it) or add it to CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS',
    );
  }
  return id;
}
