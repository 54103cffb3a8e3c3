import { line, type PricingRule } from './line';
import { FARGATE_SPOT_DISCOUNT, type Architecture } from './prices';
import type { EstimateLine, Range } from './estimate-types';
import { numberProperty, readableId, referencedId, referencedIds, type Resource, resourcesOf } from './template';

export interface CapacityProviderItem {
  readonly CapacityProvider?: string;
  readonly Weight?: number | string;
  readonly Base?: number | string;
}

/**
 * Tasks ECS places on Fargate Spot out of `tasks`: each provider's base first, the rest split by weight
 * (an expected share, so it may be fractional).
 */
export function spotTasks(tasks: number, strategy: readonly CapacityProviderItem[]): number {
  let remaining = tasks;
  let spot = 0;
  for (const item of strategy) {
    const base = Math.min(numberProperty(item.Base) ?? 0, remaining);
    if (item.CapacityProvider === 'FARGATE_SPOT') spot += base;
    remaining -= base;
  }
  const weight = (items: readonly CapacityProviderItem[]) => items.reduce((sum, i) => sum + (numberProperty(i.Weight) ?? 0), 0);
  const total = weight(strategy);
  return total === 0 ? spot : spot + (remaining * weight(strategy.filter((i) => i.CapacityProvider === 'FARGATE_SPOT'))) / total;
}

/** Min and max tasks: the service's scalable target when it has one, else its desired count. */
function taskRange(service: Resource, targets: readonly Resource[]): Range {
  const target = targets.find(
    (t) =>
      t.properties.ScalableDimension === 'ecs:service:DesiredCount' && referencedIds(t.properties.ResourceId).includes(service.logicalId),
  );
  if (target) return { min: numberProperty(target.properties.MinCapacity) ?? 0, max: numberProperty(target.properties.MaxCapacity) ?? 0 };
  const desired = numberProperty(service.properties.DesiredCount) ?? 1;
  return { min: desired, max: desired };
}

/** The service's own strategy, else its cluster's default strategy. */
function strategyOf(service: Resource, associations: readonly Resource[]): CapacityProviderItem[] {
  const own = service.properties.CapacityProviderStrategy as CapacityProviderItem[] | undefined;
  if (own?.length) return own;
  if (service.properties.LaunchType) return [];
  const cluster = referencedId(service.properties.Cluster);
  const association = associations.find((a) => referencedId(a.properties.Cluster) === cluster || a.properties.Cluster === cluster);
  return (association?.properties.DefaultCapacityProviderStrategy as CapacityProviderItem[] | undefined) ?? [];
}

/**
 * Fargate services: vCPU-hours and GB-hours from the task definition's size and architecture, for the
 * min and the max task count all month, split between on-demand and Spot by the capacity provider strategy.
 * Fargate Spot runs X86_64 tasks only (ECS guide: ARM64 tasks don't support the Fargate Spot capacity
 * provider), so every task of an ARM64 service is priced on demand, whatever its strategy says.
 */
export const fargateServices: PricingRule = ({ stack, prices, assumptions, unpriced }) => {
  const targets = resourcesOf(stack.template, 'AWS::ApplicationAutoScaling::ScalableTarget');
  const associations = resourcesOf(stack.template, 'AWS::ECS::ClusterCapacityProviderAssociations');
  const taskDefinitions = new Map(resourcesOf(stack.template, 'AWS::ECS::TaskDefinition').map((t) => [t.logicalId, t]));
  return resourcesOf(stack.template, 'AWS::ECS::Service').flatMap((service): EstimateLine[] => {
    const taskDefinition = taskDefinitions.get(referencedId(service.properties.TaskDefinition) ?? '');
    const cpu = numberProperty(taskDefinition?.properties.Cpu);
    const memory = numberProperty(taskDefinition?.properties.Memory);
    if (!taskDefinition || cpu === undefined || memory === undefined) {
      unpriced(`AWS::ECS::Service ${readableId(service.logicalId)}: task definition size not found in its stack`);
      return [];
    }
    const platform = taskDefinition.properties.RuntimePlatform as { CpuArchitecture?: string } | undefined;
    const arch: Architecture = platform?.CpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64';
    const rate = prices.fargate[arch];
    const vcpu = cpu / 1024;
    const gb = memory / 1024;
    const tasks = taskRange(service, targets);
    const strategy = strategyOf(service, associations);
    const spot = arch === 'X86_64' ? { min: spotTasks(tasks.min, strategy), max: spotTasks(tasks.max, strategy) } : { min: 0, max: 0 };
    const onDemand = { min: tasks.min - spot.min, max: tasks.max - spot.max };
    const name = `${readableId(service.logicalId)} (${tasks.min}-${tasks.max} tasks × ${vcpu} vCPU / ${gb} GB, ${arch})`;
    const hours = (count: Range, per: number) => ({
      min: count.min * per * assumptions.hoursPerMonth,
      max: count.max * per * assumptions.hoursPerMonth,
    });
    const lines: EstimateLine[] = [];
    if (onDemand.max > 0) {
      lines.push(
        line('Compute', `${name} vCPU, on-demand`, stack.stackName, hours(onDemand, vcpu), 'vCPU-hour', rate.vcpuHour),
        line('Compute', `${name} memory, on-demand`, stack.stackName, hours(onDemand, gb), 'GB-hour', rate.gbHour),
      );
    }
    if (spot.max > 0) {
      const discount = 1 - FARGATE_SPOT_DISCOUNT;
      lines.push(
        line('Compute', `${name} vCPU, Spot`, stack.stackName, hours(spot, vcpu), 'vCPU-hour', rate.vcpuHour * discount),
        line('Compute', `${name} memory, Spot`, stack.stackName, hours(spot, gb), 'GB-hour', rate.gbHour * discount),
      );
    }
    return lines;
  });
};
