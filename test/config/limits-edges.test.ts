import { formatIssue } from '../../lib/config/config-issue';
import { instanceMemoryGiB, postgresMaxConnections } from '../../lib/config/catalog';
import { blankImageIssues, DEFAULT_IMAGE, isPlaceholderImage, placeholderImageIssues } from '../../lib/config/images';
import { derivedNameIssues } from '../../lib/config/limits/names';
import { isAzOf, regionFacts } from '../../lib/config/limits/regions';
import { deepMerge } from '../../lib/config/merge';
import { at, prop } from '../../lib/config/read';
import { SERVICE_LIMITS } from '../../lib/config/service-limits';
import type { StageName } from '../../lib/config/stage-name';
import { STAGES } from '../../lib/config/stages';
import { validateStageConfig } from '../../lib/config/validate';

// The smaller pieces every stage check stands on, each at its edges: instance memory, the
// placeholder image, AWS's name lengths, regions and AZs, and the rows of the service-limit table.

const row = (id: string) => SERVICE_LIMITS.find((limit) => limit.id === id)!;
const check = (id: string, stage: StageName, patch: unknown) => row(id).check(deepMerge(STAGES[stage], patch), stage).map(formatIssue);

describe('RDS instance memory and PostgreSQL max_connections (LEAST(memory / 9531392, 5000))', () => {
  it.each([
    ['db.t4g.micro', 1, 112],
    ['db.t4g.medium', 4, 450],
    ['db.t4g.2xlarge', 32, 3604],
    ['db.t4g.nano', 1, 112],
    ['db.m7g.large', 8, 901],
    ['db.m7g.xlarge', 16, 1802],
    ['db.r7g.large', 16, 1802],
    ['db.r7g.2xlarge', 64, 5000],
    ['db.m7g.4xlarge', 64, 5000],
  ])('%s: %i GiB, %i connections', (instanceClass, gib, connections) => {
    expect(instanceMemoryGiB(instanceClass)).toBe(gib);
    expect(postgresMaxConnections(instanceClass)).toBe(connections);
  });
});

describe('the placeholder image', () => {
  it('is recognised by its URI only', () => {
    expect(isPlaceholderImage({ uri: DEFAULT_IMAGE.uri })).toBe(true);
    expect(isPlaceholderImage({ uri: `${DEFAULT_IMAGE.uri}-x` })).toBe(false);
  });

  it('is refused per service, only where the stage says so, and a malformed config is no crash', () => {
    const refusing = {
      delivery: { allowPlaceholderImages: false },
      api: { image: { uri: DEFAULT_IMAGE.uri } },
      worker: { image: { uri: 'registry/worker:1' } },
    };
    expect(placeholderImageIssues('prod', refusing).map(formatIssue)).toEqual([
      `prod.api.image.uri: got "${DEFAULT_IMAGE.uri}"; expected an app image, not the placeholder (prod.delivery.allowPlaceholderImages is false): pass -c apiImage=<uri> -c workerImage=<uri>, or -c allowPlaceholderImages=true to deploy the placeholder on purpose`,
    ]);
    expect(placeholderImageIssues('prod', { ...refusing, delivery: { allowPlaceholderImages: true } })).toEqual([]);
    expect(placeholderImageIssues('prod', { ...refusing, delivery: undefined })).toEqual([]);
    expect(placeholderImageIssues('prod', undefined)).toEqual([]);
    expect(placeholderImageIssues('prod', { delivery: { allowPlaceholderImages: false }, api: {}, worker: null })).toEqual([]);
  });

  it('a blank image from context is refused, each key by name; a missing one is not', () => {
    expect(blankImageIssues({ apiImage: '  ', workerImage: '' }).map((i) => i.path)).toEqual(['context apiImage', 'context workerImage']);
    expect(blankImageIssues({ workerImage: '' }).map(formatIssue)).toEqual([
      'context workerImage: got ""; expected an image URI (-c workerImage=<uri>); a blank value is refused because it usually means an unset CI variable. Leave the key out to run the placeholder image where the stage allows it',
    ]);
    expect(blankImageIssues({ apiImage: 'registry/api:1' })).toEqual([]);
    expect(blankImageIssues({})).toEqual([]);
  });
});

describe('names AWS limits in length', () => {
  it('a stage name that makes the cache copy id 41 characters is refused on stage; 40 is accepted', () => {
    // <stage>-rt-<MMddHHmm>: 12 characters besides the stage.
    const ok = { ...STAGES.dev, stage: 's'.repeat(28) };
    expect(derivedNameIssues(ok, 'dev')).toEqual([]);
    expect(derivedNameIssues({ ...ok, stage: 's'.repeat(29) }, 'dev').map((i) => i.expected)).toEqual([
      "a shorter value: the ElastiCache replication group id of a restore-test copy (<stage>-rt-<MMddHHmm>) would be 41 characters, over AWS's limit of 40",
    ]);
  });

  it('the dashboard name joins the stage and its suffix; a missing part is no name to check', () => {
    const long = deepMerge(STAGES.dev, { monitoring: { dashboard: { nameSuffix: 'd'.repeat(252) } } });
    expect(derivedNameIssues(long, 'dev').map((i) => i.path)).toEqual(['dev.monitoring.dashboard.nameSuffix']);
    expect(derivedNameIssues(deepMerge(STAGES.dev, { monitoring: { dashboard: { nameSuffix: 'd'.repeat(251) } } }), 'dev')).toEqual([]);
    expect(derivedNameIssues({ project: 'p' }, 'dev')).toEqual([]);
    expect(derivedNameIssues({ stage: 5, project: 'p'.repeat(300) }, 'dev').map((i) => i.expected)).toEqual([
      "a shorter value: the Project tag value would be 300 characters, over AWS's limit of 256",
    ]);
  });
});

describe('regions and AZs', () => {
  it('knows regions by own key only', () => {
    expect(regionFacts('eu-west-1')).toEqual({ partition: 'aws', azLetters: expect.any(String) });
    expect(regionFacts('toString')).toBeUndefined();
    expect(regionFacts(42)).toBeUndefined();
  });

  it('an AZ is the region plus one of its letters', () => {
    expect(isAzOf('eu-west-1a', 'eu-west-1')).toBe(true);
    expect(isAzOf('eu-west-1d', 'eu-west-1')).toBe(false);
    expect(isAzOf('eu-west-1aa', 'eu-west-1')).toBe(false);
    expect(isAzOf('us-east-1a', 'eu-west-1')).toBe(false);
    expect(isAzOf(1, 'eu-west-1')).toBe(false);
    expect(isAzOf('xx-west-1a', 'xx-west-1')).toBe(false);
  });
});

describe('reading untrusted JSON', () => {
  it('reads own properties of objects only', () => {
    expect(prop({ a: 1 }, 'a')).toBe(1);
    expect(prop(null, 'a')).toBeUndefined();
    expect(prop(['x'], '0')).toBeUndefined();
    expect(prop('abc', 'length')).toBeUndefined();
    expect(at({ a: { b: { c: 3 } } }, 'a.b.c')).toBe(3);
    expect(at({ a: [{ b: 1 }] }, 'a.0.b')).toBeUndefined();
  });
});

describe('service-limit rows at their edges', () => {
  it('Fargate Spot: none, or an x86 worker, is fine; a malformed share is left to the field check', () => {
    expect(check('fargate-spot-x86-only', 'dev', { worker: { spotPercent: 0 } })).toEqual([]);
    expect(check('fargate-spot-x86-only', 'dev', { worker: { spotPercent: 50, architecture: 'X86_64' } })).toEqual([]);
    expect(check('fargate-spot-x86-only', 'dev', { worker: { spotPercent: 'half' } })).toEqual([]);
    expect(check('fargate-spot-x86-only', 'dev', { worker: { spotPercent: 1 } })).toHaveLength(1);
  });

  it('task sizes are checked for the API, the worker and the dump task, each on its own fields', () => {
    const bad = { cpu: 256, memoryMiB: 8192 };
    expect(check('fargate-task-size', 'dev', { api: bad }).map((i) => i.split(':')[0])).toEqual(['dev.api.memoryMiB']);
    expect(check('fargate-task-size', 'dev', { worker: bad }).map((i) => i.split(':')[0])).toEqual(['dev.worker.memoryMiB']);
    expect(
      check('fargate-task-size', 'dev', { backupStorage: { dumpImageCpu: 256, dumpImageMemoryMiB: 8192 } }).map((i) => i.split(':')[0]),
    ).toEqual(['dev.backupStorage.dumpImageMemoryMiB']);
  });

  it('the cache engine version: only for Valkey and Redis, and only versions offered', () => {
    expect(check('elasticache-engine-version', 'dev', { cache: { engine: 'memcached', engineVersion: 'x' } })).toEqual([]);
    expect(check('elasticache-engine-version', 'dev', { cache: { engine: 'redis', engineVersion: '7.1' } })).toEqual([]);
    for (const engineVersion of [' 8.0', '8.0 ', 8]) {
      expect(check('elasticache-engine-version', 'dev', { cache: { engineVersion } })).toHaveLength(1);
    }
  });

  it('storage headroom: exactly 10 % above is enough, and the advice names 26 %', () => {
    expect(
      check('rds-storage-autoscaling-headroom', 'prod', { database: { allocatedStorageGb: 100, maxAllocatedStorageGb: 110 } }),
    ).toEqual([]);
    expect(
      check('rds-storage-autoscaling-headroom', 'prod', { database: { allocatedStorageGb: 100, maxAllocatedStorageGb: 109 } }),
    ).toEqual([
      'prod.database.maxAllocatedStorageGb: got 109; expected at least 110 (10 % above allocatedStorageGb 100; AWS recommends 26 %, 126, to avoid the threshold-reached event)',
    ]);
    for (const database of [
      { allocatedStorageGb: '100', maxAllocatedStorageGb: 1 },
      { allocatedStorageGb: 100, maxAllocatedStorageGb: '1' },
      { allocatedStorageGb: Number.POSITIVE_INFINITY, maxAllocatedStorageGb: 1 },
    ]) {
      expect(check('rds-storage-autoscaling-headroom', 'prod', { database })).toEqual([]);
    }
  });

  it('Performance Insights: the replica class is checked too', () => {
    expect(
      check('rds-performance-insights-class', 'prod', {
        database: { performanceInsights: true, replicaInstanceClass: 'db.t4g.small' },
      }).map((i) => i.split(':')[0]),
    ).toEqual(['prod.database.replicaInstanceClass']);
  });

  it('the DR region is a real region; an origin that is also a CDN name needs the CDN on to matter', () => {
    expect(check('regions-and-azs', 'dev', { backup: { drRegion: 'eu-nowhere-1' } }).map((i) => i.split(':')[0])).toEqual([
      'dev.backup.drRegion',
    ]);
    expect(
      check('cdn-origin-is-not-the-cdn', 'prod', { ingress: { domainName: 'app.example.com' }, delivery: { cdn: { enabled: false } } }),
    ).toEqual([]);
    expect(check('cdn-origin-prefix-list', 'prod', { env: { region: 'sa-east-1' }, delivery: { cdn: { enabled: false } } })).toEqual([]);
  });
});

describe('three more edges', () => {
  it('a budget takes exactly ten alert emails', () => {
    const emails = Array.from({ length: 10 }, (_, i) => `ops${i}@example.com`);
    expect(validateStageConfig('prod', deepMerge(STAGES.prod, { cost: { budgetAlertEmails: emails } })).map((i) => i.path)).toEqual([]);
  });

  it('a Fargate CPU size is a number, not its digits as a string', () => {
    expect(check('fargate-task-size', 'dev', { api: { cpu: '256', memoryMiB: 512 } }).map((i) => i.split(':')[0])).toEqual(['dev.api.cpu']);
  });

  it('an alarms setting that is not an object is one issue, not one per alarm', () => {
    expect(validateStageConfig('dev', deepMerge(STAGES.dev, { monitoring: { alarms: 'all' } })).map((i) => i.path)).toEqual([
      'dev.monitoring.alarms',
    ]);
  });
});
