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

const cache = new Map<string, SynthesizedStage>();

/**
 * Synthesizes one stage exactly as bin/app.ts does (bundling skipped) and memoizes it, so a test
 * file synthesizes each stage once however many tests read it.
 */
export function synthStage(stage: StageName, inputs: Omit<ConfigInputs, 'stage'> = {}): SynthesizedStage {
  const key = JSON.stringify({ stage, inputs });
  const cached = cache.get(key);
  if (cached) return cached;
  const app = new App({ context: cdkJsonContext() });
  const stacks = buildPlatformApp(app, { ...inputs, stage }).get(stage)!;
  const allStacks = Object.values(stacks) as Stack[];
  const templates = Object.fromEntries(Object.entries(stacks).map(([part, stack]) => [part, Template.fromStack(stack as Stack)]));
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
