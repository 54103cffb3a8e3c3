import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatformApp } from '../../lib/app';
import { ConfigInputs } from '../../lib/config/resolve';
import { StageName } from '../../lib/config/types';
import { StageStacks } from '../../lib/stage';
import { cdkJsonContext } from './cdk-context';

export interface SynthesizedStage {
  readonly app: App;
  readonly stacks: StageStacks;
  /** Templates by stack part (`network`, `data`, `services`, …). */
  readonly templates: Record<string, Template>;
  readonly allStacks: Stack[];
}

export interface SynthOptions {
  /**
   * Run CDK's built-in CloudFormation Validate plugin during synth, as `cdk synth` does. It takes
   * about three quarters of a stage's synth time and its verdict does not differ between suites,
   * so one suite (stage-guards) runs it and the rest skip it (test/support/env.cjs). @default false
   */
  readonly cloudFormationValidation?: boolean;
}

const cache = new Map<string, SynthesizedStage>();

/**
 * Synthesizes one stage as bin/app.ts does (bundling skipped; cdk-nag packs included) and
 * memoizes it, so a test file synthesizes each stage once however many tests read it. Without
 * images every stage runs the placeholder, as `-c allowPlaceholderImages=true` allows; pass
 * `allowPlaceholderImages: undefined` to get a stage's own refusal.
 */
export function synthStage(stage: StageName, inputs: Omit<ConfigInputs, 'stage'> = {}, options: SynthOptions = {}): SynthesizedStage {
  const resolved: ConfigInputs = { allowPlaceholderImages: 'true', ...inputs, stage };
  // undefined kept in the key: `allowPlaceholderImages: undefined` is not the default.
  const key = JSON.stringify({ resolved, options }, (_key, value) => (value === undefined ? null : value));
  const cached = cache.get(key);
  if (cached) return cached;
  const app = new App({ context: cdkJsonContext() });
  const stacks = buildPlatformApp(app, resolved).get(stage)!;
  const allStacks = Object.values(stacks) as Stack[];
  const validation = process.env.CDK_VALIDATION;
  if (options.cloudFormationValidation) process.env.CDK_VALIDATION = 'true';
  let templates: Record<string, Template>;
  try {
    // The first Template.fromStack synthesizes the app; CDK reads CDK_VALIDATION then.
    templates = Object.fromEntries(Object.entries(stacks).map(([part, stack]) => [part, Template.fromStack(stack as Stack)]));
  } finally {
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
  }
  const result = { app, stacks, templates, allStacks };
  cache.set(key, result);
  return result;
}

/** Every resource of every template of a stage, with its stack part. */
export function allResources(synth: SynthesizedStage): Array<{ part: string; id: string; type: string; properties: Record<string, unknown>; deletionPolicy?: string }> {
  return Object.entries(synth.templates).flatMap(([part, template]) =>
    Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>).map(([id, r]) => ({
      part,
      id,
      type: r.Type,
      properties: r.Properties ?? {},
      deletionPolicy: r.DeletionPolicy,
    })),
  );
}
