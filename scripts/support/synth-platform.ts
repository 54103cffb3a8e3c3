import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildPlatformApp } from '../../lib/app';
import { ConfigInputs } from '../../lib/config/resolve';
import { StageName } from '../../lib/config/stage-name';
import { StageStacks } from '../../lib/stage';
import { cdkJsonContext } from './cdk-context';

/**
 * Builds the platform app as bin/app.ts does (cdk.json's feature flags, Lambda bundling skipped)
 * and synthesizes it for the report scripts. CDK's CloudFormation Validate plugin is skipped (it
 * takes most of a synth and no report reads it; `cdk synth` and the stage-guards tests run it),
 * and synth's messages are shown only when synth fails, so a report's stdout is the report alone.
 * The synth runs construct validations, which record some cdk-nag acknowledgements. Reports read
 * the stacks, not the images, so the placeholder is allowed in every stage unless `inputs` say otherwise.
 */
export function synthPlatform(
  inputs: ConfigInputs = {},
  context: Record<string, unknown> = {},
): { stages: Map<StageName, StageStacks>; assembly: CloudAssembly } {
  process.env.CDK_VALIDATION = 'false';
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  const stages = buildPlatformApp(app, { allowPlaceholderImages: 'true', ...inputs });
  const messages: unknown[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => messages.push(...args);
  try {
    return { stages, assembly: app.synth() };
  } catch (error) {
    consoleError(...messages);
    throw error;
  } finally {
    console.error = consoleError;
  }
}
