/**
 * `npm run status -- --stage <stage>`: one screen on a live stage, read-only, with the AWS SDK.
 * The sections are read at once and each on its own: one that fails (AccessDenied, a missing
 * stack) says why and the others still print. Without credentials it says so and exits 1.
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { BACKUP_KIND_LABELS } from '../../lib/constructs/backup/snapshot-metrics';
import { CliError, type CliIo, exitWith, processIo, progress, requireStage, runCli, UsageError } from '../support/cli';
import { readAlarms, readBackupAges, readMonthToDateCost, readRecovery, readServices } from './aws';
import { formatStatus } from './format';
import type { Section, SeverityOf, StatusReport } from './model';
import { catalogSeverity } from './severity';

export const USAGE = `Usage: npm run status -- --stage <stage> [--region <region>] [--profile <name>] [--config-file <overrides.json>] [--json]

One screen on a deployed stage, read live and read-only with the AWS SDK:
  - alarms in ALARM, grouped by severity (critical, warning);
  - each ECS service's running/desired tasks and its last deployment;
  - the newest backup of each kind and its age (the backup monitor's hourly reading);
  - the last restore test of the database and the cache (RTO, RPO) and the last failover drills;
  - month-to-date cost of the resources tagged with the stage (Cost Explorer, $0.01 a call).
A section that cannot be read says why; the others still print.

Options:
  --stage <stage>          dev, staging or prod
  --region <region>        the stage's region (default: the stage config's)
  --profile <name>         an AWS profile from ~/.aws/config (default: AWS_PROFILE or the default chain)
  --config-file <file>     the override file given to cdk (-c configFile=...), for the stage's account and region
  --json                   the report as JSON
  -h, --help               this text

Needs AWS credentials for the stage's account; docs/operations.md lists the IAM actions.`;

const OPTIONS = {
  stage: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'config-file': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The SDK clients a status read uses; tests pass clients whose `send` aws-sdk-client-mock answers. */
export interface StatusClients {
  readonly cloudwatch: CloudWatchClient;
  readonly cloudformation: CloudFormationClient;
  readonly ecs: ECSClient;
  readonly costExplorer: CostExplorerClient;
}

export interface StatusDependencies {
  /** Where credentials come from. @default the SDK's default chain (with --profile when given) */
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly now?: () => Date;
}

export function createClients(region: string, profile: string | undefined, credentials?: AwsCredentialIdentityProvider): StatusClients {
  const common = { ...(profile ? { profile } : {}), ...(credentials ? { credentials } : {}), maxAttempts: 3 };
  return {
    cloudwatch: new CloudWatchClient({ ...common, region }),
    cloudformation: new CloudFormationClient({ ...common, region }),
    ecs: new ECSClient({ ...common, region }),
    // Cost Explorer has one endpoint, in us-east-1.
    costExplorer: new CostExplorerClient({ ...common, region: 'us-east-1' }),
  };
}

const NO_CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED_CREDENTIAL_ERRORS = new Set(['ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'InvalidClientTokenId']);

function isNoCredentials(error: unknown): boolean {
  return NO_CREDENTIAL_ERRORS.has((error as Error)?.name);
}

function noCredentials(profile: string | undefined, why: string): CliError {
  return new CliError(
    `no AWS credentials${profile ? ` for profile "${profile}"` : ''}: set AWS_PROFILE or pass --profile <name> (after \`aws sso login\`), ` +
      `or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the stage's account. (${why})`,
    1,
  );
}

/** "AccessDeniedException: User … is not authorized to perform: ecs:DescribeServices …" */
function reasonOf(error: unknown): string {
  const e = error as Error & { Code?: string };
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : '';
  return `${name}${(e?.message ?? String(error)).split('\n')[0]}`;
}

async function settle<T>(read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (isNoCredentials(error)) throw error;
    return { ok: false, reason: reasonOf(error) };
  }
}

function readOverrides(file: string | undefined): unknown {
  if (file === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config-file: cannot read ${file} as JSON (${(error as Error).message})`);
  }
}

/**
 * Reads every section with `clients` and returns the report; pure of process state, so tests give
 * it mocked clients. Throws a CliError when there are no credentials at all.
 */
export async function readStatus(
  clients: StatusClients,
  stage: string,
  config: ReturnType<typeof resolveStageConfigs>[number],
  region: string,
  now: Date,
  step: (text: string) => void,
): Promise<StatusReport> {
  step(`reading alarms, services, backups, recovery and cost in ${region}…`);
  const [alarms, services, backups, recovery, cost] = await Promise.all([
    settle(() => readAlarms(clients.cloudwatch, stage)),
    settle(() => readServices(clients.cloudformation, clients.ecs, stage)),
    settle(() => readBackupAges(clients.cloudwatch, stage, BACKUP_KIND_LABELS, now)),
    settle(() =>
      readRecovery(
        clients.cloudwatch,
        stage,
        {
          restoreTestsEnabled: config.restoreTest.enabled,
          rtoTargetSeconds: config.restoreTest.rtoTargetMinutes * 60,
          drillsEnabled: config.recovery.drills.enabled,
          drillKinds: config.recovery.drills.kinds,
          drillTargetSeconds: config.recovery.drills.targetRecoverySeconds,
        },
        now,
      ),
    ),
    settle(() => readMonthToDateCost(clients.costExplorer, stage, now)),
  ]);
  return { stage, account: config.env.account, region, at: now, alarms, services, backups, recovery, cost };
}

function withSeverity(report: StatusReport, severityOf: SeverityOf) {
  const { alarms } = report;
  return { ...report, alarms: alarms.ok ? { ok: true, value: alarms.value.map((a) => ({ ...a, severity: severityOf(a.name) })) } : alarms };
}

export function main(argv: readonly string[], io: CliIo = processIo, deps: StatusDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, async ({ values }) => {
    const stage = requireStage(values.stage);
    const [config] = resolveStageConfigs({ stage, allowPlaceholderImages: 'true', overrides: readOverrides(values['config-file']) });
    const region = values.region ?? config.env.region;
    const step = progress(io, stage);
    const clients = createClients(region, values.profile, deps.credentials);
    step(`resolving AWS credentials${values.profile ? ` (profile ${values.profile})` : ''}…`);
    try {
      await clients.cloudwatch.config.credentials();
    } catch (error) {
      throw noCredentials(values.profile, reasonOf(error));
    }
    let report: StatusReport;
    try {
      report = await readStatus(clients, stage, config, region, (deps.now ?? (() => new Date()))(), step);
    } catch (error) {
      if (isNoCredentials(error)) throw noCredentials(values.profile, reasonOf(error));
      throw error;
    }
    const sections = [report.alarms, report.services, report.backups, report.recovery, report.cost];
    const failed = sections.filter((s): s is { ok: false; reason: string } => !s.ok);
    if (
      failed.length === sections.length &&
      failed.every((s) => [...EXPIRED_CREDENTIAL_ERRORS].some((code) => s.reason.startsWith(`${code}:`)))
    )
      throw new CliError(
        `AWS refused the credentials (${failed[0].reason}): they have expired or are not valid; refresh them (\`aws sso login\`) or set AWS_PROFILE to a valid profile.`,
        1,
      );
    const severityOf = catalogSeverity(stage);
    io.out(values.json ? JSON.stringify(withSeverity(report, severityOf), null, 2) : formatStatus(report, severityOf));
    return 0;
  });
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
