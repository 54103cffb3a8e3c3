import type { RegionPrices } from './prices';
import type { EstimateLine, Range, ResourceGroup, UsageAssumptions } from './estimate-types';
import type { StackTemplate } from './template';

/** What a pricing rule sees: one stack, its region's prices and the usage assumptions. */
export interface RuleContext {
  readonly stack: StackTemplate;
  readonly prices: RegionPrices;
  readonly assumptions: UsageAssumptions;
  /** Records a resource the estimate could not price (unknown instance class, unmodelled type). */
  readonly unpriced: (what: string) => void;
}

export type PricingRule = (context: RuleContext) => EstimateLine[];

export function range(value: number | Range): Range {
  return typeof value === 'number' ? { min: value, max: value } : value;
}

export function scale(value: Range, factor: number): Range {
  return { min: value.min * factor, max: value.max * factor };
}

/** A line whose monthly cost is quantity × unit price at both ends of the range. */
export function line(
  group: ResourceGroup,
  item: string,
  stack: string,
  quantity: number | Range,
  unit: string,
  unitPriceUsd: number,
): EstimateLine {
  const q = range(quantity);
  return { group, item, stack, quantity: q, unit, unitPriceUsd, monthlyUsd: scale(q, unitPriceUsd) };
}
