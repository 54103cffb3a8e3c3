import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildResolvedPlatform } from '../../lib/app';
import { StageConfig } from '../../lib/config/types';
import { StageStacks } from '../../lib/stage';
import { type LintFinding, lint } from '../ci/cfn-lint';
import { cdkJsonContext } from '../support/cdk-context';

/** One stack of the rebuilt stage, as the plan needs it. */
export interface RebuiltStack {
  /** Part of the stage (`network`, `data`, …), as StageStacks names it. */
  readonly part: keyof StageStacks;
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  /** Stack names it deploys after. */
  readonly dependencies: readonly string[];
  /** Resource count per CloudFormation type. */
  readonly resourceTypes: Readonly<Record<string, number>>;
  readonly resourceCount: number;
  /** Secrets its task definitions' containers read; `created` when the value is a reference to a resource of the stage, not a fixed ARN. */
  readonly containerSecrets: ReadonlyArray<{ readonly container: string; readonly name: string; readonly created: boolean }>;
  /** Absolute path of its template in the assembly. */
  readonly templateFile: string;
}

export interface RebuildSynth {
  readonly stacks: readonly RebuiltStack[];
  /** Context the app asked for and did not have (a lookup): must be empty for an offline, deterministic rebuild. */
  readonly missingContext: readonly string[];
  readonly assemblyDirectory: string;
  /** Warnings synth printed (CloudFormation validation, construct annotations); errors fail the synth. */
  readonly warnings: number;
}

/**
 * Synthesizes every stack of the rebuilt stage in this process, as `cdk synth` would (cdk.json's
 * feature flags, the cdk-nag packs, CloudFormation's own validation on), with no credentials and no
 * lookups. Lambda bundling is skipped: it does not depend on the region. A nag finding or a
 * validation error throws, as it fails `cdk synth`.
 */
export function synthRebuild(config: StageConfig, outdir = mkdtempSync(join(tmpdir(), 'recover-'))): RebuildSynth {
  const before = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  const app = new App({ outdir, context: cdkJsonContext() });
  let assembly: CloudAssembly;
  let stages: Map<string, StageStacks>;
  const printed: string[] = [];
  const { error, log, warn } = console;
  // Synth prints its validation report: kept, counted, and shown only when synth fails.
  console.error = console.log = console.warn = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  try {
    ({ stages } = buildResolvedPlatform(app, { configs: [config], notices: [] }));
    assembly = app.synth();
  } catch (failure) {
    error(printed.join('\n'));
    throw failure;
  } finally {
    Object.assign(console, { error, log, warn });
    if (before === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = before;
  }
  const stacks = Object.entries(stages.get(config.stage)!) as Array<[keyof StageStacks, Stack]>;
  return {
    stacks: orderForDeploy(
      stacks.map(([part, stack]) => {
        const artifact = assembly.getStackArtifact(stack.artifactId);
        const byId = (artifact.template as { Resources?: Record<string, TemplateResource> }).Resources ?? {};
        const resources = Object.values(byId);
        const resourceTypes: Record<string, number> = {};
        for (const { Type } of resources) resourceTypes[Type] = (resourceTypes[Type] ?? 0) + 1;
        return {
          part,
          stackName: stack.stackName,
          region: artifact.environment.region,
          account: artifact.environment.account,
          dependencies: stack.dependencies.map((d) => d.stackName),
          resourceTypes,
          resourceCount: resources.length,
          containerSecrets: resources.flatMap(containerSecretsOf),
          templateFile: join(assembly.directory, artifact.templateFile),
        };
      }),
    ),
    missingContext: (assembly.manifest.missing ?? []).map((m) => `${m.key} (${m.provider})`),
    assemblyDirectory: assembly.directory,
    warnings: (printed.join('\n').match(/^WARNING /gm) ?? []).length,
  };
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: {
    readonly ContainerDefinitions?: ReadonlyArray<{
      readonly Name?: string;
      readonly Secrets?: ReadonlyArray<{ readonly Name: string; readonly ValueFrom: unknown }>;
    }>;
  };
}

function containerSecretsOf(resource: TemplateResource): RebuiltStack['containerSecrets'] {
  if (resource.Type !== 'AWS::ECS::TaskDefinition') return [];
  return (resource.Properties?.ContainerDefinitions ?? []).flatMap((container) =>
    (container.Secrets ?? []).map((secret) => ({
      container: container.Name ?? '',
      name: secret.Name,
      created: typeof secret.ValueFrom !== 'string',
    })),
  );
}

/** Stacks in an order `cdk deploy` may use: each after the stacks it depends on, otherwise as the stage builds them. */
export function orderForDeploy<T extends { stackName: string; dependencies: readonly string[] }>(stacks: readonly T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  const pending = [...stacks];
  while (pending.length > 0) {
    const next = pending.findIndex((s) => s.dependencies.every((d) => placed.has(d) || !stacks.some((x) => x.stackName === d)));
    if (next < 0) throw new Error(`stack dependencies form a cycle: ${pending.map((s) => s.stackName).join(', ')}`);
    const [stack] = pending.splice(next, 1);
    ordered.push(stack);
    placed.add(stack.stackName);
  }
  return ordered;
}

/** cfn-lint's verdict on the rebuilt templates, or why it did not run. */
export type LintOutcome =
  | { readonly ran: false; readonly note: string }
  | { readonly ran: true; readonly version: string; readonly findings: readonly LintFinding[] };

/**
 * Runs cfn-lint (when it is on PATH) over the rebuilt templates, once per region, with the
 * project's `.cfnlintrc`; not installed is a note, never a pass.
 */
export function lintRebuild(stacks: readonly RebuiltStack[], stage: string, cwd = process.cwd()): LintOutcome {
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0)
    return {
      ran: false,
      note: 'cfn-lint is not on PATH: templates not linted (pip install cfn-lint); cdk-nag and CloudFormation validation still ran',
    };
  const findings = lint(
    stacks.map((s) => ({ stage, stack: s.stackName, file: s.templateFile, region: s.region })),
    cwd,
  );
  return { ran: true, version: version.stdout.trim(), findings };
}
