import {
  DEFAULT_ASSUMPTIONS,
  describeAssumptions,
  type Estimate,
  type EstimateLine,
  GROUPS,
  type Range,
  type UsageAssumptions,
} from './estimate-types';
import { line, type PricingRule } from './line';
import { PRICE_SOURCE, PRICES, PRICES_AS_OF, pricesFor } from './prices';
import { fargateServices } from './rules-compute';
import { caches, databases } from './rules-data';
import { elasticIps, instances, interfaceEndpoints, loadBalancers, natGateways } from './rules-network';
import {
  alarmsAndDashboards,
  buckets,
  distributions,
  kmsKeys,
  lambdaFunctions,
  logGroups,
  secrets,
  stateMachines,
  webAcls,
  queues,
  topics,
  budgets,
} from './rules-operations';
import type { StackTemplate } from './template';

export * from './estimate-types';

const RULES: readonly PricingRule[] = [
  natGateways,
  instances,
  elasticIps,
  interfaceEndpoints,
  loadBalancers,
  fargateServices,
  databases,
  caches,
  lambdaFunctions,
  stateMachines,
  alarmsAndDashboards,
  logGroups,
  secrets,
  kmsKeys,
  buckets,
  distributions,
  webAcls,
  queues,
  topics,
  budgets,
];

/** Types that cost money by usage or in ways the estimate does not model; listed so nobody takes them for free. */
const UNMODELLED = [
  'AWS::ECR::Repository',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::EFS::FileSystem',
  'AWS::Route53::HostedZone',
  'AWS::Backup::BackupVault',
];

export function sumRanges(ranges: readonly Range[]): Range {
  return ranges.reduce((total, r) => ({ min: total.min + r.min, max: total.max + r.max }), { min: 0, max: 0 });
}

/** Itemized monthly cost of a set of synthesized stacks, at list prices, with a min and a max. */
export function estimate(stacks: readonly StackTemplate[], assumptions: UsageAssumptions = DEFAULT_ASSUMPTIONS): Estimate {
  const unpriced = new Map<string, number>();
  const count = (what: string) => unpriced.set(what, (unpriced.get(what) ?? 0) + 1);
  // A stage's DR stack lives in another region; without a table for it, price it like the stage's own region.
  const priced = stacks.find((s) => PRICES[s.region])?.region ?? stacks[0]?.region;
  const borrowed = [...new Set(stacks.map((s) => s.region).filter((r) => !PRICES[r]))];
  const lines: EstimateLine[] = stacks.flatMap((stack) => {
    const context = { stack, prices: pricesFor(PRICES[stack.region] ? stack.region : priced), assumptions, unpriced: count };
    for (const type of UNMODELLED) {
      for (const [, resource] of Object.entries(stack.template.Resources ?? {})) if (resource.Type === type) count(type);
    }
    return RULES.flatMap((rule) => rule(context));
  });

  // Custom metrics are billed per stage, whichever stack's code publishes them.
  const publishes = stacks.some((s) =>
    Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::Lambda::Function' || r.Type === 'AWS::ECS::Service'),
  );
  if (publishes)
    lines.push(
      line(
        'Monitoring',
        'Custom metrics (whole stage)',
        '(stage)',
        assumptions.customMetrics,
        'metric-month',
        pricesFor(stacks[0].region).cloudwatch.customMetricMonth,
      ),
    );

  const groups = GROUPS.map((group) => ({
    group,
    monthlyUsd: sumRanges(lines.filter((l) => l.group === group).map((l) => l.monthlyUsd)),
  })).filter((g) => lines.some((l) => l.group === g.group));
  return {
    stacks: stacks.map((s) => s.stackName),
    regions: [...new Set(stacks.map((s) => s.region))],
    lines,
    groups,
    totalUsd: sumRanges(lines.map((l) => l.monthlyUsd)),
    partial: unpriced.size > 0,
    unpriced: [...unpriced].map(([type, n]) => ({ type, count: n })).sort((a, b) => a.type.localeCompare(b.type)),
    assumptions: [
      ...describeAssumptions(assumptions),
      ...borrowed.map((r) => `Resources in ${r} are priced at ${priced} list prices (no price table for ${r}).`),
    ],
    pricesAsOf: PRICES_AS_OF,
    priceSource: PRICE_SOURCE,
  };
}

export interface GroupDifference {
  readonly group: string;
  readonly before: Range;
  readonly after: Range;
  readonly difference: Range;
}

export interface Comparison {
  readonly before: Estimate;
  readonly after: Estimate;
  readonly groups: readonly GroupDifference[];
  readonly total: GroupDifference;
}

/** Before/after per resource group and in total; a group missing on one side counts as zero there. */
export function compareEstimates(before: Estimate, after: Estimate): Comparison {
  const zero = { min: 0, max: 0 };
  const of = (e: Estimate, group: string) => e.groups.find((g) => g.group === group)?.monthlyUsd ?? zero;
  const diff = (group: string, b: Range, a: Range): GroupDifference => ({
    group,
    before: b,
    after: a,
    difference: { min: a.min - b.min, max: a.max - b.max },
  });
  const names = GROUPS.filter((g) => before.groups.some((x) => x.group === g) || after.groups.some((x) => x.group === g));
  return {
    before,
    after,
    groups: names.map((group) => diff(group, of(before, group), of(after, group))),
    total: diff('Total', before.totalUsd, after.totalUsd),
  };
}
