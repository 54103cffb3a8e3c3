import { integerIn, isObject, matches, nonEmptyString, numberIn, oneOf, scheduleExpression, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import { ACM_CERTIFICATE_ARN } from './limits/acm';
import { fargateTaskSize } from './limits/fargate';
import { prop } from './read';
import { DEFAULT_IMAGE } from './images';
import type { StageName } from './stage-name';

export type CpuArchitecture = 'ARM64' | 'X86_64';

export interface IngressConfig {
  /** ACM certificate ARN for the HTTPS listener; without it the ALB serves plain HTTP (dev only). @default none */
  readonly certificateArn?: string;
  /** DNS name users reach the stage at, served by the certificate. @default none */
  readonly domainName?: string;
  /** Path the load balancer checks on every API task. */
  readonly healthCheckPath: string;
  /** Seconds a deregistering task keeps draining connections (<= 30 keeps deploys quick). */
  readonly deregistrationDelaySeconds: number;
  /** ALB idle timeout in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Requests one client may send in any 5 minutes before the WAF blocks it (100 to 2,000,000,000). */
  readonly wafRateLimitPer5Min: number;
}

/** A container image and, for the default image only, the arguments it needs. */
export interface ContainerImageConfig {
  /** Image URI; CI sets it with `-c apiImage=<uri>` / `-c workerImage=<uri>`. */
  readonly uri: string;
  /** Command override; cleared when the image is overridden. @default the image's own */
  readonly command?: readonly string[];
  /**
   * User the container runs as, never root: a numeric uid, `uid:gid`, or a user name the image
   * defines (`name` or `name:group`). The image must run as it with a read-only root filesystem
   * (only `/tmp` is writable). Kept when `-c apiImage` / `-c workerImage` replace the image.
   */
  readonly user: string;
}

export interface TaskSizing {
  /** Fargate CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Fargate memory in MiB; must pair with cpu. */
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly image: ContainerImageConfig;
}

export interface ApiScalingConfig {
  /** Target tracking on average CPU, percent. */
  readonly cpuTargetPercent: number;
  /** Target tracking on average memory, percent. */
  readonly memoryTargetPercent: number;
  /** Target tracking on ALB requests per target per minute. */
  readonly requestsPerTarget: number;
  /** Step scaling out when p95 target response time exceeds this many seconds. */
  readonly latencyScaleOutSeconds: number;
}

export type DeploymentStrategyName = 'rolling' | 'blue-green' | 'canary' | 'linear';

export interface DeploymentConfig {
  /** ECS-native deployment strategy for the API. Blue/green, canary and linear shift ALB traffic between two target groups. */
  readonly strategy: DeploymentStrategyName;
  /** Percent of traffic the canary receives first (canary only). */
  readonly canaryPercent: number;
  /** Percent of traffic shifted per step (linear only). */
  readonly linearStepPercent: number;
  /** Minutes to watch alarms after the traffic shift before finishing. */
  readonly bakeMinutes: number;
}

export interface ScheduledCapacity {
  /** Readable name, e.g. `night`. */
  readonly name: string;
  /** EventBridge-style cron `cron(min hour dom month dow year)` in UTC. */
  readonly schedule: string;
  readonly minCount: number;
  readonly maxCount: number;
}

export interface ApiServiceConfig extends TaskSizing {
  readonly containerPort: number;
  /** Tasks at deploy time. */
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Seconds ECS ignores failing ALB health checks after a task starts. */
  readonly healthCheckGraceSeconds: number;
  /** Lowest percent of desired tasks kept running during a rolling deploy (100 in prod). */
  readonly minHealthyPercent: number;
  readonly scaling: ApiScalingConfig;
  readonly deployment: DeploymentConfig;
  /** Scheduled capacity changes, e.g. dev down to 0 at night. @default none */
  readonly scheduledCapacity: readonly ScheduledCapacity[];
}

export interface WorkerServiceConfig extends TaskSizing {
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Percent of worker tasks placed on Fargate Spot (0 = none). */
  readonly spotPercent: number;
  /** Visible messages above which the worker scales out hard. */
  readonly backlogScaleOutMessages: number;
  readonly scheduledCapacity: readonly ScheduledCapacity[];
}

export interface QueueConfig {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
}

/** Without a certificate the ALB serves plain HTTP; prod's certificate and name are placeholders in stages.ts. */
export const INGRESS_DEFAULTS: Readonly<Record<StageName, IngressConfig>> = {
  dev: { healthCheckPath: '/health', deregistrationDelaySeconds: 10, idleTimeoutSeconds: 60, wafRateLimitPer5Min: 2000 },
  staging: { healthCheckPath: '/health', deregistrationDelaySeconds: 20, idleTimeoutSeconds: 60, wafRateLimitPer5Min: 2000 },
  prod: { healthCheckPath: '/health', deregistrationDelaySeconds: 30, idleTimeoutSeconds: 60, wafRateLimitPer5Min: 10000 },
};

/** The product's scale-out thresholds: CPU 70 %, memory 80 %, p95 response time over 2 s. */
const PRODUCT_SCALING = { cpuTargetPercent: 70, memoryTargetPercent: 80, requestsPerTarget: 1000, latencyScaleOutSeconds: 2 } as const;

export const API_DEFAULTS: Readonly<Record<StageName, ApiServiceConfig>> = {
  dev: {
    cpu: 256,
    memoryMiB: 512,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    containerPort: 8080,
    desiredCount: 1,
    minCount: 1,
    maxCount: 2,
    healthCheckGraceSeconds: 60,
    minHealthyPercent: 0,
    scaling: PRODUCT_SCALING,
    deployment: { strategy: 'rolling', canaryPercent: 10, linearStepPercent: 25, bakeMinutes: 0 },
    scheduledCapacity: [],
  },
  staging: {
    cpu: 512,
    memoryMiB: 1024,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    containerPort: 8080,
    desiredCount: 2,
    minCount: 2,
    maxCount: 4,
    healthCheckGraceSeconds: 60,
    minHealthyPercent: 50,
    scaling: PRODUCT_SCALING,
    deployment: { strategy: 'blue-green', canaryPercent: 10, linearStepPercent: 25, bakeMinutes: 5 },
    scheduledCapacity: [],
  },
  prod: {
    cpu: 1024,
    memoryMiB: 2048,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    containerPort: 8080,
    desiredCount: 3,
    minCount: 3,
    maxCount: 10,
    healthCheckGraceSeconds: 60,
    minHealthyPercent: 100,
    scaling: PRODUCT_SCALING,
    deployment: { strategy: 'canary', canaryPercent: 10, linearStepPercent: 20, bakeMinutes: 10 },
    scheduledCapacity: [],
  },
};

/**
 * Workers run on demand: Fargate Spot places no ARM64 task (ECS guide, "Fargate capacity providers"),
 * and the workers stay on the small ARM tasks. Spot needs `architecture: 'X86_64'` beside it.
 */
const WORKER_SPOT_PERCENT = 0;
/** The product's queue threshold: more than 1000 pending messages means scale out hard. */
const PRODUCT_BACKLOG_SCALE_OUT = 1000;

export const WORKER_DEFAULTS: Readonly<Record<StageName, WorkerServiceConfig>> = {
  dev: {
    cpu: 256,
    memoryMiB: 512,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    desiredCount: 1,
    minCount: 1,
    maxCount: 2,
    spotPercent: WORKER_SPOT_PERCENT,
    backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
    scheduledCapacity: [],
  },
  staging: {
    cpu: 256,
    memoryMiB: 512,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    desiredCount: 1,
    minCount: 1,
    maxCount: 4,
    spotPercent: WORKER_SPOT_PERCENT,
    backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
    scheduledCapacity: [],
  },
  prod: {
    cpu: 512,
    memoryMiB: 1024,
    architecture: 'ARM64',
    image: DEFAULT_IMAGE,
    desiredCount: 2,
    minCount: 2,
    maxCount: 10,
    spotPercent: WORKER_SPOT_PERCENT,
    backlogScaleOutMessages: PRODUCT_BACKLOG_SCALE_OUT,
    scheduledCapacity: [],
  },
};

export const QUEUE_DEFAULTS: Readonly<Record<StageName, QueueConfig>> = {
  dev: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 4 },
  staging: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 4 },
  prod: { maxReceiveCount: 5, visibilityTimeoutSeconds: 300, retentionDays: 14 },
};

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function validateIngressConfig(ingress: unknown, path: string): ConfigIssue[] {
  if (isObject(ingress, path).length) return isObject(ingress, path);
  const issues = [
    ...unknownKeys(ingress, path, [
      'certificateArn',
      'domainName',
      'healthCheckPath',
      'deregistrationDelaySeconds',
      'idleTimeoutSeconds',
      'wafRateLimitPer5Min',
    ]),
  ];
  const cert = prop(ingress, 'certificateArn');
  if (cert !== undefined) {
    // Region and account are the service-limits table's (certificates row).
    // Stryker disable next-line ConditionalExpression: no non-string reads as an ARN; typeof is there for TypeScript
    if (typeof cert !== 'string' || !ACM_CERTIFICATE_ARN.test(cert)) {
      issues.push({
        path: `${path}.certificateArn`,
        value: cert,
        expected: 'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<uuid>',
      });
    }
  }
  const domain = prop(ingress, 'domainName');
  if (domain !== undefined) {
    issues.push(...matches(domain, `${path}.domainName`, HOSTNAME, 'a lower-case DNS name such as "app.example.com"'));
    if (cert === undefined)
      issues.push({
        path: `${path}.certificateArn`,
        value: cert,
        expected: `an ACM certificate ARN for ${JSON.stringify(domain)}: a domain name is served over HTTPS only`,
      });
  }
  issues.push(
    ...matches(
      prop(ingress, 'healthCheckPath'),
      `${path}.healthCheckPath`,
      /^\/[\w\-./]*$/,
      'a URL path starting with "/", e.g. "/health"',
    ),
  );
  issues.push(...integerIn(prop(ingress, 'deregistrationDelaySeconds'), `${path}.deregistrationDelaySeconds`, 0, 30));
  issues.push(...integerIn(prop(ingress, 'idleTimeoutSeconds'), `${path}.idleTimeoutSeconds`, 1, 4000));
  // AWS WAF's bounds for a rate-based rule over a 5-minute window.
  issues.push(...integerIn(prop(ingress, 'wafRateLimitPer5Min'), `${path}.wafRateLimitPer5Min`, 100, 2_000_000_000));
  return issues;
}

/** `uid`, `uid:gid`, `name` or `name:group`, as ECS passes them to the container runtime. */
const CONTAINER_USER = /^([0-9]{1,10}|[a-z_][a-z0-9_-]{0,31})(?::([0-9]{1,10}|[a-z_][a-z0-9_-]{0,31}))?$/;

/** The container user: well-formed and never root (uid 0 or the name `root`), whatever group follows. */
export function checkContainerUser(value: unknown, path: string): ConfigIssue[] {
  const match = typeof value === 'string' ? CONTAINER_USER.exec(value) : null;
  if (!match) {
    return [
      {
        path,
        value,
        expected:
          'the non-root user the container runs as: a numeric uid ("65534"), "uid:gid" ("65534:65534", nobody) or a user name the image defines ("app" or "app:app")',
      },
    ];
  }
  const user = match[1];
  if (user === 'root' || /^0+$/.test(user)) {
    return [
      {
        path,
        value,
        expected:
          'a user other than root (uid 0): containers run as non-root; set a user the image defines, or "65534:65534" (nobody) for an image that needs no user of its own',
      },
    ];
  }
  return [];
}

function validateSizing(service: unknown, path: string): ConfigIssue[] {
  const issues = fargateTaskSize(prop(service, 'cpu'), prop(service, 'memoryMiB'), `${path}.cpu`, `${path}.memoryMiB`);
  issues.push(...oneOf(prop(service, 'architecture'), `${path}.architecture`, ['ARM64', 'X86_64']));
  const image = prop(service, 'image');
  issues.push(...unknownKeys(image, `${path}.image`, ['uri', 'command', 'user']));
  issues.push(
    ...nonEmptyString(
      prop(image, 'uri'),
      `${path}.image.uri`,
      'a container image URI, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"',
    ),
  );
  issues.push(...checkContainerUser(prop(image, 'user'), `${path}.image.user`));
  const command = prop(image, 'command');
  if (command !== undefined && (!Array.isArray(command) || !command.every((c) => typeof c === 'string'))) {
    issues.push({ path: `${path}.image.command`, value: command, expected: 'a list of strings' });
  }
  return issues;
}

function validateCounts(service: unknown, path: string): ConfigIssue[] {
  const issues = [
    ...integerIn(prop(service, 'minCount'), `${path}.minCount`, 0, 100),
    ...integerIn(prop(service, 'maxCount'), `${path}.maxCount`, 1, 100),
    ...integerIn(prop(service, 'desiredCount'), `${path}.desiredCount`, 0, 100),
  ];
  const [min, desired, max] = ['minCount', 'desiredCount', 'maxCount'].map((k) => prop(service, k));
  if (issues.length === 0 && !((min as number) <= (desired as number) && (desired as number) <= (max as number))) {
    issues.push({
      path: `${path}.desiredCount`,
      value: { minCount: min, desiredCount: desired, maxCount: max },
      expected: 'minCount <= desiredCount <= maxCount',
    });
  }
  return issues;
}

function validateScheduledCapacity(list: unknown, path: string): ConfigIssue[] {
  if (!Array.isArray(list)) return [{ path, value: list, expected: 'a list of { name, schedule, minCount, maxCount } (may be empty)' }];
  return list.flatMap((entry, i) => {
    const p = `${path}[${i}]`;
    const issues = [
      ...unknownKeys(entry, p, ['name', 'schedule', 'minCount', 'maxCount']),
      ...matches(prop(entry, 'name'), `${p}.name`, /^[A-Za-z0-9-]{1,40}$/, 'a short name of letters, digits and dashes'),
      ...scheduleExpression(prop(entry, 'schedule'), `${p}.schedule`),
      ...integerIn(prop(entry, 'minCount'), `${p}.minCount`, 0, 100),
      ...integerIn(prop(entry, 'maxCount'), `${p}.maxCount`, 0, 100),
    ];
    if (issues.length === 0 && (prop(entry, 'minCount') as number) > (prop(entry, 'maxCount') as number)) {
      issues.push({ path: `${p}.minCount`, value: prop(entry, 'minCount'), expected: `at most maxCount (${prop(entry, 'maxCount')})` });
    }
    return issues;
  });
}

export function validateApiConfig(api: unknown, path: string): ConfigIssue[] {
  if (isObject(api, path).length) return isObject(api, path);
  const known = [
    'cpu',
    'memoryMiB',
    'architecture',
    'image',
    'containerPort',
    'desiredCount',
    'minCount',
    'maxCount',
    'healthCheckGraceSeconds',
    'minHealthyPercent',
    'scaling',
    'deployment',
    'scheduledCapacity',
  ];
  const scaling = prop(api, 'scaling');
  const deployment = prop(api, 'deployment');
  const issues = [
    ...unknownKeys(api, path, known),
    ...validateSizing(api, path),
    ...validateCounts(api, path),
    ...integerIn(prop(api, 'containerPort'), `${path}.containerPort`, 1024, 65535),
    ...integerIn(prop(api, 'healthCheckGraceSeconds'), `${path}.healthCheckGraceSeconds`, 0, 600),
    ...integerIn(prop(api, 'minHealthyPercent'), `${path}.minHealthyPercent`, 0, 100),
    ...unknownKeys(scaling, `${path}.scaling`, ['cpuTargetPercent', 'memoryTargetPercent', 'requestsPerTarget', 'latencyScaleOutSeconds']),
    ...integerIn(prop(scaling, 'cpuTargetPercent'), `${path}.scaling.cpuTargetPercent`, 10, 95),
    ...integerIn(prop(scaling, 'memoryTargetPercent'), `${path}.scaling.memoryTargetPercent`, 10, 95),
    ...integerIn(prop(scaling, 'requestsPerTarget'), `${path}.scaling.requestsPerTarget`, 1, 100000),
    ...numberIn(prop(scaling, 'latencyScaleOutSeconds'), `${path}.scaling.latencyScaleOutSeconds`, 0.1, 60, 'seconds'),
    ...unknownKeys(deployment, `${path}.deployment`, ['strategy', 'canaryPercent', 'linearStepPercent', 'bakeMinutes']),
    ...oneOf(prop(deployment, 'strategy'), `${path}.deployment.strategy`, ['rolling', 'blue-green', 'canary', 'linear']),
    ...integerIn(prop(deployment, 'canaryPercent'), `${path}.deployment.canaryPercent`, 1, 99),
    ...integerIn(prop(deployment, 'linearStepPercent'), `${path}.deployment.linearStepPercent`, 3, 99),
    ...integerIn(prop(deployment, 'bakeMinutes'), `${path}.deployment.bakeMinutes`, 0, 1440),
    ...validateScheduledCapacity(prop(api, 'scheduledCapacity'), `${path}.scheduledCapacity`),
  ];
  return issues;
}

export function validateWorkerConfig(worker: unknown, path: string): ConfigIssue[] {
  if (isObject(worker, path).length) return isObject(worker, path);
  const known = [
    'cpu',
    'memoryMiB',
    'architecture',
    'image',
    'desiredCount',
    'minCount',
    'maxCount',
    'spotPercent',
    'backlogScaleOutMessages',
    'scheduledCapacity',
  ];
  return [
    ...unknownKeys(worker, path, known),
    ...validateSizing(worker, path),
    ...validateCounts(worker, path),
    ...integerIn(prop(worker, 'spotPercent'), `${path}.spotPercent`, 0, 100),
    ...integerIn(prop(worker, 'backlogScaleOutMessages'), `${path}.backlogScaleOutMessages`, 1, 1_000_000),
    ...validateScheduledCapacity(prop(worker, 'scheduledCapacity'), `${path}.scheduledCapacity`),
  ];
}

export function validateQueueConfig(queue: unknown, path: string): ConfigIssue[] {
  if (isObject(queue, path).length) return isObject(queue, path);
  return [
    ...unknownKeys(queue, path, ['maxReceiveCount', 'visibilityTimeoutSeconds', 'retentionDays']),
    ...integerIn(prop(queue, 'maxReceiveCount'), `${path}.maxReceiveCount`, 1, 1000),
    ...integerIn(prop(queue, 'visibilityTimeoutSeconds'), `${path}.visibilityTimeoutSeconds`, 0, 43200),
    ...integerIn(prop(queue, 'retentionDays'), `${path}.retentionDays`, 1, 14),
  ];
}
