import { CACHE_ENGINE_VERSIONS } from './catalog';
import { checkAz, checkRegion } from './checks';
import { ConfigIssue } from './config-issue';
import { parseAcmArn } from './limits/acm';
import { knownPrefixListId } from './limits/cloudfront-prefix-lists';
import { scheduleProblem } from './limits/cron';
import { fargateTaskSize } from './limits/fargate';
import { derivedNameIssues } from './limits/names';
import { regionFacts } from './limits/regions';
import { scheduledSnapshotIssues } from './limits/snapshot-schedules';
import { parseDailyWindow, parseWeeklyWindow, TimeWindow, windowsOverlap } from './limits/windows';
import { at } from './read';

/**
 * AWS constraints a stage's config must meet, as data: each row says what it checks, where AWS
 * documents it, and checks the merged config (stage tables + overrides + context) before anything
 * is synthesized. A check reads untrusted input: it skips what it cannot read (the slice
 * validators report malformed fields) and reports each problem with field, value and fix.
 */
export interface ServiceLimit {
  readonly id: string;
  /** What AWS requires, in one sentence. */
  readonly checks: string;
  /** The AWS documentation page that states it. */
  readonly source: string;
  /** Issues in one stage's config; paths start with `stage` (e.g. `prod.worker.spotPercent`). */
  readonly check: (config: unknown, stage: string) => ConfigIssue[];
}

export const SERVICE_LIMITS: readonly ServiceLimit[] = [
  {
    id: 'fargate-spot-x86-only',
    checks: 'Fargate Spot runs Linux tasks on X86_64 only: an ARM64 task never gets Spot capacity.',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/userguide/fargate-capacity-providers.html',
    check: (c, p) => {
      const spot = at(c, 'worker.spotPercent');
      const arch = at(c, 'worker.architecture');
      if (typeof spot !== 'number' || spot <= 0 || arch === 'X86_64') return [];
      return [
        {
          path: `${p}.worker.spotPercent`,
          value: spot,
          expected: `0 while worker.architecture is ${JSON.stringify(arch)}: Fargate Spot places no ARM64 task (set spotPercent: 0, or architecture: "X86_64" with an x86 image)`,
        },
      ];
    },
  },
  {
    id: 'fargate-task-size',
    checks: 'A Fargate task takes one of the CPU sizes Fargate offers, with a memory size allowed for that CPU.',
    source: 'https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html',
    check: (c, p) => [
      ...fargateTaskSize(at(c, 'api.cpu'), at(c, 'api.memoryMiB'), `${p}.api.cpu`, `${p}.api.memoryMiB`),
      ...fargateTaskSize(at(c, 'worker.cpu'), at(c, 'worker.memoryMiB'), `${p}.worker.cpu`, `${p}.worker.memoryMiB`),
      ...fargateTaskSize(
        at(c, 'backupStorage.dumpImageCpu'),
        at(c, 'backupStorage.dumpImageMemoryMiB'),
        `${p}.backupStorage.dumpImageCpu`,
        `${p}.backupStorage.dumpImageMemoryMiB`,
      ),
    ],
  },
  {
    id: 'elasticache-engine-version',
    checks:
      'CreateReplicationGroup takes EngineVersion as major.minor for Valkey and for Redis OSS 6 and later, and only versions ElastiCache offers.',
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html',
    check: (c, p) => {
      const engine = at(c, 'cache.engine');
      const version = at(c, 'cache.engineVersion');
      if (engine !== 'valkey' && engine !== 'redis') return [];
      const offered = CACHE_ENGINE_VERSIONS[engine];
      // The offered list holds only major.minor strings: membership is the whole check.
      if ((offered as readonly unknown[]).includes(version)) return [];
      return [
        {
          path: `${p}.cache.engineVersion`,
          value: version,
          expected: `a ${engine} version as "major.minor" (no patch part), one of ${offered.map((v) => JSON.stringify(v)).join(', ')}`,
        },
      ];
    },
  },
  {
    id: 'elasticache-windows',
    checks: 'The daily snapshot window and the weekly maintenance window each last at least 60 minutes and do not overlap.',
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/maintenance-window.html',
    check: (c, p) => windowPair(c, `${p}.cache`, 'cache', 'snapshotWindow', 60),
  },
  {
    id: 'rds-windows',
    checks: 'The daily backup window and the weekly maintenance window each last at least 30 minutes and do not overlap.',
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ManagingAutomatedBackups.html#USER_WorkingWithAutomatedBackups.BackupWindow',
    check: (c, p) => windowPair(c, `${p}.database`, 'database', 'backupWindow', 30),
  },
  {
    id: 'rds-storage-autoscaling-headroom',
    checks:
      'The storage autoscaling ceiling (MaxAllocatedStorage) is at least 10 % above the allocated storage, or RDS refuses it ("Invalid max storage size").',
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html',
    check: (c, p) => {
      const allocated = at(c, 'database.allocatedStorageGb');
      const ceiling = at(c, 'database.maxAllocatedStorageGb');
      if (typeof allocated !== 'number' || typeof ceiling !== 'number' || !Number.isFinite(allocated)) return [];
      // Integer arithmetic: 50 * 1.1 is 55.00000000000001 in floating point.
      const least = Math.ceil((allocated * 11) / 10);
      if (ceiling >= least) return [];
      return [
        {
          path: `${p}.database.maxAllocatedStorageGb`,
          value: ceiling,
          expected: `at least ${least} (10 % above allocatedStorageGb ${allocated}; AWS recommends 26 %, ${Math.ceil((allocated * 126) / 100)}, to avoid the threshold-reached event)`,
        },
      ];
    },
  },
  {
    id: 'rds-performance-insights-class',
    checks:
      'Performance Insights (Database Insights) runs on no db.t2/db.t3/db.t4g micro or small instance: creating one with it on fails.',
    source: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html',
    check: (c, p) => {
      if (at(c, 'database.performanceInsights') !== true) return [];
      return (['instanceClass', 'replicaInstanceClass'] as const).flatMap((key) => {
        const value = at(c, `database.${key}`);
        return typeof value === 'string' && NO_PERFORMANCE_INSIGHTS.includes(value)
          ? [
              {
                path: `${p}.database.${key}`,
                value,
                expected: `a class Performance Insights runs on (db.t4g.medium or larger), or database.performanceInsights: false: it is not supported on ${NO_PERFORMANCE_INSIGHTS.join(', ')}`,
              },
            ]
          : [];
      });
    },
  },
  {
    id: 'snapshot-jobs-clear-of-windows',
    checks:
      "Scheduled snapshots run at fixed times an hour clear of the service's own snapshot, backup and maintenance windows, when the source is busy.",
    source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html',
    check: scheduledSnapshotIssues,
  },
  {
    id: 'regions-and-azs',
    checks: 'The stage region and the DR region are real regions of one partition; each AZ is one the stage region has.',
    source: 'https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html',
    check: (c, p) => {
      const region = at(c, 'env.region');
      const azs = at(c, 'network.availabilityZones');
      const dr = at(c, 'backup.drRegion');
      const home = regionFacts(region);
      const drFacts = regionFacts(dr);
      return [
        ...checkRegion(region, `${p}.env.region`),
        ...(Array.isArray(azs) ? azs.flatMap((az, i) => checkAz(az, `${p}.network.availabilityZones[${i}]`, region)) : []),
        ...checkRegion(dr, `${p}.backup.drRegion`, 'eu-central-1'),
        ...(home && drFacts && home.partition !== drFacts.partition
          ? [
              {
                path: `${p}.backup.drRegion`,
                value: dr,
                expected: `a region in the stage region's partition (${home.partition}): snapshot copies and KMS keys do not cross partitions`,
              },
            ]
          : []),
      ];
    },
  },
  {
    id: 'eventbridge-schedule-fields',
    checks:
      'Schedules are rate(N unit) or six-field crons with AWS field ranges (minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12/JAN-DEC, day-of-week 1-7/SUN-SAT, year 1970-2199) and "?" in exactly one day field.',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html',
    check: (c, p) =>
      scheduleStrings(c, p).flatMap(([path, value]) => {
        const problem = scheduleProblem(value);
        return problem === undefined ? [] : [{ path, value, expected: `an EventBridge schedule: ${problem}` }];
      }),
  },
  {
    id: 'physical-name-lengths',
    checks: 'Names the stacks and functions derive from project and stage fit their services’ length limits.',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
    check: derivedNameIssues,
  },
  {
    id: 'certificates',
    checks:
      "An ALB uses ACM certificates of its own account and region; CloudFront uses ACM certificates of us-east-1 only, in the stage's account.",
    source: 'https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html',
    check: (c, p) => {
      const region = at(c, 'env.region');
      const account = at(c, 'env.account');
      const partition = regionFacts(region)?.partition;
      return [
        ...certificateIssues(at(c, 'ingress.certificateArn'), `${p}.ingress.certificateArn`, {
          region,
          regionLabel: 'the stage region',
          account,
          partition,
          why: 'an ALB only uses certificates of its own account and region',
        }),
        ...certificateIssues(at(c, 'delivery.cdn.certificateArn'), `${p}.delivery.cdn.certificateArn`, {
          region: 'us-east-1',
          regionLabel: 'region',
          account,
          partition: 'aws',
          why: 'CloudFront only uses ACM certificates from us-east-1',
        }),
      ];
    },
  },
  {
    id: 'cdn-origin-is-not-the-cdn',
    checks:
      'CloudFront reaches the ALB at ingress.domainName; that name must resolve to the ALB, so it cannot be one of the distribution’s own alternate domain names.',
    source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html',
    check: (c, p) => {
      const origin = at(c, 'ingress.domainName');
      const names = at(c, 'delivery.cdn.domainNames');
      if (at(c, 'delivery.cdn.enabled') !== true || typeof origin !== 'string' || !Array.isArray(names) || !names.includes(origin))
        return [];
      return [
        {
          path: `${p}.ingress.domainName`,
          value: origin,
          expected: `a name of its own for the ALB origin, e.g. "origin.${origin}" (with a certificate for it): ${JSON.stringify(origin)} is a CDN name in delivery.cdn.domainNames, so CloudFront would send requests back to itself`,
        },
      ];
    },
  },
  {
    id: 'cdn-origin-prefix-list',
    checks:
      "The ALB admits CloudFront through the region's managed prefix list com.amazonaws.global.cloudfront.origin-facing, whose ID synth must know.",
    source: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list',
    check: (c, p) => {
      const region = at(c, 'env.region');
      if (at(c, 'delivery.cdn.enabled') !== true || at(c, 'delivery.cdn.originPrefixListId') !== undefined || !regionFacts(region))
        return [];
      if (knownPrefixListId(region as string)) return [];
      return [
        {
          path: `${p}.delivery.cdn.originPrefixListId`,
          value: undefined,
          expected: `the ID of com.amazonaws.global.cloudfront.origin-facing in ${region} (aws ec2 describe-managed-prefix-lists --region ${region}): lib/config/limits/cloudfront-prefix-lists.ts does not know it; or set delivery.cdn.enabled: false`,
        },
      ];
    },
  },
];

/** Instance classes Performance Insights (Database Insights) does not run on. */
const NO_PERFORMANCE_INSIGHTS: readonly string[] = [
  'db.t2.micro',
  'db.t2.small',
  'db.t3.micro',
  'db.t3.small',
  'db.t4g.micro',
  'db.t4g.small',
];

/** Every row's issues for one stage. */
export function checkServiceLimits(config: unknown, stage: string): ConfigIssue[] {
  return SERVICE_LIMITS.flatMap((limit) => limit.check(config, stage));
}

/** A daily window (`daily`) and the weekly maintenance window of one slice: length, and no overlap. */
function windowPair(c: unknown, path: string, slice: string, daily: string, minMinutes: number): ConfigIssue[] {
  const dailyValue = at(c, `${slice}.${daily}`);
  const weeklyValue = at(c, `${slice}.maintenanceWindow`);
  const dailyWindow = parseDailyWindow(dailyValue);
  const weeklyWindow = parseWeeklyWindow(weeklyValue);
  const tooShort = (w: TimeWindow | undefined, value: unknown, key: string): ConfigIssue[] =>
    w && w.minutes < minMinutes
      ? [{ path: `${path}.${key}`, value, expected: `a window of at least ${minMinutes} minutes (this one has ${w.minutes})` }]
      : [];
  const issues = [...tooShort(dailyWindow, dailyValue, daily), ...tooShort(weeklyWindow, weeklyValue, 'maintenanceWindow')];
  if (dailyWindow && weeklyWindow && windowsOverlap(dailyWindow, weeklyWindow)) {
    issues.push({
      path: `${path}.maintenanceWindow`,
      value: weeklyValue,
      expected: `a maintenance window that does not overlap ${daily} (${String(dailyValue)} every day)`,
    });
  }
  return issues;
}

interface CertificateRule {
  readonly region: unknown;
  /** How the message names the region, e.g. "the stage region". */
  readonly regionLabel: string;
  readonly account: unknown;
  readonly partition: string | undefined;
  readonly why: string;
}

function certificateIssues(arn: unknown, path: string, rule: CertificateRule): ConfigIssue[] {
  const parts = parseAcmArn(arn);
  if (!parts) return [];
  const wrong = [
    parts.region !== rule.region ? `${rule.regionLabel} ${JSON.stringify(rule.region)}` : undefined,
    parts.account !== rule.account ? `the stage account ${String(rule.account)} (env.account)` : undefined,
    rule.partition !== undefined && parts.partition !== rule.partition ? `partition ${rule.partition}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return wrong.length ? [{ path, value: arn, expected: `a certificate in ${wrong.join(' and ')}: ${rule.why}` }] : [];
}

const SCHEDULE_SHAPE = /^(cron|rate)\(.*\)$/;

/** Every string in the config that is written as a schedule, with its path. */
function scheduleStrings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return SCHEDULE_SHAPE.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => scheduleStrings(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => scheduleStrings(item, `${path}.${key}`));
  return [];
}
