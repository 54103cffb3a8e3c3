import type { StageConfig } from '../../lib/config/types';
import type { MeasuredRestore } from './measured-restore';
import type { RebuildConfig } from './rebuild-config';
import type { RecordedStage } from './recorded-stage';
import type { RebuiltStack } from './synth';

/**
 * Minutes CloudFormation takes to create the slow resource types of this app, beyond the stack's
 * base. Sources: AWS documentation where it states one, otherwise creation times observed for
 * these resources (ranges below, the upper end used). Everything not listed counts as fast.
 */
export const SLOW_RESOURCE_MINUTES: Readonly<Record<string, { readonly minutes: number; readonly basis: string }>> = {
  'AWS::ElastiCache::ReplicationGroup': { minutes: 20, basis: 'a Multi-AZ replication group: 15-20 min to available' },
  'AWS::EC2::NatGateway': { minutes: 5, basis: 'NAT gateways: 2-5 min, created in parallel' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { minutes: 5, basis: 'ALB provisioning: 3-5 min' },
  'AWS::ECS::Service': {
    minutes: 10,
    basis: 'CloudFormation waits for a steady service: image pull, health checks and grace period, 5-10 min',
  },
  'AWS::CloudFront::Distribution': { minutes: 15, basis: 'CloudFront deploys a distribution to every edge location: 5-15 min' },
};

/** Every stack: change set, IAM propagation, then its resources, mostly in parallel. */
export const STACK_BASE_MINUTES = 2;
/** Fast resources (IAM, Lambda, alarms, ...) add about 3 s each: CloudFormation's own pace with its dependencies. */
export const FAST_RESOURCE_MINUTES = 0.05;
/**
 * The measured restore (a restore test restores the same snapshots at a smaller class) times this:
 * a production class and the Multi-AZ standby created with the primary take longer than the test copy.
 */
export const RESTORE_MARGIN = 1.25;

/** Resources created one after the other inside a stack (the service needs the load balancer's listener). */
const SEQUENTIAL: ReadonlyArray<readonly [string, string]> = [['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ECS::Service']];

export type StepPhase = 'before deploy' | 'deploy' | 'after deploy' | 'after recovery';

export interface PlanStep {
  readonly phase: StepPhase;
  readonly name: string;
  /** Estimated minutes; for a stack, its own duration (stacks deploy concurrently where dependencies allow). */
  readonly minutes: number;
  /** Where the estimate comes from. */
  readonly basis: string;
  /** Commands or items the step covers. */
  readonly detail: readonly string[];
  /** Steps marked manual are done by a person; the rest by `npm run recover -- --execute`. */
  readonly manual: boolean;
}

export interface StackPlan {
  readonly stack: RebuiltStack;
  readonly minutes: number;
  /** Minutes after the deploy starts that it is expected to finish (the concurrent deploy's critical path). */
  readonly finishesAt: number;
  readonly basis: string;
  /** Not deployed now (the `<stage>-dr` stack while the lost region is its target). */
  readonly deferred: boolean;
}

export interface RecoveryPlan {
  readonly stage: string;
  readonly fromRegion: string;
  readonly toRegion: string;
  readonly stacks: readonly StackPlan[];
  readonly steps: readonly PlanStep[];
  /** Steps counted towards the RTO, deploy included as its critical path. */
  readonly totalMinutes: number;
  readonly rtoMinutes: number;
  readonly fits: boolean;
  readonly measured: MeasuredRestore;
}

/** One stack's duration and why; the data stack's database from the measured restore. */
export function stackMinutes(stack: RebuiltStack, config: StageConfig, measured: MeasuredRestore): { minutes: number; basis: string } {
  const types = stack.resourceTypes;
  const fast = stack.resourceCount * FAST_RESOURCE_MINUTES;
  const chains: Array<{ minutes: number; basis: string }> = [];
  for (const [type, slow] of Object.entries(SLOW_RESOURCE_MINUTES))
    if (types[type] && !SEQUENTIAL.some(([, after]) => after === type)) {
      const after = SEQUENTIAL.find(([before]) => before === type)?.[1];
      const next = after && types[after] ? SLOW_RESOURCE_MINUTES[after] : undefined;
      chains.push({
        minutes: slow.minutes + (next?.minutes ?? 0),
        basis: next
          ? `${type.split('::')[2]} then ${after!.split('::')[2]} (${slow.basis}; ${next.basis})`
          : `${type.split('::')[2]} (${slow.basis})`,
      });
    }
  if (types['AWS::ECS::Service'] && !types['AWS::ElasticLoadBalancingV2::LoadBalancer'])
    chains.push({
      minutes: SLOW_RESOURCE_MINUTES['AWS::ECS::Service'].minutes,
      basis: `Service (${SLOW_RESOURCE_MINUTES['AWS::ECS::Service'].basis})`,
    });
  if (types['AWS::RDS::DBInstance'] && config.database.restoreFromSnapshot) {
    const measuredMinutes = measured.durationSeconds / 60;
    const primary = measuredMinutes * RESTORE_MARGIN;
    const replicas = config.database.readReplicas > 0 ? measuredMinutes : 0;
    chains.push({
      minutes: primary + replicas,
      basis:
        `database restored from the off-site copy: the ${measured.kind === 'dr' ? 'DR' : 'primary'} restore test of ${measured.startedAt.slice(0, 10)} took ${round(measuredMinutes)} min to a verified copy, × ${RESTORE_MARGIN} for the production class and Multi-AZ standby` +
        (replicas
          ? `, then ${config.database.readReplicas} read replicas in parallel, each seeded like a restore (+${round(replicas)} min)`
          : ''),
    });
  }
  const slowest = chains.reduce((a, b) => (b.minutes > a.minutes ? b : a), { minutes: 0, basis: 'no slow resources' });
  return {
    minutes: STACK_BASE_MINUTES + slowest.minutes + fast,
    basis: `${STACK_BASE_MINUTES} min base + ${slowest.basis}${slowest.minutes ? ` ${round(slowest.minutes)} min` : ''} + ${stack.resourceCount} resources × ${FAST_RESOURCE_MINUTES * 60} s`,
  };
}

/** Each stack's finish time when `cdk deploy --concurrency` starts it as soon as the stacks it depends on are done. */
export function scheduleStacks(
  stacks: readonly RebuiltStack[],
  config: StageConfig,
  measured: MeasuredRestore,
  deferred: ReadonlySet<string>,
): StackPlan[] {
  const finish = new Map<string, number>();
  return stacks.map((stack) => {
    const { minutes, basis } = stackMinutes(stack, config, measured);
    const isDeferred = deferred.has(stack.stackName);
    const start = Math.max(0, ...stack.dependencies.map((d) => finish.get(d) ?? 0));
    const finishesAt = isDeferred ? start : start + minutes;
    finish.set(stack.stackName, finishesAt);
    return { stack, minutes, finishesAt, basis, deferred: isDeferred };
  });
}

/** Fixed estimates of the manual steps; each names what it covers. */
export const MANUAL_MINUTES = {
  bootstrapCheck: 2,
  bootstrap: 5,
  perSecretOrParameter: 2,
  secretsBase: 5,
  imageCheck: 5,
  certificateCheck: 2,
  dnsSwitch: 5,
  dnsTtl: 5,
  verify: 15,
} as const;

export interface PlanInputs {
  readonly rebuild: RebuildConfig;
  readonly recorded: RecordedStage;
  readonly stacks: readonly RebuiltStack[];
  readonly measured: MeasuredRestore;
  /** When the restored snapshot's data was captured, when known (read with credentials). */
  readonly snapshotTakenAt?: string;
}

/** The whole plan: steps before the deploy, the deploy's stacks in order, the switch and checks after it, and the total against the RTO. */
export function buildPlan({ rebuild, recorded, stacks, measured, snapshotTakenAt }: PlanInputs): RecoveryPlan {
  const { config, stage, lostRegion } = rebuild;
  const region = config.env.region;
  // While the lost region is the DR region, whatever deploys there (the <stage>-dr stack) waits for fail-back.
  const deferred = new Set(rebuild.drCopiesPaused ? stacks.filter((s) => s.region === lostRegion).map((s) => s.stackName) : []);
  const stackPlans = scheduleStacks(stacks, config, measured, deferred);
  const deployMinutes = Math.max(0, ...stackPlans.map((s) => s.finishesAt));

  // A recorded secret the rebuilt containers read from a secret the stacks create comes back by itself.
  const created = stacks.flatMap((s) => s.containerSecrets).filter((s) => s.created);
  const isCreated = (r: RecordedStage['containerSecrets'][number]) => created.some((c) => c.container === r.container && c.name === r.name);
  const manualSecrets = [...new Set(recorded.containerSecrets.filter((r) => !isCreated(r)).map((r) => secretArn(r.valueFrom)))].sort();
  const recreated = new Set(recorded.containerSecrets.filter(isCreated).map((r) => secretArn(r.valueFrom))).size;
  const secretName = (arn: string) => arn.split(':').slice(6).join(':') || arn;
  const items = [
    ...manualSecrets.map((arn) => `secret ${secretName(arn)} (read by the containers; recreate it in ${region} and update the reference)`),
    ...recorded.parameters.map((p) =>
      p.type === 'SecureString'
        ? `parameter ${p.name} (SecureString: its value is not in the backup; take it from the team's secret store)`
        : `parameter ${p.name} = ${JSON.stringify(p.value ?? '')} (from the backup)`,
    ),
  ];
  // The rebuild's region is the former DR region (rebuildConfig holds it), bootstrapped for the <stage>-dr stack; a next DR region is new.
  const secondRegionBootstrap = !rebuild.drCopiesPaused;
  const bootstrapMinutes = MANUAL_MINUTES.bootstrapCheck + (secondRegionBootstrap ? MANUAL_MINUTES.bootstrap : 0);
  const ingressName = config.ingress.domainName;
  const steps: PlanStep[] = [
    {
      phase: 'before deploy',
      name: `CDK bootstrap of ${region}${secondRegionBootstrap ? ` and ${config.backup.drRegion}` : ''}`,
      minutes: bootstrapMinutes,
      basis: `${region} holds the ${stage}-dr stack, so it is normally bootstrapped already (${MANUAL_MINUTES.bootstrapCheck} min to check)${secondRegionBootstrap ? `; a new DR region takes about ${MANUAL_MINUTES.bootstrap} min` : ''}`,
      detail: [
        `aws cloudformation describe-stacks --stack-name CDKToolkit --region ${region}   # missing: npx cdk bootstrap aws://${config.env.account}/${region}`,
        ...(secondRegionBootstrap ? [`npx cdk bootstrap aws://${config.env.account}/${config.backup.drRegion}`] : []),
      ],
      manual: true,
    },
    {
      phase: 'before deploy',
      name: `Secrets and parameters in ${region}`,
      minutes: MANUAL_MINUTES.secretsBase + items.length * MANUAL_MINUTES.perSecretOrParameter,
      basis: `${MANUAL_MINUTES.secretsBase} min + ${MANUAL_MINUTES.perSecretOrParameter} min for each of ${items.length} items; ${recreated} recorded secret${recreated === 1 ? ' is' : 's are'} created anew by the stacks (database and cache credentials)`,
      detail: items.length > 0 ? items : ['none: every secret the containers read is created by the stacks'],
      manual: true,
    },
    {
      phase: 'before deploy',
      name: `Images and keys in ${region}`,
      minutes: MANUAL_MINUTES.imageCheck,
      basis: 'describe-images on the replica repositories; the DR key is already there',
      detail: [
        `aws ecr describe-images --region ${region} --repository-name <repo> --image-ids imageDigest=<digest>   # for ${config.api.image.uri} and ${config.worker.image.uri}`,
        `Not there (no ECR replication rule to ${region})? Push the same images to ${region} from CI, or pass --api-image / --worker-image`,
        `The restored database, its replicas and snapshots stay encrypted with the DR key (alias/${config.project}-${stage}-backup-dr in ${region}; the backup and restore-test roles are granted it): keep the old ${stage}-dr stack in ${region}, never schedule that key's deletion`,
      ],
      manual: true,
    },
    ...(config.ingress.certificateArn
      ? [
          {
            phase: 'before deploy' as const,
            name: `Certificate for ${ingressName ?? 'the ALB'} in ${region}`,
            minutes: MANUAL_MINUTES.certificateCheck,
            basis: 'an issued certificate is passed with --certificate-arn; requesting one with DNS validation takes 5-30 min more',
            detail: [
              `aws acm describe-certificate --region ${region} --certificate-arn ${config.ingress.certificateArn}   # Status ISSUED`,
            ],
            manual: true,
          },
        ]
      : []),
    {
      phase: 'deploy',
      name: `cdk deploy of ${stackPlans.filter((s) => !s.deferred).length} stacks, concurrently where dependencies allow`,
      minutes: deployMinutes,
      basis: 'the critical path through the stacks below (their own estimates)',
      detail: [`npm run recover -- --stage ${stage} --region ${region} --execute (same flags as this dry run)`],
      manual: false,
    },
    {
      phase: 'after deploy',
      name: config.delivery.cdn.enabled
        ? `Origin switch: ${ingressName} to the new ALB`
        : `DNS switch: ${ingressName ?? 'the stage name'} to the new ALB`,
      minutes: MANUAL_MINUTES.dnsSwitch + MANUAL_MINUTES.dnsTtl,
      basis: `${MANUAL_MINUTES.dnsSwitch} min to change the record + ${MANUAL_MINUTES.dnsTtl} min for a 300 s TTL to expire`,
      detail: [
        `Point ${ingressName ?? "the stage's DNS name"} (CNAME/alias) at the new ALB: the ${stage}-services stack's load balancer DNS name in ${region}`,
        ...(config.delivery.cdn.enabled
          ? [
              `The existing CloudFront distribution (global, still serving ${rebuild.namesLeftOnOldDistribution.join(', ') || 'its own name'}) reaches the origin by that name: no CloudFront change. If it is unusable, move its alternate names to the new distribution (aws cloudfront associate-alias)`,
            ]
          : []),
      ],
      manual: true,
    },
    {
      phase: 'after deploy',
      name: 'Verify',
      minutes: MANUAL_MINUTES.verify,
      basis: 'health check, a smoke test, row counts of the restored database against the snapshot manifest',
      detail: [
        `curl -fsS https://${rebuild.namesLeftOnOldDistribution[0] ?? ingressName ?? '<stage name>'}${config.recovery.healthCheck.path}`,
        `Dashboard ${stage}: API 5xx and latency, ECS running tasks, database connections in ${region}`,
        `The data is as of the snapshot${snapshotTakenAt ? `, ${snapshotTakenAt}` : ''} (${rebuild.config.database.restoreFromSnapshot}): later writes are missing until fail-back (the RPO)`,
      ],
      manual: true,
    },
    {
      phase: 'after recovery',
      name: rebuild.drCopiesPaused ? `Off-site copies paused until ${lostRegion} is back` : `Off-site copies to ${config.backup.drRegion}`,
      minutes: 0,
      basis: 'not part of the RTO',
      detail: rebuild.drCopiesPaused
        ? [
            `The ${stage}-dr stack targets ${lostRegion}; it is not deployed now and the hourly copy fails (its BackupSucceeded alarm fires) until fail-back, or until a rerun with --next-dr-region <region>`,
          ]
        : [`Deployed with the stage; check LatestDrSnapshotAgeHours after the first daily snapshot`],
      manual: true,
    },
    ...globalDuplicates(stacks),
    {
      phase: 'after recovery',
      name: 'CI access',
      minutes: 0,
      basis: 'not part of the RTO',
      detail: [
        `The GitHub OIDC provider is global and kept; the CI roles are recreated by the ${stage}-delivery stack. Set the stage's GitHub environment to region ${region} (and the new role ARN from the stack outputs) before the next pipeline deploy`,
      ],
      manual: true,
    },
  ];
  const totalMinutes = steps.filter((s) => s.phase !== 'after recovery').reduce((sum, s) => sum + s.minutes, 0);
  const rtoMinutes = config.recovery.regionRecovery.rtoMinutes;
  return {
    stage,
    fromRegion: lostRegion,
    toRegion: region,
    stacks: stackPlans,
    steps,
    totalMinutes,
    rtoMinutes,
    fits: totalMinutes <= rtoMinutes,
    measured,
  };
}

/**
 * Resource types that are account-wide, not regional: the lost region's stacks still hold theirs,
 * beyond reach of CloudFormation until the region is back, so the rebuild makes second ones.
 */
export const ACCOUNT_WIDE_TYPES: Readonly<Record<string, string>> = {
  'AWS::Budgets::Budget': 'budget',
  'AWS::CE::AnomalyMonitor': 'cost anomaly monitor',
  'AWS::CE::AnomalySubscription': 'cost anomaly subscription',
  'AWS::CloudFront::Distribution': 'CloudFront distribution',
};

function globalDuplicates(stacks: readonly RebuiltStack[]): PlanStep[] {
  const found = stacks.flatMap((stack) =>
    Object.entries(ACCOUNT_WIDE_TYPES).flatMap(([type, what]) =>
      stack.resourceTypes[type]
        ? [`${stack.stackName}: ${stack.resourceTypes[type]} ${what}${stack.resourceTypes[type] > 1 ? 's' : ''} (${type})`]
        : [],
    ),
  );
  if (found.length === 0) return [];
  return [
    {
      phase: 'after recovery',
      name: 'Account-wide resources, now twice',
      minutes: 0,
      basis: 'not part of the RTO',
      detail: [
        ...found,
        'The old ones belong to stacks of the lost region: budgets and anomaly monitors watching the same Stage tag alert twice until fail-back deletes the rebuilt stacks (or delete the old ones by hand: aws budgets delete-budget, aws ce delete-anomaly-monitor)',
      ],
      manual: true,
    },
  ];
}

/** The secret a `valueFrom` names: a Secrets Manager ARN without its `:<json-key>:<stage>:<version>` suffix; an SSM ARN as it is. */
export function secretArn(valueFrom: string): string {
  return valueFrom.startsWith('arn:') && valueFrom.split(':')[2] === 'secretsmanager'
    ? valueFrom.split(':').slice(0, 7).join(':')
    : valueFrom;
}

export function round(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}
