/**
 * On-demand list prices the pre-deploy estimate uses, in USD. Kept in the repository so an estimate
 * is reproducible and reviewable; update the table (and PRICES_AS_OF) when AWS changes a price.
 *
 * Source: AWS public pricing pages (aws.amazon.com/<service>/pricing/) and the AWS Price List API,
 * Linux, on-demand, no free tier, no Savings Plans or Reserved Instances. Recorded 2026-11-23.
 * Check a figure against the AWS Pricing Calculator before you commit a budget to it.
 */
export const PRICES_AS_OF = '2026-11-23';
export const PRICE_SOURCE =
  'AWS public on-demand list prices (aws.amazon.com/<service>/pricing, AWS Price List API); no free tier, Savings Plans or RIs';

export type Architecture = 'ARM64' | 'X86_64';

export interface RegionPrices {
  /** NAT gateway, per gateway-hour and per GB processed. */
  readonly natGatewayHour: number;
  readonly natGatewayGb: number;
  /** Public IPv4 address, per address-hour (EIPs, NAT instances, internet-facing ALB nodes). */
  readonly publicIpv4Hour: number;
  /** EC2 Linux instances per hour (NAT instances). */
  readonly ec2Hour: Readonly<Record<string, number>>;
  /** EBS gp3 per GB-month. */
  readonly ebsGp3GbMonth: number;
  /** Application Load Balancer per hour and per LCU-hour. */
  readonly albHour: number;
  readonly albLcuHour: number;
  /** Fargate Linux per vCPU-hour and per GB-hour. */
  readonly fargate: Readonly<Record<Architecture, { readonly vcpuHour: number; readonly gbHour: number }>>;
  /** RDS for PostgreSQL single-AZ instance-hour; Multi-AZ (one standby) is `rdsMultiAzFactor` times this. */
  readonly rdsPostgresHour: Readonly<Record<string, number>>;
  /** RDS gp3 (and gp2, the same list price) storage per GB-month, single-AZ (Multi-AZ stores it twice). */
  readonly rdsGp3GbMonth: number;
  /** RDS backup storage beyond the free allowance (100 % of provisioned storage), per GB-month. */
  readonly rdsBackupGbMonth: number;
  /** ElastiCache node-hour for Redis OSS; Valkey nodes cost `valkeyFactor` times this. */
  readonly elasticacheRedisHour: Readonly<Record<string, number>>;
  readonly lambdaGbSecond: Readonly<Record<Architecture, number>>;
  readonly lambdaRequestMillion: number;
  /** Step Functions standard workflows, per 1,000 state transitions. */
  readonly stepFunctionsThousandTransitions: number;
  readonly cloudwatch: {
    readonly alarmMonth: number;
    readonly highResolutionAlarmMonth: number;
    readonly compositeAlarmMonth: number;
    readonly dashboardMonth: number;
    readonly logIngestGb: number;
    readonly logStorageGbMonth: number;
    readonly customMetricMonth: number;
  };
  readonly secretMonth: number;
  /** Customer managed KMS key per month. */
  readonly kmsKeyMonth: number;
  /** S3 Standard per GB-month (first 50 TB). */
  readonly s3GbMonth: number;
  /** CloudFront to North America / Europe, per GB out and per 10,000 HTTPS requests. */
  readonly cloudfrontGb: number;
  readonly cloudfrontHttpsTenThousand: number;
  /** AWS WAF: web ACL per month, rule per month, per million requests. */
  readonly wafWebAclMonth: number;
  readonly wafRuleMonth: number;
  readonly wafRequestMillion: number;
  /** Interface VPC endpoint per AZ-hour and per GB processed. */
  readonly interfaceEndpointHour: number;
  readonly interfaceEndpointGb: number;
  /** SQS standard queues, per million requests (beyond the free tier). */
  readonly sqsRequestMillion: number;
  /** SNS standard topics: per million publishes, and per 100,000 email deliveries. */
  readonly snsPublishMillion: number;
  readonly snsEmailHundredThousand: number;
  /** AWS Budgets: an active budget per day beyond the payer account's first two, which are free. */
  readonly budgetDay: number;
}

/** Multi-AZ instance deployments run a standby of the same class. */
export const RDS_MULTI_AZ_FACTOR = 2;
/** ElastiCache for Valkey node-based clusters are listed 20 % below Redis OSS. */
export const VALKEY_FACTOR = 0.8;
/** Assumed Fargate Spot discount against on-demand (AWS: "up to 70 %"; the real price moves). */
export const FARGATE_SPOT_DISCOUNT = 0.7;

const SHARED = {
  publicIpv4Hour: 0.005,
  albLcuHour: 0.008,
  fargate: { ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 }, X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 } },
  rdsBackupGbMonth: 0.095,
  lambdaGbSecond: { ARM64: 0.0000133334, X86_64: 0.0000166667 },
  lambdaRequestMillion: 0.2,
  stepFunctionsThousandTransitions: 0.025,
  secretMonth: 0.4,
  kmsKeyMonth: 1,
  s3GbMonth: 0.023,
  cloudfrontGb: 0.085,
  cloudfrontHttpsTenThousand: 0.01,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafRequestMillion: 0.6,
  interfaceEndpointGb: 0.01,
  sqsRequestMillion: 0.4,
  snsPublishMillion: 0.5,
  snsEmailHundredThousand: 2,
  budgetDay: 0.02,
} as const;

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    ...SHARED,
    natGatewayHour: 0.045,
    natGatewayGb: 0.045,
    ec2Hour: { 't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336, 't4g.large': 0.0672 },
    ebsGp3GbMonth: 0.08,
    albHour: 0.0225,
    rdsPostgresHour: {
      'db.t4g.micro': 0.016,
      'db.t4g.small': 0.032,
      'db.t4g.medium': 0.065,
      'db.t4g.large': 0.129,
      'db.t4g.xlarge': 0.258,
      'db.t4g.2xlarge': 0.517,
      'db.m7g.large': 0.168,
      'db.m7g.xlarge': 0.337,
      'db.m7g.2xlarge': 0.674,
      'db.m7g.4xlarge': 1.348,
      'db.m7g.8xlarge': 2.696,
      'db.r7g.large': 0.239,
      'db.r7g.xlarge': 0.478,
      'db.r7g.2xlarge': 0.956,
      'db.r7g.4xlarge': 1.912,
      'db.r7g.8xlarge': 3.824,
    },
    rdsGp3GbMonth: 0.115,
    elasticacheRedisHour: {
      'cache.t4g.micro': 0.016,
      'cache.t4g.small': 0.032,
      'cache.t4g.medium': 0.065,
      'cache.m7g.large': 0.158,
      'cache.m7g.xlarge': 0.315,
      'cache.m7g.2xlarge': 0.629,
      'cache.m7g.4xlarge': 1.258,
      'cache.r7g.large': 0.219,
      'cache.r7g.xlarge': 0.437,
      'cache.r7g.2xlarge': 0.873,
      'cache.r7g.4xlarge': 1.747,
    },
    cloudwatch: {
      alarmMonth: 0.1,
      highResolutionAlarmMonth: 0.3,
      compositeAlarmMonth: 0.5,
      dashboardMonth: 3,
      logIngestGb: 0.5,
      logStorageGbMonth: 0.03,
      customMetricMonth: 0.3,
    },
    interfaceEndpointHour: 0.01,
  },
  'eu-west-1': {
    ...SHARED,
    natGatewayHour: 0.048,
    natGatewayGb: 0.048,
    ec2Hour: { 't4g.nano': 0.0046, 't4g.micro': 0.0092, 't4g.small': 0.0184, 't4g.medium': 0.0368, 't4g.large': 0.0736 },
    ebsGp3GbMonth: 0.088,
    albHour: 0.0252,
    rdsPostgresHour: {
      'db.t4g.micro': 0.017,
      'db.t4g.small': 0.034,
      'db.t4g.medium': 0.068,
      'db.t4g.large': 0.136,
      'db.t4g.xlarge': 0.272,
      'db.t4g.2xlarge': 0.544,
      'db.m7g.large': 0.185,
      'db.m7g.xlarge': 0.37,
      'db.m7g.2xlarge': 0.74,
      'db.m7g.4xlarge': 1.48,
      'db.m7g.8xlarge': 2.96,
      'db.r7g.large': 0.263,
      'db.r7g.xlarge': 0.526,
      'db.r7g.2xlarge': 1.052,
      'db.r7g.4xlarge': 2.104,
      'db.r7g.8xlarge': 4.208,
    },
    rdsGp3GbMonth: 0.127,
    elasticacheRedisHour: {
      'cache.t4g.micro': 0.018,
      'cache.t4g.small': 0.036,
      'cache.t4g.medium': 0.072,
      'cache.m7g.large': 0.176,
      'cache.m7g.xlarge': 0.352,
      'cache.m7g.2xlarge': 0.704,
      'cache.m7g.4xlarge': 1.408,
      'cache.r7g.large': 0.243,
      'cache.r7g.xlarge': 0.486,
      'cache.r7g.2xlarge': 0.972,
      'cache.r7g.4xlarge': 1.944,
    },
    cloudwatch: {
      alarmMonth: 0.1,
      highResolutionAlarmMonth: 0.3,
      compositeAlarmMonth: 0.5,
      dashboardMonth: 3,
      logIngestGb: 0.57,
      logStorageGbMonth: 0.03,
      customMetricMonth: 0.3,
    },
    interfaceEndpointHour: 0.011,
  },
};

export function pricesFor(region: string): RegionPrices {
  const prices = PRICES[region];
  if (!prices)
    throw new Error(
      `No prices for region ${region} in scripts/cost/prices.ts (have ${Object.keys(PRICES).join(', ')}); add that region's list prices there.`,
    );
  return prices;
}
