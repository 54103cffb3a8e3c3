import { Token } from 'aws-cdk-lib';
import { knownPrefixListId } from '../../../config/limits/cloudfront-prefix-lists';

export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../../../config/limits/cloudfront-prefix-lists';

/** The prefix list to allow on the ALB: the override when given, else the table's entry for `region`. */
export function cloudFrontPrefixListId(region: string, override?: string): string {
  if (override) return override;
  if (Token.isUnresolved(region)) {
    throw new Error('CloudFront prefix list: the stack has no concrete region; give the stack an env or pass prefixListId');
  }
  const id = knownPrefixListId(region);
  if (!id) {
    throw new Error(
      `CloudFront prefix list: no known ID of com.amazonaws.global.cloudfront.origin-facing for ${region}; ` +
        'set cdn.originPrefixListId (aws ec2 describe-managed-prefix-lists shows it) or add it to CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS',
    );
  }
  return id;
}
