import { line, type PricingRule, range, scale } from './line';
import { numberProperty, readableId, resourcesOf } from './template';

/** NAT gateways: hourly plus data processed; their Elastic IPs are counted with the other public addresses. */
export const natGateways: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::EC2::NatGateway').length;
  if (count === 0) return [];
  return [
    line('Network', `NAT gateway × ${count}`, stack.stackName, count * assumptions.hoursPerMonth, 'hour', prices.natGatewayHour),
    line(
      'Network',
      `NAT gateway data processed (× ${count})`,
      stack.stackName,
      scale(assumptions.natGbPerMonth, count),
      'GB',
      prices.natGatewayGb,
    ),
  ];
};

function isNatInstance(properties: Record<string, unknown>): boolean {
  return properties.SourceDestCheck === false || properties.SourceDestCheck === 'false';
}

/** EC2 instances: NAT instances (source/dest check off) in Network, anything else in Compute; each with its root volume. */
export const instances: PricingRule = ({ stack, prices, assumptions, unpriced }) =>
  resourcesOf(stack.template, 'AWS::EC2::Instance').flatMap((instance) => {
    const type = String(instance.properties.InstanceType ?? '');
    const hourly = prices.ec2Hour[type];
    if (hourly === undefined) {
      unpriced(`AWS::EC2::Instance ${type || '(no type)'}: no price in prices.ts`);
      return [];
    }
    const nat = isNatInstance(instance.properties);
    const group = nat ? 'Network' : 'Compute';
    const name = `${nat ? 'NAT instance' : 'EC2 instance'} ${readableId(instance.logicalId)} (${type})`;
    const mappings = (instance.properties.BlockDeviceMappings as { Ebs?: { VolumeSize?: unknown } }[] | undefined) ?? [];
    const volumeGb = mappings.reduce((sum, m) => sum + (numberProperty(m.Ebs?.VolumeSize) ?? 0), 0) || assumptions.natInstanceVolumeGb;
    const lines = [
      line(group, name, stack.stackName, assumptions.hoursPerMonth, 'hour', hourly),
      line(group, `${name} gp3 volume`, stack.stackName, volumeGb, 'GB-month', prices.ebsGp3GbMonth),
    ];
    // A NAT instance sits in a public subnet with an auto-assigned public address.
    if (nat) lines.push(line('Network', `${name} public IPv4`, stack.stackName, assumptions.hoursPerMonth, 'hour', prices.publicIpv4Hour));
    return lines;
  });

/** Elastic IPs (one per NAT gateway in a CDK VPC) are billed as public IPv4 addresses. */
export const elasticIps: PricingRule = ({ stack, prices, assumptions }) => {
  const count = resourcesOf(stack.template, 'AWS::EC2::EIP').length;
  return count === 0
    ? []
    : [
        line(
          'Network',
          `Elastic IP (public IPv4) × ${count}`,
          stack.stackName,
          count * assumptions.hoursPerMonth,
          'hour',
          prices.publicIpv4Hour,
        ),
      ];
};

function subnetCount(properties: Record<string, unknown>, fallback: number): number {
  const subnets = properties.SubnetIds ?? properties.Subnets ?? properties.SubnetMappings;
  return Array.isArray(subnets) ? subnets.length : fallback;
}

/** Interface endpoints are billed per AZ (subnet) and per GB; gateway endpoints (S3, DynamoDB) are free. */
export const interfaceEndpoints: PricingRule = ({ stack, prices, assumptions }) =>
  resourcesOf(stack.template, 'AWS::EC2::VPCEndpoint')
    .filter((endpoint) => endpoint.properties.VpcEndpointType === 'Interface')
    .flatMap((endpoint) => {
      const azs = subnetCount(endpoint.properties, 2);
      const name = `Interface endpoint ${readableId(endpoint.logicalId)}`;
      return [
        line('Network', `${name} (${azs} AZs)`, stack.stackName, azs * assumptions.hoursPerMonth, 'AZ-hour', prices.interfaceEndpointHour),
        line('Network', `${name} data processed`, stack.stackName, assumptions.endpointGb, 'GB', prices.interfaceEndpointGb),
      ];
    });

/** Application Load Balancers: hourly, LCUs, and a public IPv4 address per AZ when internet-facing. */
export const loadBalancers: PricingRule = ({ stack, prices, assumptions, unpriced }) =>
  resourcesOf(stack.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').flatMap((lb) => {
    if (lb.properties.Type !== undefined && lb.properties.Type !== 'application') {
      unpriced(`AWS::ElasticLoadBalancingV2::LoadBalancer (${String(lb.properties.Type)})`);
      return [];
    }
    const name = `ALB ${readableId(lb.logicalId)}`;
    const lines = [
      line('Load balancing', name, stack.stackName, assumptions.hoursPerMonth, 'hour', prices.albHour),
      line(
        'Load balancing',
        `${name} LCUs`,
        stack.stackName,
        scale(range(assumptions.albLcu), assumptions.hoursPerMonth),
        'LCU-hour',
        prices.albLcuHour,
      ),
    ];
    if (lb.properties.Scheme !== 'internal') {
      const azs = subnetCount(lb.properties, 2);
      lines.push(
        line(
          'Load balancing',
          `${name} public IPv4 × ${azs}`,
          stack.stackName,
          azs * assumptions.hoursPerMonth,
          'hour',
          prices.publicIpv4Hour,
        ),
      );
    }
    return lines;
  });
