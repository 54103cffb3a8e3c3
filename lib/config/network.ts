import { NAT_INSTANCE_TYPES } from './catalog';
import { checkAz, checkLogRetention, integerIn, isObject, nonEmptyString, oneOf, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import { prop } from './read';
import type { StageName } from './stage-name';

export interface NatConfig {
  /** `gateway`: managed NAT gateways (one per AZ is highly available); `instance`: one small EC2 NAT instance (cheap, dev). */
  readonly provider: 'gateway' | 'instance';
  /** How many NAT gateways or instances; at most one per AZ. */
  readonly count: number;
  /** EC2 instance type when provider is `instance` (ARM, e.g. `t4g.nano`). */
  readonly instanceType: string;
}

export interface NetworkConfig {
  /** VPC CIDR, a /16 to /24 private range. */
  readonly cidr: string;
  /** Explicit AZs of the stage's region, so synth never looks them up (2 in dev, 3 in staging and prod). */
  readonly availabilityZones: readonly string[];
  readonly nat: NatConfig;
  /** Days to keep VPC flow logs. */
  readonly flowLogRetentionDays: number;
}

export const NETWORK_DEFAULTS: Readonly<Record<StageName, NetworkConfig>> = {
  dev: {
    cidr: '10.10.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    nat: { provider: 'instance', count: 1, instanceType: 't4g.nano' },
    flowLogRetentionDays: 7,
  },
  staging: {
    cidr: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    nat: { provider: 'gateway', count: 1, instanceType: 't4g.nano' },
    flowLogRetentionDays: 30,
  },
  prod: {
    cidr: '10.30.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    nat: { provider: 'gateway', count: 3, instanceType: 't4g.nano' },
    flowLogRetentionDays: 90,
  },
};

const PRIVATE_RANGES: ReadonlyArray<[number, number]> = [
  [ipToInt('10.0.0.0'), 8],
  [ipToInt('172.16.0.0'), 12],
  [ipToInt('192.168.0.0'), 16],
];

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** A private IPv4 CIDR with a prefix from /16 to /24 whose address is the network address. */
export function checkCidr(value: unknown, path: string): ConfigIssue[] {
  const expected = 'a private IPv4 CIDR from /16 to /24 written as its network address, e.g. "10.10.0.0/16"';
  const m = typeof value === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value) : null;
  if (!m) return [{ path, value, expected }];
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix < 16 || prefix > 24) return [{ path, value, expected }];
  const address = ipToInt(octets.join('.'));
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) return [{ path, value, expected }];
  const isPrivate = PRIVATE_RANGES.some(([base, bits]) => address >>> (32 - bits) === base >>> (32 - bits));
  return isPrivate ? [] : [{ path, value, expected }];
}

export function validateNetworkConfig(network: unknown, path: string, region: unknown): ConfigIssue[] {
  if (isObject(network, path).length) return isObject(network, path);
  const issues: ConfigIssue[] = [...unknownKeys(network, path, ['cidr', 'availabilityZones', 'nat', 'flowLogRetentionDays'])];
  issues.push(...checkCidr(prop(network, 'cidr'), `${path}.cidr`));
  const azs = prop(network, 'availabilityZones');
  const azPath = `${path}.availabilityZones`;
  if (!Array.isArray(azs) || azs.length < 2 || azs.length > 6 || new Set(azs).size !== azs.length) {
    issues.push({
      path: azPath,
      value: azs,
      expected: 'a list of 2 to 6 distinct availability zones of the stage region, e.g. ["eu-west-1a", "eu-west-1b"]',
    });
  } else {
    issues.push(...azs.flatMap((az, i) => checkAz(az, `${azPath}[${i}]`, region)));
  }
  const nat = prop(network, 'nat');
  const natPath = `${path}.nat`;
  if (isObject(nat, natPath).length) {
    issues.push(...isObject(nat, natPath));
  } else {
    issues.push(...unknownKeys(nat, natPath, ['provider', 'count', 'instanceType']));
    issues.push(...oneOf(prop(nat, 'provider'), `${natPath}.provider`, ['gateway', 'instance']));
    const azCount = Array.isArray(azs) ? Math.max(azs.length, 1) : 6;
    issues.push(...integerIn(prop(nat, 'count'), `${natPath}.count`, 1, azCount));
    if (prop(nat, 'provider') === 'instance')
      issues.push(...oneOf(prop(nat, 'instanceType'), `${natPath}.instanceType`, NAT_INSTANCE_TYPES));
    else
      issues.push(
        ...nonEmptyString(
          prop(nat, 'instanceType'),
          `${natPath}.instanceType`,
          'an EC2 instance type (used only when provider is "instance")',
        ),
      );
  }
  issues.push(...checkLogRetention(prop(network, 'flowLogRetentionDays'), `${path}.flowLogRetentionDays`));
  return issues;
}
