import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES } from '../../lib/config/stage-name';
import { validateStageConfig } from '../../lib/config/validate';
import { configIssuesOf } from '../support/config-errors';

function issuesFor(overrides: unknown, extra: Record<string, string> = {}): string[] {
  // Staging and prod run the placeholder here: these tests are about the tables, not the images.
  return configIssuesOf(() => resolveStageConfigs({ overrides, allowPlaceholderImages: 'true', ...extra })).map(
    (issue) => `- ${formatIssue(issue)}`,
  );
}

describe('stage tables', () => {
  test.each(STAGE_NAMES)('%s is valid as shipped', (stage) => {
    expect(validateStageConfig(stage, STAGES[stage])).toEqual([]);
  });

  test('each stage deploys to its own account and names its region', () => {
    const accounts = STAGE_NAMES.map((s) => STAGES[s].env.account);
    expect(new Set(accounts).size).toBe(3);
    for (const s of STAGE_NAMES) expect(STAGES[s].env.region).toMatch(/^[a-z]+-[a-z]+-\d$/);
  });

  test('prod meets the product sizing: 3+ API tasks, 2 read replicas, a 3-node cache, 30-day backups', () => {
    const prod = STAGES.prod;
    expect(prod.api.minCount).toBeGreaterThanOrEqual(3);
    expect(prod.database.readReplicas).toBe(2);
    expect(prod.cache.nodes).toBe(3);
    expect(prod.database.backupRetentionDays).toBe(30);
    expect([prod.api.cpu, prod.api.memoryMiB]).toEqual([1024, 2048]);
  });

  test('prod deploys the API by canary; dev rolls; staging shifts traffic', () => {
    expect(STAGES.prod.api.deployment.strategy).toBe('canary');
    expect(STAGES.dev.api.deployment.strategy).toBe('rolling');
    expect(['linear', 'blue-green']).toContain(STAGES.staging.api.deployment.strategy);
  });

  test.each(STAGE_NAMES)('%s runs the API and the worker as a non-root user', (stage) => {
    for (const service of [STAGES[stage].api, STAGES[stage].worker]) {
      expect(service.image.user).toMatch(/^[1-9]\d*(:\d+)?$|^[a-z_][a-z0-9_-]*(:.+)?$/);
      expect(service.image.user).not.toMatch(/^(root|0+)(:|$)/);
    }
  });

  test('dev is cheap: a NAT instance and the smallest ARM tasks', () => {
    expect(STAGES.dev.network.nat).toMatchObject({ provider: 'instance', count: 1 });
    for (const service of [STAGES.dev.api, STAGES.dev.worker])
      expect(service).toMatchObject({ cpu: 256, memoryMiB: 512, architecture: 'ARM64' });
  });
});

// Each row: an override for one stage, and the path + words the error must name.
const BAD: Array<[string, unknown, string, RegExp]> = [
  ['cpu that Fargate does not offer', { dev: { api: { cpu: 300 } } }, 'dev.api.cpu', /Fargate CPU size: one of 256, 512/],
  [
    'memory that does not pair with cpu',
    { dev: { api: { cpu: 256, memoryMiB: 4096 } } },
    'dev.api.memoryMiB',
    /pairs with cpu 256: 512 to 2048/,
  ],
  [
    'desired above max',
    { staging: { api: { desiredCount: 9, maxCount: 4 } } },
    'staging.api.desiredCount',
    /minCount <= desiredCount <= maxCount/,
  ],
  ['min above desired', { dev: { worker: { minCount: 2, desiredCount: 1 } } }, 'dev.worker.desiredCount', /minCount <= desiredCount/],
  ['too many replicas', { staging: { database: { readReplicas: 6 } } }, 'staging.database.readReplicas', /integer from 0 to 5/],
  ['replicas without Multi-AZ', { dev: { database: { readReplicas: 1 } } }, 'dev.database.multiAz', /true when readReplicas > 0/],
  ['CIDR too large', { dev: { network: { cidr: '10.0.0.0/8' } } }, 'dev.network.cidr', /from \/16 to \/24/],
  ['CIDR not a network address', { dev: { network: { cidr: '10.10.1.0/16' } } }, 'dev.network.cidr', /network address/],
  ['public CIDR', { dev: { network: { cidr: '8.8.0.0/16' } } }, 'dev.network.cidr', /private IPv4 CIDR/],
  [
    'instance class RDS does not have',
    { dev: { database: { instanceClass: 'db.t4g.gigantic' } } },
    'dev.database.instanceClass',
    /RDS for PostgreSQL instance class/,
  ],
  ['old PostgreSQL major', { dev: { database: { engineVersion: '12.1' } } }, 'dev.database.engineVersion', /major 16, 17, 18/],
  [
    'storage ceiling below storage',
    { staging: { database: { maxAllocatedStorageGb: 20 } } },
    'staging.database.maxAllocatedStorageGb',
    /at least 55 \(10 % above allocatedStorageGb 50/,
  ],
  ['backup retention beyond RDS limit', { dev: { database: { backupRetentionDays: 40 } } }, 'dev.database.backupRetentionDays', /1 to 35/],
  [
    'AZ of another region',
    { dev: { network: { availabilityZones: ['eu-west-1a', 'us-east-1b'] } } },
    'dev.network.availabilityZones[1]',
    /region "eu-west-1"/,
  ],
  ['a single AZ', { dev: { network: { availabilityZones: ['eu-west-1a'] } } }, 'dev.network.availabilityZones', /2 to 6 distinct/],
  ['more NAT than AZs', { dev: { network: { nat: { count: 3 } } } }, 'dev.network.nat.count', /1 to 2/],
  ['unknown NAT provider', { dev: { network: { nat: { provider: 'magic' } } } }, 'dev.network.nat.provider', /"gateway", "instance"/],
  [
    'deregistration delay too long',
    { dev: { ingress: { deregistrationDelaySeconds: 300 } } },
    'dev.ingress.deregistrationDelaySeconds',
    /0 to 30/,
  ],
  [
    'certificate from another region',
    { dev: { ingress: { certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' } } },
    'dev.ingress.certificateArn',
    /stage region "eu-west-1"/,
  ],
  ['domain without certificate', { dev: { ingress: { domainName: 'app.example.com' } } }, 'dev.ingress.certificateArn', /HTTPS only/],
  [
    'WAF rate limit below what AWS WAF accepts',
    { dev: { ingress: { wafRateLimitPer5Min: 50 } } },
    'dev.ingress.wafRateLimitPer5Min',
    /got 50; expected an integer from 100 to 2000000000/,
  ],
  ['health path without slash', { dev: { ingress: { healthCheckPath: 'health' } } }, 'dev.ingress.healthCheckPath', /starting with "\/"/],
  ['cache node type that does not exist', { dev: { cache: { nodeType: 'cache.x9.huge' } } }, 'dev.cache.nodeType', /ElastiCache node type/],
  ['cache engine version', { dev: { cache: { engineVersion: '6.2' } } }, 'dev.cache.engineVersion', /"7.2", "8.0", "8.1"/],
  ['spot share over 100', { dev: { worker: { spotPercent: 150 } } }, 'dev.worker.spotPercent', /0 to 100/],
  [
    'canary percent outside 1-99',
    { prod: { api: { deployment: { canaryPercent: 100 } } } },
    'prod.api.deployment.canaryPercent',
    /1 to 99/,
  ],
  [
    'canary percent 0',
    { prod: { api: { deployment: { canaryPercent: 0 } } } },
    'prod.api.deployment.canaryPercent',
    /got 0; expected an integer from 1 to 99/,
  ],
  [
    'linear step not a whole percent',
    { prod: { api: { deployment: { linearStepPercent: 12.5 } } } },
    'prod.api.deployment.linearStepPercent',
    /got 12.5/,
  ],
  [
    'unknown deployment strategy',
    { prod: { api: { deployment: { strategy: 'big-bang' } } } },
    'prod.api.deployment.strategy',
    /"rolling", "blue-green", "canary", "linear"/,
  ],
  ['negative bake time', { prod: { api: { deployment: { bakeMinutes: -1 } } } }, 'prod.api.deployment.bakeMinutes', /from 0 to 1440/],
  [
    'bad scheduled scaling cron',
    { dev: { api: { scheduledCapacity: [{ name: 'night', schedule: 'cron(0 20 * * *)', minCount: 0, maxCount: 0 }] } } },
    'dev.api.scheduledCapacity[0].schedule',
    /six fields/,
  ],
  ['log retention CloudWatch does not offer', { dev: { logRetentionDays: 10 } }, 'dev.logRetentionDays', /one of 1, 3, 5, 7, 14/],
  ['account that is not 12 digits', { prod: { env: { account: '12345' } } }, 'prod.env.account', /12-digit AWS account id/],
  [
    'unknown key (typo)',
    { dev: { api: { desiredCont: 2 } } },
    'dev.api.desiredCont',
    /no such setting; known settings here: cpu, memoryMiB/,
  ],
  ['unknown stage in override file', { qa: { api: { cpu: 256 } } }, 'configFile.qa', /a stage name: one of dev, staging, prod/],
  ['wrong type', { dev: { database: { multiAz: 'yes' } } }, 'dev.database.multiAz', /true or false/],
  ['prod below its floor of 3 API tasks', { prod: { api: { minCount: 1, desiredCount: 1 } } }, 'prod.api.minCount', /at least 3 in prod/],
  ['prod without read replicas', { prod: { database: { readReplicas: 0 } } }, 'prod.database.readReplicas', /at least 2 in prod/],
  ['prod single-AZ cache', { prod: { cache: { nodes: 1 } } }, 'prod.cache.nodes', /at least 3 in prod/],
  [
    'container user root by name',
    { prod: { api: { image: { user: 'root' } } } },
    'prod.api.image.user',
    /got "root"; expected a user other than root \(uid 0\).*"65534:65534"/,
  ],
  [
    'container user uid 0',
    { dev: { worker: { image: { user: '0' } } } },
    'dev.worker.image.user',
    /got "0"; expected a user other than root/,
  ],
  [
    'container user uid 0 with a group',
    { staging: { api: { image: { user: '0:1000' } } } },
    'staging.api.image.user',
    /got "0:1000"; expected a user other than root/,
  ],
  [
    'container user root with a group',
    { dev: { api: { image: { user: 'root:app' } } } },
    'dev.api.image.user',
    /got "root:app"; expected a user other than root/,
  ],
  [
    'container user removed',
    { dev: { api: { image: { user: null } } } },
    'dev.api.image.user',
    /got undefined; expected the non-root user the container runs as/,
  ],
  [
    'container user not a uid or name',
    { dev: { worker: { image: { user: 'app user' } } } },
    'dev.worker.image.user',
    /numeric uid \("65534"\), "uid:gid"/,
  ],
  ['container user as a number', { dev: { api: { image: { user: 1000 } } } }, 'dev.api.image.user', /got 1000; expected the non-root user/],
];

describe('bad configuration', () => {
  test.each(BAD)('%s is rejected naming the field, the value and the fix', (_name, overrides, path, expected) => {
    const issues = issuesFor(overrides);
    const issue = issues.find((line) => line.startsWith(`- ${path}: got `));
    expect(issue).toBeDefined();
    expect(issue).toMatch(/; expected /);
    expect(issue).toMatch(expected);
  });

  test('every problem in every stage is listed at once', () => {
    const issues = issuesFor({
      dev: { api: { cpu: 300, image: { user: 'root' } }, database: { readReplicas: 9 } },
      prod: { cache: { nodes: 1 }, network: { cidr: 'nope' }, worker: { image: { user: '0:0' } } },
    });
    expect(issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining([
        '- dev.api.cpu',
        '- dev.api.image.user',
        '- dev.database.readReplicas',
        '- prod.cache.nodes',
        '- prod.network.cidr',
        '- prod.worker.image.user',
      ]),
    );
  });

  test('an account given at deploy time needs the stage it belongs to', () => {
    expect(issuesFor(undefined, { account: '999999999999' }).join('\n')).toMatch(/context account\/region.*-c stage=<name>/);
  });

  test('an unknown stage in -c stage is rejected', () => {
    expect(issuesFor(undefined, { stage: 'qa' }).join('\n')).toMatch(/context stage: got "qa"; expected one of dev, staging, prod/);
  });
});

describe('overrides', () => {
  test('an override file deep-merges into one stage and leaves the others alone', () => {
    const [dev, prod] = resolveStageConfigs({
      allowPlaceholderImages: 'true',
      overrides: { dev: { api: { maxCount: 4 }, database: { instanceClass: 'db.t4g.small' } } },
    }).filter((c) => c.stage !== 'staging');
    expect(dev.api).toMatchObject({ maxCount: 4, minCount: 1, cpu: 256 });
    expect(dev.database.instanceClass).toBe('db.t4g.small');
    expect(dev.database.allocatedStorageGb).toBe(STAGES.dev.database.allocatedStorageGb);
    // allowPlaceholderImages (context) is the one change in prod: the override file left it alone.
    expect({ ...prod, delivery: { ...prod.delivery, allowPlaceholderImages: false } }).toEqual(STAGES.prod);
  });

  test('image context replaces the default image and drops its command, keeping the configured non-root user', () => {
    const [prod] = resolveStageConfigs({
      stage: 'prod',
      apiImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2.3',
      workerImage: 'w:1',
    });
    expect(prod.api.image).toEqual({ uri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2.3', user: STAGES.prod.api.image.user });
    expect(prod.worker.image).toEqual({ uri: 'w:1', user: STAGES.prod.worker.image.user });
  });

  test('a custom image keeps the user an override file sets for it', () => {
    const [prod] = resolveStageConfigs({
      stage: 'prod',
      apiImage: 'api:2',
      workerImage: 'worker:2',
      overrides: { prod: { api: { image: { user: 'app:app' } } } },
    });
    expect(prod.api.image).toEqual({ uri: 'api:2', user: 'app:app' });
  });

  test.each(['65534:65534', '1000', 'app', 'app:app', 'nobody:0', '1001:root'])('container user %p is accepted', (user) => {
    expect(issuesFor({ dev: { api: { image: { user } } } })).toEqual([]);
  });

  test('account and region can be replaced at deploy time for the selected stage', () => {
    // dev: prod's placeholder certificates belong to its table account, so prod in another account needs its own (service-limits test).
    const [dev] = resolveStageConfigs({ stage: 'dev', account: '444455556666' });
    expect(dev.env).toEqual({ account: '444455556666', region: 'eu-west-1' });
  });

  test('null removes an optional setting; arrays replace', () => {
    expect(deepMerge({ a: 1, b: { c: 2, d: [1, 2] } }, { a: null, b: { d: [3] } })).toEqual({ b: { c: 2, d: [3] } });
  });
});
