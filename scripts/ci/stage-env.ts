/**
 * What a workflow must know about one stage before it reaches AWS, read from the config that
 * `cdk deploy -c stage=<stage>` deploys: its account, its region (the STS endpoint and the SDK's
 * region; an organization that denies other regions also denies their STS) and its DR region.
 * With --role-arn it also checks that the role CI is about to assume lives in the stage's account:
 * the CI roles can assume only their own account's bootstrap roles, so another account's role
 * fails half-way through a deploy.
 *
 *   tsx scripts/ci/stage-env.ts --stage <stage> [--role-arn <arn>] >> "$GITHUB_OUTPUT"
 *
 * Prints `account=…`, `region=…` and `dr-region=…` lines; on a problem, a `::error::` line on stderr and exit 1.
 */
import { readFileSync } from 'node:fs';
import { ConfigValidationError } from '../../lib/config/config-issue';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { StageConfig } from '../../lib/config/types';
import { cdkJsonContext } from '../support/cdk-context';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** The GITHUB_OUTPUT lines of one stage; throws when `roleArn` is not a role of the stage's account. */
export function stageEnvironment(config: Pick<StageConfig, 'stage' | 'env' | 'backup'>, roleArn?: string): string[] {
  if (roleArn !== undefined) {
    const account = ROLE_ARN.exec(roleArn)?.[1];
    if (account === undefined) {
      throw new Error(
        `The role to assume for ${config.stage}, ${JSON.stringify(roleArn)}, is not an IAM role ARN (arn:aws:iam::<account>:role/<name>): set it to the output DeployRoleArn (or DiffRoleArn) of the stack ${config.stage}-delivery`,
      );
    }
    if (account !== config.env.account) {
      throw new Error(
        `The role to assume for ${config.stage} is in account ${account}, but ${config.stage} deploys to account ${config.env.account} (its stage config): use the role from the outputs of ${config.stage}-delivery in account ${config.env.account}`,
      );
    }
  }
  return [`account=${config.env.account}`, `region=${config.env.region}`, `dr-region=${config.backup.drRegion}`];
}

/** The stage's config as `cdk deploy -c stage=<stage>` resolves it (the override file of cdk.json's context included); images do not matter here. */
export function stageConfig(stage: string): StageConfig {
  const configFile = cdkJsonContext().configFile;
  const overrides = typeof configFile === 'string' && configFile !== '' ? JSON.parse(readFileSync(configFile, 'utf8')) : undefined;
  return resolveStageConfigs({ stage, overrides, allowPlaceholderImages: 'true' })[0];
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index < 0 ? undefined : (args[index + 1] ?? '');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    const stage = option(args, '--stage');
    if (!stage) throw new Error('usage: stage-env --stage <stage> [--role-arn <arn>] (missing --stage)');
    process.stdout.write(`${stageEnvironment(stageConfig(stage), option(args, '--role-arn')).join('\n')}\n`);
  } catch (error) {
    const message = error instanceof ConfigValidationError || error instanceof Error ? error.message : String(error);
    // One annotation per line, so a multi-line config error shows whole in the job summary.
    for (const line of message.split('\n')) process.stderr.write(`::error::${line}\n`);
    process.exit(1);
  }
}
