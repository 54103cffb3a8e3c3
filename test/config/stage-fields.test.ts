import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { STAGES } from '../../lib/config/stages';
import { validateStageConfig } from '../../lib/config/validate';
import { validateDatabaseConfig } from '../../lib/config/data';
import { checkCidr, validateNetworkConfig } from '../../lib/config/network';
import { validateApiConfig, validateIngressConfig } from '../../lib/config/services';

/*
 * Every field the stage validators check, at its edges: the value on each bound is accepted, one
 * step past it is refused with the exact line an operator reads (path, value, fix).
 */

/** The dev table with `override` deep-merged at `path` (dotted, from the stage root). */
function devWith(path: string, value: unknown): unknown {
  const override = path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return deepMerge(STAGES.dev, override);
}

const linesFor = (config: unknown) => validateStageConfig('dev', config).map(formatIssue);
const issuesAt = (path: string, value: unknown) => linesFor(devWith(path, value)).filter((line) => line.startsWith(`dev.${path}`));

const SHOW = (value: unknown) => JSON.stringify(value);

// field, accepted edge values, refused values just past the edges, the fix the message names.
const RANGES: Array<[string, unknown[], unknown[], string]> = [
  ['api.containerPort', [1024, 65535], [1023, 65536], 'an integer from 1024 to 65535'],
  ['api.healthCheckGraceSeconds', [0, 600], [-1, 601], 'an integer from 0 to 600'],
  ['api.minHealthyPercent', [0, 100], [-1, 101], 'an integer from 0 to 100'],
  ['api.scaling.cpuTargetPercent', [10, 95], [9, 96], 'an integer from 10 to 95'],
  ['api.scaling.memoryTargetPercent', [10, 95], [9, 96], 'an integer from 10 to 95'],
  ['api.scaling.requestsPerTarget', [1, 100000], [0, 100001], 'an integer from 1 to 100000'],
  ['api.scaling.latencyScaleOutSeconds', [0.1, 60], [0.09, 60.5], 'a number from 0.1 to 60 seconds'],
  ['api.deployment.linearStepPercent', [3, 99], [2, 100], 'an integer from 3 to 99'],
  ['api.deployment.bakeMinutes', [0, 1440], [-1, 1441], 'an integer from 0 to 1440'],
  // 100 is the range's edge, but dev's ARM64 worker may not use Spot at all (service-limits.ts).
  ['worker.spotPercent', [0], [-1, 101], 'an integer from 0 to 100'],
  ['worker.backlogScaleOutMessages', [1, 1_000_000], [0, 1_000_001], 'an integer from 1 to 1000000'],
  ['queue.maxReceiveCount', [1, 1000], [0, 1001], 'an integer from 1 to 1000'],
  ['queue.visibilityTimeoutSeconds', [0, 43200], [-1, 43201], 'an integer from 0 to 43200'],
  ['queue.retentionDays', [1, 14], [0, 15], 'an integer from 1 to 14'],
  ['ingress.deregistrationDelaySeconds', [0, 30], [-1, 31], 'an integer from 0 to 30'],
  ['ingress.idleTimeoutSeconds', [1, 4000], [0, 4001], 'an integer from 1 to 4000'],
  ['ingress.wafRateLimitPer5Min', [100, 2_000_000_000], [99, 2_000_000_001], 'an integer from 100 to 2000000000'],
  ['database.readReplicas', [0], [-1, 6], 'an integer from 0 to 5'],
  ['database.backupRetentionDays', [1, 35], [0, 36], 'an integer from 1 to 35'],
  ['database.allocatedStorageGb', [20], [19, 65537], 'an integer from 20 to 65536'],
  ['database.maxAllocatedStorageGb', [100, 65536], [19, 65537], 'an integer from 20 to 65536'],
  ['cache.nodes', [1], [0, 7], 'an integer from 1 to 6'],
  ['cache.snapshotRetentionDays', [1, 35], [0, 36], 'an integer from 1 to 35'],
];

describe.each(RANGES)('%s', (path, accepted, refused, fix) => {
  test.each(accepted)('accepts %p', (value) => {
    expect(issuesAt(path, value)).toEqual([]);
  });
  test.each(refused)('refuses %p, naming the range', (value) => {
    expect(issuesAt(path, value)).toEqual([`dev.${path}: got ${SHOW(value)}; expected ${fix}`]);
  });
});

// field, a refused value, the fix the message names.
const WORDS: Array<[string, unknown, string]> = [
  ['project', 'Web App', 'a short lower-case name, e.g. "webapp"'],
  ['project', 'web app', 'a short lower-case name, e.g. "webapp"'],
  ['stage', 'prod', '"dev"'],
  ['env.account', '11111111111', 'a 12-digit AWS account id'],
  ['env.account', '1111111111111', 'a 12-digit AWS account id'],
  [
    'env.region',
    'mars-north-1',
    'an AWS region code such as "eu-west-1" (a region AWS has; a new one is added to lib/config/limits/regions.ts)',
  ],
  ['terminationProtection', 'yes', 'true or false'],
  ['logRetentionDays', 2, 'one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653'],
  ['network', 'x', 'an object'],
  ['network.nat', 'x', 'an object'],
  ['network.nat.instanceType', 't3.nano', 'one of "t4g.nano", "t4g.micro", "t4g.small", "t4g.medium"'],
  [
    'network.flowLogRetentionDays',
    10,
    'one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
  ],
  [
    'network.availabilityZones',
    ['eu-west-1a', 'eu-west-1a'],
    'a list of 2 to 6 distinct availability zones of the stage region, e.g. ["eu-west-1a", "eu-west-1b"]',
  ],
  [
    'network.availabilityZones',
    'eu-west-1a',
    'a list of 2 to 6 distinct availability zones of the stage region, e.g. ["eu-west-1a", "eu-west-1b"]',
  ],
  ['ingress', 'x', 'an object'],
  [
    'ingress.certificateArn',
    'arn:aws:acm:eu-west-1:111111111111:cert/x',
    'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<uuid>',
  ],
  ['ingress.certificateArn', 42, 'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<uuid>'],
  ['api', 'x', 'an object'],
  ['api.architecture', 'arm64', 'one of "ARM64", "X86_64"'],
  ['api.image.uri', ' ', 'a container image URI, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"'],
  ['api.image.command', 'serve', 'a list of strings'],
  ['api.image.command', ['serve', 1], 'a list of strings'],
  ['api.scheduledCapacity', 'nightly', 'a list of { name, schedule, minCount, maxCount } (may be empty)'],
  ['worker', 'x', 'an object'],
  ['queue', 'x', 'an object'],
  ['database', 'x', 'an object'],
  ['database.engineVersion', '18', 'a PostgreSQL "major.minor" version with major 16, 17, 18, e.g. "18.3"'],
  ['database.engineVersion', 18.3, 'a PostgreSQL "major.minor" version with major 16, 17, 18, e.g. "18.3"'],
  ['database.engineVersion', '18.3.1', 'a PostgreSQL "major.minor" version with major 16, 17, 18, e.g. "18.3"'],
  ['database.engineVersion', '15.4', 'a PostgreSQL "major.minor" version with major 16, 17, 18, e.g. "18.3"'],
  [
    'database.replicaInstanceClass',
    'db.t4g.tiny',
    'an RDS for PostgreSQL instance class such as "db.t4g.micro", "db.m7g.large" or "db.r7g.xlarge"',
  ],
  ['database.backupWindow', '2:00-02:45', 'a daily UTC window "hh:mm-hh:mm", e.g. "02:00-02:45"'],
  [
    'database.maintenanceWindow',
    'Sun:04:00-sun:05:00',
    'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" (days sun to sat, lower case), e.g. "sun:04:00-sun:05:00"',
  ],
  ['database.deletionProtection', 'no', 'true or false'],
  ['database.performanceInsights', 1, 'true or false'],
  ['database.databaseName', 'App', 'a PostgreSQL identifier: a lower-case letter, then letters, digits or _ (at most 63)'],
  ['database.databaseName', `a${'b'.repeat(63)}`, 'a PostgreSQL identifier: a lower-case letter, then letters, digits or _ (at most 63)'],
  ['database.removal', 'destroy', 'one of "snapshot", "retain"'],
  ['cache', 'x', 'an object'],
  ['cache.engine', 'memcached', 'one of "valkey", "redis"'],
  ['cache.nodeType', 'cache.x9.huge', 'an ElastiCache node type such as "cache.t4g.micro" or "cache.r7g.large"'],
  ['cache.snapshotWindow', '03:00', 'a daily UTC window "hh:mm-hh:mm", e.g. "03:00-04:00"'],
  [
    'cache.maintenanceWindow',
    'sun:05:00',
    'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" (days sun to sat, lower case), e.g. "sun:05:00-sun:06:00"',
  ],
  ['cache.removal', 'delete', 'one of "snapshot", "retain", "destroy"'],
];

test.each(WORDS)('%s = %p is refused with its fix', (path, value, fix) => {
  expect(issuesAt(path, value)).toContain(`dev.${path}: got ${SHOW(value)}; expected ${fix}`);
});

// Where a typo lands, and the settings the message offers instead.
const KNOWN: Array<[string, string]> = [
  [
    '',
    'stage, project, env, terminationProtection, network, ingress, api, worker, queue, database, cache, logRetentionDays, monitoring, backup, backupStorage, restoreTest, recovery, cost, delivery',
  ],
  ['env', 'account, region'],
  ['network', 'cidr, availabilityZones, nat, flowLogRetentionDays'],
  ['network.nat', 'provider, count, instanceType'],
  ['ingress', 'certificateArn, domainName, healthCheckPath, deregistrationDelaySeconds, idleTimeoutSeconds, wafRateLimitPer5Min'],
  ['api.image', 'uri, command, user'],
  ['api.scaling', 'cpuTargetPercent, memoryTargetPercent, requestsPerTarget, latencyScaleOutSeconds'],
  ['api.deployment', 'strategy, canaryPercent, linearStepPercent, bakeMinutes'],
  [
    'worker',
    'cpu, memoryMiB, architecture, image, desiredCount, minCount, maxCount, spotPercent, backlogScaleOutMessages, scheduledCapacity',
  ],
  ['queue', 'maxReceiveCount, visibilityTimeoutSeconds, retentionDays'],
  [
    'database',
    'engineVersion, instanceClass, replicaInstanceClass, allocatedStorageGb, maxAllocatedStorageGb, multiAz, readReplicas, backupRetentionDays, backupWindow, maintenanceWindow, deletionProtection, performanceInsights, databaseName, removal, restoreFromSnapshot',
  ],
  ['cache', 'engine, engineVersion, nodeType, nodes, snapshotRetentionDays, snapshotWindow, maintenanceWindow, removal'],
];

test.each(['monitoring', 'backup', 'backupStorage', 'restoreTest', 'recovery', 'cost', 'delivery'])(
  'the %s slice reports under its own path',
  (slice) => {
    expect(linesFor(devWith(`${slice}.typo`, 1)).filter((line) => line.includes('.typo:'))).toEqual([
      expect.stringMatching(new RegExp(`^dev\\.${slice}\\.typo: got 1; expected no such setting; known settings here: `)),
    ]);
  },
);

test.each(KNOWN)('a typo under "%s" names the known settings there', (path, known) => {
  const typo = path ? `${path}.typo` : 'typo';
  expect(linesFor(devWith(typo, 1))).toContain(`dev.${typo}: got 1; expected no such setting; known settings here: ${known}`);
});

describe('network', () => {
  test.each(['10.0.0.0/16', '10.10.0.0/24', '172.16.0.0/16', '172.31.0.0/16', '192.168.0.0/16', '192.168.255.0/24', '10.10.255.0/24'])(
    'accepts the private CIDR %s',
    (cidr) => {
      expect(issuesAt('network.cidr', cidr)).toEqual([]);
    },
  );
  test.each([
    '10.10.0.0/25',
    '10.0.0.0/15',
    '172.32.0.0/16',
    '172.15.0.0/16',
    '192.169.0.0/16',
    '11.0.0.0/16',
    '10.256.0.0/16',
    '10.10.0.1/24',
    '10.10.256.0/24',
    ' 10.10.0.0/16',
    '10.10.0.0/16x',
    10,
  ])('refuses %p', (cidr) => {
    expect(issuesAt('network.cidr', cidr)).toEqual([
      `dev.network.cidr: got ${SHOW(cidr)}; expected a private IPv4 CIDR from /16 to /24 written as its network address, e.g. "10.10.0.0/16"`,
    ]);
  });

  test('2 availability zones are accepted; 6 distinct pass the count; 7 are refused', () => {
    expect(issuesAt('network.availabilityZones', ['eu-west-1a', 'eu-west-1b'])).toEqual([]);
    // Six distinct names pass the count; the three eu-west-1 lacks are then named one by one.
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `eu-west-1${l}`);
    expect(issuesAt('network.availabilityZones', six).map((line) => line.split(':')[0])).toEqual([
      'dev.network.availabilityZones[3]',
      'dev.network.availabilityZones[4]',
      'dev.network.availabilityZones[5]',
    ]);
    const seven = ['a', 'b', 'c', 'a', 'b', 'c', 'a'].map((l, i) => `eu-west-1${l}${i}`);
    expect(issuesAt('network.availabilityZones', seven)[0]).toMatch(
      /^dev.network.availabilityZones: got .*; expected a list of 2 to 6 distinct/,
    );
  });

  test("an AZ of the wrong region is named by its index, with the region's AZs", () => {
    expect(issuesAt('network.availabilityZones', ['eu-west-1a', 'eu-west-1z'])).toEqual([
      'dev.network.availabilityZones[1]: got "eu-west-1z"; expected an availability zone of region "eu-west-1": one of eu-west-1a, eu-west-1b, eu-west-1c',
    ]);
  });

  test('NAT count is bounded by the number of AZs; a gateway NAT needs no instance type but a non-empty one', () => {
    expect(issuesAt('network.nat.count', 2)).toEqual([]);
    expect(issuesAt('network.nat.count', 0)).toEqual(['dev.network.nat.count: got 0; expected an integer from 1 to 2']);
    expect(linesFor(devWith('network.nat', { provider: 'gateway', count: 1, instanceType: '' }))).toContain(
      'dev.network.nat.instanceType: got ""; expected an EC2 instance type (used only when provider is "instance")',
    );
    expect(
      linesFor(devWith('network.nat', { provider: 'gateway', count: 1, instanceType: 'anything' })).filter((l) =>
        l.startsWith('dev.network'),
      ),
    ).toEqual([]);
  });
});

describe('services', () => {
  test('minCount = desiredCount = maxCount is accepted', () => {
    expect(linesFor(devWith('worker', { minCount: 2, desiredCount: 2, maxCount: 2 })).filter((l) => l.startsWith('dev.worker'))).toEqual(
      [],
    );
  });

  test('counts out of range are named one by one, and the order check waits for them', () => {
    expect(linesFor(devWith('worker', { minCount: -1, desiredCount: 101, maxCount: 0 })).filter((l) => l.startsWith('dev.worker'))).toEqual(
      [
        'dev.worker.minCount: got -1; expected an integer from 0 to 100',
        'dev.worker.maxCount: got 0; expected an integer from 1 to 100',
        'dev.worker.desiredCount: got 101; expected an integer from 0 to 100',
      ],
    );
  });

  test('desired above max is refused even when min is fine', () => {
    expect(linesFor(devWith('api', { minCount: 1, desiredCount: 3, maxCount: 2 }))).toContain(
      'dev.api.desiredCount: got {"minCount":1,"desiredCount":3,"maxCount":2}; expected minCount <= desiredCount <= maxCount',
    );
  });

  test('a scheduled capacity entry: min may equal max but not exceed it; each field named by its index', () => {
    const entry = { name: 'night-1', schedule: 'rate(1 day)', minCount: 2, maxCount: 2 };
    expect(issuesAt('api.scheduledCapacity', [entry])).toEqual([]);
    expect(issuesAt('api.scheduledCapacity', [entry, { ...entry, minCount: 3 }])).toEqual([
      'dev.api.scheduledCapacity[1].minCount: got 3; expected at most maxCount (2)',
    ]);
    expect(issuesAt('api.scheduledCapacity', [{ ...entry, name: 'night shift', minCount: 101, maxCount: -1, extra: 1 }])).toEqual([
      'dev.api.scheduledCapacity[0].extra: got 1; expected no such setting; known settings here: name, schedule, minCount, maxCount',
      'dev.api.scheduledCapacity[0].name: got "night shift"; expected a short name of letters, digits and dashes',
      'dev.api.scheduledCapacity[0].minCount: got 101; expected an integer from 0 to 100',
      'dev.api.scheduledCapacity[0].maxCount: got -1; expected an integer from 0 to 100',
    ]);
    expect(issuesAt('worker.scheduledCapacity', [{ ...entry, name: 'x'.repeat(41) }])).toHaveLength(1);
    expect(issuesAt('worker.scheduledCapacity', [{ ...entry, name: 'X'.repeat(40) }])).toEqual([]);
  });

  test('a custom command is a list of strings; none at all is fine', () => {
    expect(issuesAt('api.image.command', ['serve', '--port=8080'])).toEqual([]);
    expect(issuesAt('api.image.command', null)).toEqual([]);
  });

  test('container users that are not root are accepted, with or without a group', () => {
    for (const user of ['65534', '65534:65534', 'app', 'app:app', '_svc-1', '1000:0', '10', '0100'])
      expect(issuesAt('api.image.user', user)).toEqual([]);
  });

  test('uid 0 written with leading zeros is still root', () => {
    expect(issuesAt('api.image.user', '000')[0]).toMatch(/^dev.api.image.user: got "000"; expected a user other than root/);
  });

  test('a domain name must be a lower-case DNS name, and brings the need for a certificate', () => {
    expect(issuesAt('ingress.domainName', 'App.example.com')).toEqual([
      'dev.ingress.domainName: got "App.example.com"; expected a lower-case DNS name such as "app.example.com"',
    ]);
    expect(linesFor(devWith('ingress.domainName', 'app.example.com'))).toContain(
      'dev.ingress.certificateArn: got undefined; expected an ACM certificate ARN for "app.example.com": a domain name is served over HTTPS only',
    );
  });

  test('health check paths: "/" and nested paths are accepted; spaces are not', () => {
    expect(issuesAt('ingress.healthCheckPath', '/')).toEqual([]);
    expect(issuesAt('ingress.healthCheckPath', '/v1/health-check_2.json')).toEqual([]);
    expect(issuesAt('ingress.healthCheckPath', '/health check')).toHaveLength(1);
    expect(issuesAt('ingress.healthCheckPath', 'api/health')).toHaveLength(1);
  });
});

describe('data', () => {
  test('replicas need a Multi-AZ primary: one replica with Multi-AZ is accepted', () => {
    expect(linesFor(devWith('database', { readReplicas: 1, multiAz: true })).filter((l) => l.startsWith('dev.database'))).toEqual([]);
    expect(linesFor(devWith('database', { readReplicas: 1, multiAz: false }))).toContain(
      'dev.database.multiAz: got false; expected true when readReplicas > 0: a stage that needs read replicas must not have a single-AZ primary (set multiAz: true or readReplicas: 0)',
    );
  });

  test('the database name may be 63 characters long', () => {
    expect(issuesAt('database.databaseName', `a${'_'.repeat(62)}`)).toEqual([]);
  });

  test('redis takes its own engine versions', () => {
    expect(issuesAt('cache', { engine: 'redis', engineVersion: '7.1' })).toEqual([]);
    expect(issuesAt('cache.engineVersion', '9.9')).toEqual(['dev.cache.engineVersion: got "9.9"; expected one of "7.2", "8.0", "8.1"']);
  });
});

describe('the stage as a whole', () => {
  test('a config that is not an object is one issue at the stage root', () => {
    expect(validateStageConfig('dev', null).map(formatIssue)).toEqual(['dev: got null; expected an object']);
    expect(validateStageConfig('dev', []).map(formatIssue)).toEqual(['dev: got []; expected an object']);
  });

  test('a CDN needs the ALB origin to have both a certificate and a domain name', () => {
    const prodLines = (config: unknown) => validateStageConfig('prod', config).map(formatIssue);
    const expected =
      'prod.ingress.domainName: got undefined; expected a DNS name covered by ingress.certificateArn when delivery.cdn.enabled: CloudFront reaches the ALB over HTTPS and checks its certificate (e.g. "origin.app.example.com")';
    expect(prodLines(STAGES.prod)).toEqual([]);
    expect(prodLines(deepMerge(STAGES.prod, { ingress: { domainName: null } }))).toContain(expected);
    expect(
      prodLines(deepMerge(STAGES.prod, { ingress: { domainName: null }, delivery: { cdn: { enabled: false } } })).filter((l) =>
        l.startsWith('prod.ingress'),
      ),
    ).toEqual([]);
  });

  test('a floor judges numbers only: a count of the wrong type gets the type error, not a floor error too', () => {
    expect(
      validateStageConfig('prod', deepMerge(STAGES.prod, { api: { minCount: '1' } }))
        .map(formatIssue)
        .filter((l) => l.startsWith('prod.api.minCount')),
    ).toEqual(['prod.api.minCount: got "1"; expected an integer from 0 to 100']);
  });

  test('the off-site backup region must differ from the stage region', () => {
    expect(linesFor(devWith('backup.drRegion', 'eu-west-1'))).toContain(
      'dev.backup.drRegion: got "eu-west-1"; expected a region other than the stage\'s own (eu-west-1): the off-site copy must survive a regional outage',
    );
  });
});

// The service-limits table re-checks some fields with the same checkers (validate.ts keeps one line
// per path), so through validateStageConfig a slice's own check can look redundant: each slice
// validator is held to its own lines here.
describe('slice validators on their own', () => {
  const dev = STAGES.dev;

  test('validateNetworkConfig names a foreign AZ by its index and refuses a CIDR that is not a string', () => {
    expect(
      validateNetworkConfig({ ...dev.network, availabilityZones: ['eu-west-1a', 'us-east-1a'] }, 'n', 'eu-west-1').map(formatIssue),
    ).toEqual([
      'n.availabilityZones[1]: got "us-east-1a"; expected an availability zone of region "eu-west-1": one of eu-west-1a, eu-west-1b, eu-west-1c',
    ]);
    expect(checkCidr(['10.10.0.0/16'], 'c').map(formatIssue)).toEqual([
      'c: got ["10.10.0.0/16"]; expected a private IPv4 CIDR from /16 to /24 written as its network address, e.g. "10.10.0.0/16"',
    ]);
  });

  test("validateApiConfig names the cpu and memory fields and each scheduled entry's schedule", () => {
    const api = { ...dev.api, cpu: 300, scheduledCapacity: [{ name: 'n', schedule: 'daily', minCount: 0, maxCount: 0 }] };
    expect(validateApiConfig(api, 'a').map((issue) => issue.path)).toEqual(['a.cpu', 'a.scheduledCapacity[0].schedule']);
    expect(validateApiConfig({ ...dev.api, memoryMiB: 4096 }, 'a').map((issue) => issue.path)).toEqual(['a.memoryMiB']);
  });

  test('validateIngressConfig refuses a malformed certificate ARN itself', () => {
    expect(validateIngressConfig({ ...dev.ingress, certificateArn: 'arn:aws:acm:eu-west-1:1:cert' }, 'i').map(formatIssue)).toEqual([
      'i.certificateArn: got "arn:aws:acm:eu-west-1:1:cert"; expected an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<uuid>',
    ]);
  });

  test('validateDatabaseConfig refuses a major version outside the list, and takes two-digit minors', () => {
    expect(validateDatabaseConfig({ ...dev.database, engineVersion: '15.4' }, 'd').map(formatIssue)).toEqual([
      'd.engineVersion: got "15.4"; expected a PostgreSQL "major.minor" version with major 16, 17, 18, e.g. "18.3"',
    ]);
    expect(validateDatabaseConfig({ ...dev.database, engineVersion: '17.10' }, 'd')).toEqual([]);
  });
});
