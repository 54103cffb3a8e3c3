/** Low and high end of a monthly figure: the same for fixed resources, apart for scaling or usage. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export const GROUPS = [
  'Network',
  'Load balancing',
  'Compute',
  'Database',
  'Cache',
  'Automation',
  'Monitoring',
  'Security',
  'Storage',
  'CDN',
] as const;
export type ResourceGroup = (typeof GROUPS)[number];

/** One priced item: monthly = quantity × unit price, for both ends of the range. */
export interface EstimateLine {
  readonly group: ResourceGroup;
  readonly item: string;
  readonly stack: string;
  readonly quantity: Range;
  /** What one unit is, e.g. `hour`, `GB-month`, `vCPU-hour`. */
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: Range;
}

export interface GroupTotal {
  readonly group: ResourceGroup;
  readonly monthlyUsd: Range;
}

export interface Estimate {
  readonly stacks: readonly string[];
  readonly regions: readonly string[];
  readonly lines: readonly EstimateLine[];
  readonly groups: readonly GroupTotal[];
  readonly totalUsd: Range;
  /** True when some resources are not priced (`unpriced`): the total is then a lower bound, not the whole bill. */
  readonly partial: boolean;
  /** Resources that cost money by usage or that the estimate does not model, counted so nobody thinks they are free. */
  readonly unpriced: readonly { readonly type: string; readonly count: number }[];
  readonly assumptions: readonly string[];
  readonly pricesAsOf: string;
  readonly priceSource: string;
}

/** Usage the templates cannot tell; every figure is printed in the footer of the estimate. */
export interface UsageAssumptions {
  readonly hoursPerMonth: number;
  /** GB processed per NAT gateway (or through a NAT instance) per month. */
  readonly natGbPerMonth: Range;
  /** Average LCUs per ALB. */
  readonly albLcu: Range;
  /** Invocations per Lambda function per month, and average duration in seconds. */
  readonly lambdaInvocations: Range;
  readonly lambdaSeconds: Range;
  /** State transitions per state machine per month. */
  readonly stepFunctionTransitions: Range;
  /** GB ingested per log group per month. */
  readonly logGbPerGroup: Range;
  /** Custom metrics the stage publishes (Powertools metrics × dimension sets). */
  readonly customMetrics: Range;
  /** GB stored per S3 bucket. */
  readonly s3GbPerBucket: Range;
  /** Root volume of a NAT instance when the template does not say, GB. */
  readonly natInstanceVolumeGb: number;
  readonly cloudfrontGb: Range;
  readonly cloudfrontRequestsMillion: Range;
  readonly wafRequestsMillion: Range;
  /** GB through each interface endpoint per month. */
  readonly endpointGb: Range;
  /** Million requests per SQS queue per month (a long-polling consumer alone makes about 0.13). */
  readonly sqsRequestsMillionPerQueue: Range;
  /** Messages published to each SNS topic per month; each reaches every subscription of the topic. */
  readonly snsPublishesPerTopic: Range;
}

export const DEFAULT_ASSUMPTIONS: UsageAssumptions = {
  hoursPerMonth: 730,
  natGbPerMonth: { min: 10, max: 100 },
  albLcu: { min: 0.5, max: 5 },
  lambdaInvocations: { min: 1_000, max: 50_000 },
  lambdaSeconds: { min: 1, max: 5 },
  stepFunctionTransitions: { min: 1_000, max: 20_000 },
  logGbPerGroup: { min: 0.1, max: 2 },
  customMetrics: { min: 10, max: 50 },
  s3GbPerBucket: { min: 1, max: 50 },
  natInstanceVolumeGb: 8,
  cloudfrontGb: { min: 10, max: 500 },
  cloudfrontRequestsMillion: { min: 1, max: 20 },
  wafRequestsMillion: { min: 1, max: 20 },
  endpointGb: { min: 1, max: 20 },
  sqsRequestsMillionPerQueue: { min: 0.001, max: 0.2 },
  snsPublishesPerTopic: { min: 50, max: 5_000 },
};

export function describeAssumptions(a: UsageAssumptions): string[] {
  const r = (range: Range, unit: string) => (range.min === range.max ? `${range.min} ${unit}` : `${range.min} to ${range.max} ${unit}`);
  return [
    `${a.hoursPerMonth} hours per month; always-on resources run all of them; Fargate min/max = the services' autoscaling MinCapacity/MaxCapacity tasks all month`,
    `NAT: ${r(a.natGbPerMonth, 'GB')} processed per NAT gateway or instance; ALB: ${r(a.albLcu, 'LCU')} on average`,
    `Lambda: ${r(a.lambdaInvocations, 'invocations')} per function × ${r(a.lambdaSeconds, 's')}; Step Functions: ${r(a.stepFunctionTransitions, 'transitions')} per state machine`,
    `Logs: ${r(a.logGbPerGroup, 'GB')} ingested per log group, kept for its retention (never-expiring groups counted as 12 months); custom metrics: ${r(a.customMetrics, 'metrics')} per stage`,
    `S3: ${r(a.s3GbPerBucket, 'GB')} per bucket; RDS backups: min within the free allowance, max one extra copy of allocated storage`,
    `CloudFront: ${r(a.cloudfrontGb, 'GB')} and ${r(a.cloudfrontRequestsMillion, 'million requests')}; WAF: ${r(a.wafRequestsMillion, 'million requests')}; interface endpoints: ${r(a.endpointGb, 'GB')} each`,
    `SQS: ${r(a.sqsRequestsMillionPerQueue, 'million requests')} per queue; SNS: ${r(a.snsPublishesPerTopic, 'messages')} per topic, each delivered to every email subscription; Budgets: min within the payer account's two free budgets, max billed`,
    'Not included: data transfer out to the internet, request charges (S3, API calls), taxes, free tiers, Savings Plans and Reserved Instances',
  ];
}
