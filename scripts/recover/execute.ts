import type { RecoveryPlan } from './plan';
import type { RebuildConfig } from './rebuild-config';

/** What `--execute` needs from the outside world; tests pass fakes and never deploy. */
export interface ExecutePorts {
  /** True when AWS credentials are available. */
  haveCredentials(region: string): Promise<boolean>;
  /** Asks the operator; resolves with what they typed ('' when there is no terminal). */
  ask(question: string): Promise<string>;
  /** Writes the override file, returns its path. */
  writeOverrides(overrides: Record<string, unknown>): string;
  /** Runs `npx cdk …` with the arguments; resolves with its exit code. */
  runCdk(args: readonly string[]): Promise<number>;
  /** Progress lines (stderr). */
  progress(line: string): void;
}

export type ExecuteOutcome =
  | { readonly deployed: true; readonly exitCode: number }
  | { readonly deployed: false; readonly exitCode: number; readonly reason: string };

/**
 * The `cdk deploy` of the rebuild, through bin/app.ts's own context: the stage, the override file
 * (`-c configFile`) and the images, so the app resolves and validates the very config the dry run
 * checked. Stacks are named (`--exclusively`) so a deferred `<stage>-dr` stack stays out, and
 * deployed concurrently where their dependencies allow.
 */
export function deployArguments(rebuild: RebuildConfig, plan: RecoveryPlan, overridesFile: string, outputsFile: string): string[] {
  const stacks = plan.stacks.filter((s) => !s.deferred).map((s) => s.stack.stackName);
  return [
    'cdk',
    'deploy',
    '--exclusively',
    ...stacks,
    '-c',
    `stage=${rebuild.stage}`,
    '-c',
    `configFile=${overridesFile}`,
    '-c',
    `apiImage=${rebuild.inputs.apiImage}`,
    '-c',
    `workerImage=${rebuild.inputs.workerImage}`,
    '--concurrency',
    '4',
    '--outputs-file',
    outputsFile,
  ];
}

/**
 * Deploys only when the plan has no problems, credentials are there and the operator typed the
 * stage's name; anything else refuses with the reason and deploys nothing.
 */
export async function executeRebuild(
  rebuild: RebuildConfig,
  plan: RecoveryPlan,
  problems: readonly string[],
  ports: ExecutePorts,
  outputsFile: string,
): Promise<ExecuteOutcome> {
  if (problems.length > 0) return { deployed: false, exitCode: 1, reason: `not deploying a plan with problems: ${problems.join('; ')}` };
  if (!(await ports.haveCredentials(plan.toRegion)))
    return {
      deployed: false,
      exitCode: 1,
      reason: `--execute needs AWS credentials for account ${rebuild.config.env.account} (none found: set AWS_PROFILE or sign in with aws sso login); nothing was deployed`,
    };
  const count = plan.stacks.filter((s) => !s.deferred).length;
  const typed = (
    await ports.ask(
      `Deploy ${count} stacks of ${rebuild.stage} to ${plan.toRegion}, database from ${rebuild.config.database.restoreFromSnapshot}? Type the stage name to confirm: `,
    )
  ).trim();
  if (typed !== rebuild.stage)
    return {
      deployed: false,
      exitCode: 1,
      reason: typed
        ? `confirmation ${JSON.stringify(typed)} is not the stage name ${JSON.stringify(rebuild.stage)}; nothing was deployed`
        : 'not confirmed (the stage name was not typed); nothing was deployed',
    };
  const file = ports.writeOverrides(rebuild.overrides);
  const args = deployArguments(rebuild, plan, file, outputsFile);
  ports.progress(`recover: npx ${args.join(' ')}`);
  const exitCode = await ports.runCdk(args);
  return { deployed: true, exitCode };
}
