import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPlatformApp } from '../../lib/app';
import { ConfigInputs, resolveStageConfigs } from '../../lib/config/resolve';
import { STAGES } from '../../lib/config/stages';
import { StageName } from '../../lib/config/stage-name';
import { StageStacks } from '../../lib/stage';
import { cdkJsonContext } from '../../scripts/support/cdk-context';
import { nagFindings, nistFindings } from './fixtures';
import { sharedSynth } from './shared-synth';

export interface SynthesizedStage {
  /** The app, the stacks and allStacks build the construct tree on first use (see synthStage). */
  readonly app: App;
  readonly stacks: StageStacks;
  readonly allStacks: Stack[];
  /** Templates by stack part (`network`, `data`, `services`, …). */
  readonly templates: Record<string, Template>;
  /** What the cloud assembly says of each stack, by part, read without building the app. */
  readonly facts: Record<keyof StageStacks, StackFacts>;
}

/** A stack's deployment facts, as its manifest entry carries them. */
export interface StackFacts {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly terminationProtection: boolean;
  /** Names of the stacks it deploys after. */
  readonly dependencies: readonly string[];
}

/** What `cdk synth` checks on a stage: CloudFormation's own validation and the cdk-nag packs. */
export interface StageGuards {
  /** CloudFormation Validate's findings on the stage's constructs (validation-report.json). */
  readonly cloudFormation: ReadonlyArray<{ readonly ruleName: string; readonly severity: string }>;
  /** Unacknowledged cdk-nag findings, as `path: rule` lines. */
  readonly awsSolutions: readonly string[];
  readonly nist: readonly string[];
}

/**
 * App images from the stage's own private ECR, as a real deploy passes them (-c apiImage, -c
 * workerImage). One value for every suite, so each stage with app images is synthesized once a run.
 */
export const APP_IMAGES: Readonly<Record<StageName, Omit<ConfigInputs, 'stage'>>> = Object.fromEntries(
  (Object.keys(STAGES) as StageName[]).map((stage) => {
    const { account, region } = STAGES[stage].env;
    const registry = `${account}.dkr.ecr.${region}.amazonaws.com`;
    return [stage, { apiImage: `${registry}/api:1.0.0`, workerImage: `${registry}/worker:1.0.0` }];
  }),
) as Record<StageName, Omit<ConfigInputs, 'stage'>>;

/** The inputs of the plain stage: the placeholder image, allowed. */
const plainInputs = (stage: StageName): ConfigInputs => ({ allowPlaceholderImages: 'true', stage });

const cache = new Map<string, SynthesizedStage>();

/**
 * Synthesizes one stage as bin/app.ts does (bundling skipped; cdk-nag packs included) and
 * memoizes it, so a test file synthesizes each stage once however many tests read it; across files
 * the templates are shared through this run's directory (shared-synth.ts), and a file that reads
 * only templates never builds the app. `app`, `stacks` and `allStacks` build it on first use.
 * Without images every stage runs the placeholder, as `-c allowPlaceholderImages=true` allows;
 * pass `allowPlaceholderImages: undefined` to get a stage's own refusal.
 */
export function synthStage(stage: StageName, inputs: Omit<ConfigInputs, 'stage'> = {}): SynthesizedStage {
  const resolved: ConfigInputs = { ...plainInputs(stage), ...inputs };
  // undefined kept in the key: `allowPlaceholderImages: undefined` is not the default.
  const key = JSON.stringify(resolved, (_key, value) => (value === undefined ? null : value));
  const cached = cache.get(key);
  if (cached) return cached;
  let built: BuiltStage | undefined;
  const build = () => {
    built ??= buildStage(stage, resolved);
    return built;
  };
  const shared = sharedSynth<SharedStage>(sharedKey(resolved), () => jsonOf(build()));
  const templates = Object.fromEntries(Object.entries(shared.templateJson).map(([part, json]) => [part, Template.fromJSON(json)]));
  const result: SynthesizedStage = {
    get app() {
      return build().app;
    },
    get stacks() {
      return build().stacks;
    },
    get allStacks() {
      return Object.values(build().stacks) as Stack[];
    },
    templates,
    facts: shared.facts,
  };
  cache.set(key, result);
  return result;
}

/** What one test file leaves for the next: JSON only. */
interface SharedStage {
  /** Templates as JSON, by stack part. */
  readonly templateJson: Record<string, Record<string, unknown>>;
  readonly facts: Record<keyof StageStacks, StackFacts>;
}

interface BuiltStage extends SharedStage {
  readonly app: App;
  readonly stacks: StageStacks;
}

/** The JSON part of a stage's stacks, as files share it; the first call synthesizes their app. */
function sharedPart(stacks: StageStacks): SharedStage {
  const parts = Object.entries(stacks) as Array<[keyof StageStacks, Stack]>;
  return {
    templateJson: Object.fromEntries(parts.map(([part, stack]) => [part, Template.fromStack(stack).toJSON()])),
    facts: Object.fromEntries(parts.map(([part, stack]) => [part, stackFacts(stack)])) as SharedStage['facts'],
  };
}

/** A build without its app and stacks: what is written to the shared entry. */
const jsonOf = ({ templateJson, facts }: BuiltStage): SharedStage => ({ templateJson, facts });

/**
 * A stage's resolved config (and cdk.json's context, the same for every test) is all its templates
 * depend on: inputs that resolve alike share one synth. Bad inputs throw here, as synth would.
 */
function sharedKey(inputs: ConfigInputs): string {
  const [config] = resolveStageConfigs(inputs);
  return JSON.stringify(config);
}

function buildStage(stage: StageName, inputs: ConfigInputs): BuiltStage {
  const app = new App({ context: cdkJsonContext() });
  const stacks = buildPlatformApp(app, inputs).get(stage)!;
  return { app, stacks, ...sharedPart(stacks) };
}

const guards = new Map<StageName, StageGuards>();

/**
 * What `cdk synth -c allowPlaceholderImages=true` checks on a plain stage: CloudFormation's own
 * validation (on, as `cdk synth` runs it) and the cdk-nag packs. The validation takes most of a
 * synth's time and says the same in every suite (test/support/env.cjs turns it off for them), so
 * one suite (stage-guards) runs it; its synth's templates go to the shared entry of the plain stage.
 */
export function stageGuards(stage: StageName): StageGuards {
  const known = guards.get(stage);
  if (known) return known;
  const inputs = plainInputs(stage);
  const validatedBuild = () => {
    const before = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'true';
    try {
      return buildStage(stage, inputs);
    } finally {
      if (before === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = before;
    }
  };
  // Built while holding the plain stage's entry, which it then fills: the suites after it read the
  // stage instead of synthesizing it again.
  let built: BuiltStage | undefined;
  sharedSynth(sharedKey(inputs), () => {
    built = validatedBuild();
    return jsonOf(built);
  });
  built ??= validatedBuild();
  const report = JSON.parse(readFileSync(path.join(built.app.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string; severity: string }> }>;
  };
  const validate = report.pluginReports.filter((r) => /CloudFormation/i.test(r.pluginName));
  if (validate.length !== 1) throw new Error(`validation-report.json holds ${validate.length} CloudFormation Validate reports, not 1`);
  const stacks = Object.values(built.stacks) as Stack[];
  const found: StageGuards = {
    cloudFormation: validate[0].violations.map(({ ruleName, severity }) => ({ ruleName, severity })),
    awsSolutions: stacks.flatMap((stack) => nagFindings(stack)),
    nist: stacks.flatMap((stack) => nistFindings(stack)),
  };
  guards.set(stage, found);
  return found;
}

function stackFacts(stack: Stack): StackFacts {
  return {
    stackName: stack.stackName,
    account: stack.account,
    region: stack.region,
    terminationProtection: stack.terminationProtection,
    dependencies: stack.dependencies.map((d) => d.stackName),
  };
}

/** Every resource of every template of a stage, with its stack part. */
export function allResources(
  synth: SynthesizedStage,
): Array<{ part: string; id: string; type: string; properties: Record<string, unknown>; deletionPolicy?: string }> {
  return Object.entries(synth.templates).flatMap(([part, template]) =>
    Object.entries(
      template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>,
    ).map(([id, r]) => ({
      part,
      id,
      type: r.Type,
      properties: r.Properties ?? {},
      deletionPolicy: r.DeletionPolicy,
    })),
  );
}
