import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ConfigInputs, ResolvedStages, resolveStages } from './config/resolve';
import { StageName } from './config/stage-name';
import { createStageStacks, StageStacks } from './stage';

/** The stacks of each synthesized stage, and a line for each stage left out (see resolveStages). */
export interface Platform {
  readonly stages: Map<StageName, StageStacks>;
  readonly notices: readonly string[];
}

/**
 * Builds the whole app from already-read inputs: validated configs first (nothing is created
 * when any stage is invalid), then one set of stacks per stage, then the cdk-nag gate (AwsSolutions and NIST 800-53 rev 5).
 */
export function buildPlatform(app: App, inputs: ConfigInputs = {}): Platform {
  return buildResolvedPlatform(app, resolveStages(inputs));
}

/** buildPlatform from stages already resolved (bin/app.ts resolves them before it loads the constructs). */
export function buildResolvedPlatform(app: App, { configs, notices }: ResolvedStages): Platform {
  const stages = new Map(configs.map((config) => [config.stage, createStageStacks(app, config)] as const));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  return { stages, notices };
}

/** buildPlatform's stacks, for callers that need no notices. */
export function buildPlatformApp(app: App, inputs: ConfigInputs = {}): Map<StageName, StageStacks> {
  return buildPlatform(app, inputs).stages;
}
