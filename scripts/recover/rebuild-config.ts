import { ConfigValidationError, formatIssue } from '../../lib/config/config-issue';
import { DB_SNAPSHOT_REFERENCE } from '../../lib/config/data';
import { isAzOf, regionFacts } from '../../lib/config/limits/regions';
import { deepMerge } from '../../lib/config/merge';
import { ConfigInputs, resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { StageConfig } from '../../lib/config/types';
import { RecordedStage } from './recorded-stage';
import { RecoverInputError } from './recover-error';

/** What the operator asked for (the CLI's flags), before anything is checked. */
export interface RebuildRequest {
  /** `--stage` */
  readonly stage: string;
  /** `--region`: where the stage is rebuilt, normally its `backup.drRegion`. */
  readonly region: string;
  /** `--azs`: AZs of `region`. @default the stage's AZ letters in `region` (eu-west-1a,b,c → eu-central-1a,b,c) */
  readonly availabilityZones?: readonly string[];
  /** `--next-dr-region`: where the rebuilt stage copies its snapshots. @default the lost region: copies paused until it is back */
  readonly nextDrRegion?: string;
  /** `--snapshot`: the off-site copy the database is restored from (identifier or ARN in `region`). */
  readonly snapshot?: string;
  /** `--certificate-arn`: an ACM certificate in `region` for the ALB's `ingress.domainName`. */
  readonly certificateArn?: string;
  /** `--api-image` / `--worker-image`: override the images the backup recorded. */
  readonly apiImage?: string;
  readonly workerImage?: string;
  /** `--config-file`: the team's override file as deployed (`{ "<stage>": {...} }`: real certificates, names); the rebuild's changes go on top. */
  readonly overrides?: unknown;
}

/** A rebuild's config, and how `cdk deploy` is given the same one (bin/app.ts's context). */
export interface RebuildConfig {
  readonly stage: StageName;
  /** The region that was lost (the stage's region in its table and in the backup). */
  readonly lostRegion: string;
  readonly config: StageConfig;
  /** The override file's content (`-c configFile=<file>`): `{ "<stage>": { ...changes... } }`. */
  readonly overrides: Record<string, unknown>;
  /** The inputs resolveStages is given, here and by bin/app.ts on `--execute`. */
  readonly inputs: ConfigInputs;
  /** The stage's DR region before the rebuild (`backup.drRegion`), where the copies and the old `<stage>-dr` stack are: the rebuild's region. */
  readonly formerDrRegion: string;
  /** True when `nextDrRegion` is the lost region: the `<stage>-dr` stack waits for fail-back and no copies are made meanwhile. */
  readonly drCopiesPaused: boolean;
  /** CDN alternate names left on the existing distribution (an alternate name belongs to one distribution). */
  readonly namesLeftOnOldDistribution: readonly string[];
  /** What was changed from the stage's table, and why: printed with the plan. */
  readonly changes: readonly string[];
}

const SNAPSHOT_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):snapshot:/;
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;

/**
 * The stage's config rebuilt for `request.region`: its table with the region, AZs, DR region,
 * database snapshot and images of the rebuild, validated exactly as bin/app.ts validates it. Every
 * problem is reported at once, naming the flag (or the config field) at fault.
 */
export function rebuildConfig(request: RebuildRequest, recorded: RecordedStage): RebuildConfig {
  if (!STAGE_NAMES.includes(request.stage as StageName))
    throw new RecoverInputError([`--stage: unknown stage ${JSON.stringify(request.stage)}; known stages: ${STAGE_NAMES.join(', ')}`]);
  const stage = request.stage as StageName;
  const problems: string[] = [];
  const changes: string[] = [];
  const teamFile = request.overrides;
  if (teamFile !== undefined && (typeof teamFile !== 'object' || teamFile === null || Array.isArray(teamFile)))
    throw new RecoverInputError([
      `--config-file: expected { "<stage>": { ...settings... } }, the override file the stage is deployed with`,
    ]);
  const teamOverride = (teamFile as Record<string, unknown> | undefined)?.[stage];
  // The stage as deployed: its table with the team's overrides (validated below, with the rebuild's changes).
  const table = deepMerge(STAGES[stage], teamOverride) as StageConfig;
  const lostRegion = recorded.region;
  // The backup names the account the stage ran in; the table may hold a placeholder set at deploy time.
  const account = recorded.account;

  const formerDrRegion = table.backup.drRegion;
  if (!regionFacts(request.region))
    problems.push(`--region: ${JSON.stringify(request.region)} is not an AWS region code (e.g. "${table.backup.drRegion}")`);
  else if (request.region === table.env.region || request.region === lostRegion)
    problems.push(
      `--region: ${request.region} is the stage's own region (${stage}.env.region${lostRegion !== table.env.region ? `, and ${lostRegion} where the backup was taken` : ''}); a rebuild goes to the stage's DR region, ${stage}.backup.drRegion (${formerDrRegion})`,
    );
  else if (request.region !== formerDrRegion)
    problems.push(
      `--region: the off-site copies and their key (the ${stage}-dr stack) are in ${formerDrRegion} (${stage}.backup.drRegion), not in ${request.region}; rebuild in ${formerDrRegion}`,
    );

  const azs = request.availabilityZones ?? table.network.availabilityZones.map((az) => `${request.region}${az.slice(-1)}`);
  if (regionFacts(request.region)) {
    const foreign = azs.filter((az) => !isAzOf(az, request.region));
    if (foreign.length > 0)
      problems.push(
        `--azs: ${foreign.join(', ')} ${foreign.length === 1 ? 'is not an availability zone' : 'are not availability zones'} of ${request.region} (${stage}.network.availabilityZones must be AZs of the rebuild's region; e.g. ${request.region}a,${request.region}b,${request.region}c)`,
      );
  }

  const nextDrRegion = request.nextDrRegion ?? lostRegion;
  if (!regionFacts(nextDrRegion)) problems.push(`--next-dr-region: ${JSON.stringify(nextDrRegion)} is not an AWS region code`);
  // Said only of a region the operator chose: the default (the lost region) equals --region only when --region is wrong, which is said above.
  else if (nextDrRegion === request.region && request.nextDrRegion !== undefined)
    problems.push(
      `--next-dr-region: ${nextDrRegion} is the rebuild's own region; the off-site copies must go to another region (${stage}.backup.drRegion)`,
    );

  if (!request.snapshot)
    problems.push(
      `--snapshot: no off-site copy given; pass the newest DR copy's ARN (aws rds describe-db-snapshots --region ${request.region} --snapshot-type manual), or run with credentials to find it`,
    );
  else if (!DB_SNAPSHOT_REFERENCE.test(request.snapshot))
    problems.push(
      `--snapshot: ${JSON.stringify(request.snapshot)} is not a DB snapshot identifier or ARN (arn:aws:rds:<region>:<account>:snapshot:<id>)`,
    );
  else {
    const arn = SNAPSHOT_ARN.exec(request.snapshot);
    if (arn && arn[1] !== request.region)
      problems.push(
        `--snapshot: ${request.snapshot} is in ${arn[1]}; the database is restored from a copy in the rebuild's region ${request.region}`,
      );
    if (arn && arn[2] !== account)
      problems.push(
        `--snapshot: ${request.snapshot} belongs to account ${arn[2]}, not to ${stage}'s account ${account} (from the config backup)`,
      );
  }

  const certificate = request.certificateArn ?? table.ingress.certificateArn;
  const certificateRegion = certificate?.split(':')[3];
  if (certificate && certificateRegion !== request.region)
    problems.push(
      `--certificate-arn: ${stage}.ingress.certificateArn is in ${certificateRegion}; an ALB takes a certificate of its own region: request or import one for ${table.ingress.domainName ?? 'the origin name'} in ${request.region} and pass its ARN`,
    );

  const images = { api: request.apiImage ?? recorded.images.api, worker: request.workerImage ?? recorded.images.worker };
  for (const [name, uri] of Object.entries(images))
    if (!uri) problems.push(`--${name}-image: the backup records no "${name}" container image; pass the image to run`);
  if (problems.length > 0) throw new RecoverInputError(problems);

  const moved = (uri: string) => moveEcrImage(uri, request.region);
  const apiImage = moved(images.api!);
  const workerImage = moved(images.worker!);
  for (const [name, from, to] of [
    ['api', images.api!, apiImage],
    ['worker', images.worker!, workerImage],
  ])
    changes.push(
      from === to
        ? `${name} image: ${to} (as recorded)`
        : `${name} image: ${to} (the recorded ${from}, from the rebuild region's ECR replica)`,
    );

  const partition = regionFacts(request.region)!.partition;
  // The DR restore test's landing zone follows the copies: the same AZ letters in the next DR region,
  // and no monthly test while the copies are paused (its region is the lost one).
  const tableDr = table.restoreTest.dr;
  const drAzs = tableDr.availabilityZones.map((az) => `${nextDrRegion}${az.slice(table.backup.drRegion.length)}`);
  const drTestEnabled = nextDrRegion !== lostRegion && tableDr.enabled;
  const override: Record<string, unknown> = {
    env: { account, region: request.region },
    network: { availabilityZones: azs },
    backup: { drRegion: nextDrRegion },
    database: { restoreFromSnapshot: request.snapshot },
    restoreTest: { dr: { availabilityZones: drAzs, enabled: drTestEnabled } },
    ...(certificate ? { ingress: { certificateArn: certificate } } : {}),
    delivery: {
      // IAM is global: the account's provider outlived the region; creating a second one fails.
      createOidcProvider: false,
      existingOidcProviderArn: `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
      // An alternate domain name belongs to one distribution, and the old one still holds it.
      ...(table.delivery.cdn.enabled && table.delivery.cdn.domainNames?.length ? { cdn: { domainNames: null, certificateArn: null } } : {}),
    },
  };
  changes.push(
    `env.account: ${account} (from the config backup${account !== table.env.account ? `; the stage table says ${table.env.account}` : ''})`,
    `env.region: ${request.region} (was ${lostRegion})`,
    `network.availabilityZones: ${azs.join(', ')}`,
    nextDrRegion === lostRegion
      ? `backup.drRegion: ${nextDrRegion}, the lost region: off-site copies paused, the ${stage}-dr stack deployed there at fail-back (pass --next-dr-region to copy elsewhere now)`
      : `backup.drRegion: ${nextDrRegion} (copies resume there once the ${stage}-dr stack is deployed)`,
    `database.restoreFromSnapshot: ${request.snapshot}`,
    `restoreTest.dr: ${drTestEnabled ? 'on' : 'off'}, landing zone in ${drAzs.join(', ')}${nextDrRegion === lostRegion ? ' (no DR restore test while copies are paused)' : ''}`,
    ...(certificate ? [`ingress.certificateArn: ${certificate}`] : []),
    `delivery.createOidcProvider: false (the account's GitHub OIDC provider is global and still exists)`,
    ...((override.delivery as { cdn?: unknown }).cdn
      ? [
          `delivery.cdn.domainNames: none on the new distribution (${table.delivery.cdn.domainNames!.join(', ')} stay on the existing one, whose origin name is switched to the new ALB)`,
        ]
      : []),
  );
  // The team's file stays whole (resolveStages reads its other stages too); the rebuild's changes win for this stage.
  const overrides = { ...((teamFile as Record<string, unknown> | undefined) ?? {}), [stage]: layer(teamOverride, override) };
  const inputs: ConfigInputs = { stage, overrides, apiImage, workerImage };
  let config: StageConfig;
  try {
    [config] = resolveStageConfigs(inputs);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      throw new RecoverInputError(error.issues.map((issue) => `rebuilt config: ${formatIssue(issue)}`));
    throw error;
  }
  const namesLeftOnOldDistribution = (override.delivery as { cdn?: unknown }).cdn ? [...(table.delivery.cdn.domainNames ?? [])] : [];
  return {
    stage,
    lostRegion,
    formerDrRegion,
    config,
    overrides,
    inputs,
    drCopiesPaused: nextDrRegion === lostRegion,
    namesLeftOnOldDistribution,
    changes,
  };
}

/**
 * One override file's content on top of another's, as two files given in a row would apply: unlike
 * deepMerge, a `null` (remove this setting) stays in, so it still removes the table's value.
 */
function layer(below: unknown, above: unknown): unknown {
  const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isPlain(below) || !isPlain(above)) return above === undefined ? below : above;
  const merged: Record<string, unknown> = { ...below };
  for (const [key, value] of Object.entries(above)) merged[key] = value === null ? null : layer(below[key], value);
  return merged;
}

/** An image of the stage's private ECR, named in the rebuild's region (ECR replication keeps the same repository and digest). */
export function moveEcrImage(uri: string, region: string): string {
  const match = ECR_IMAGE.exec(uri);
  return match ? uri.replace(ECR_IMAGE, `${match[1]}.dkr.ecr.${region}.amazonaws.com${match[3] ?? ''}/`) : uri;
}
