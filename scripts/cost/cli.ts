/**
 * Pre-deploy cost estimate from synthesized templates; see USAGE. Synthesizes `cdk.out` first when
 * it is missing, lacks the stage, or is older than the code (scripts/support/fresh-assembly.ts).
 */
import * as path from 'node:path';
import { type CliIo, processIo, progress, requireStage, runCli, UsageError, exitWith, parseStage } from '../support/cli';
import { DEFAULT_ASSEMBLY_DIR, ensureAssembly, type Synthesize } from '../support/fresh-assembly';
import { readAssembly, stageStacks } from './assembly';
import { compareEstimates, estimate } from './estimate';
import { formatComparison, formatEstimate, unpricedCount } from './format';
import type { StackTemplate } from './template';

export const USAGE = `Usage: npm run cost -- --stage <stage> [--out <dir>] [--json] [--region <region>] [--skip-synth]
       npm run cost -- --compare-stage <stageA> <stageB> [--out <dir>] [--json]
       npm run cost -- [--stage <stage>] --compare <dirA> <dirB> [--json]

Itemized monthly estimate of a stage at list prices, from its synthesized CloudFormation templates.
Synthesizes cdk.out first (\`npx cdk synth --quiet -c allowPlaceholderImages=true\`) when it is missing,
lacks the stage, or is older than bin/, lib/, lambda/, cdk.json or package-lock.json.
Resources it cannot price are listed, and the total then says "partial".

Options:
  --stage <stage>            the stage to estimate: dev, staging or prod
  --out <dir>                read this cloud assembly instead of cdk.out (read as it is, never synthesized)
  --json                     machine-readable output (CI's cost comment reads it)
  --region <region>          price stacks whose template names no region as this one (default eu-west-1)
  --compare-stage <a> <b>    two stages of one assembly, per resource group
  --compare <dirA> <dirB>    two assemblies (e.g. main's and this branch's), per resource group
  --skip-synth               read cdk.out as it is, even when older than the code
  -h, --help                 this text

Progress goes to stderr; stdout holds only the estimate.`;

const OPTIONS = {
  stage: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  region: { type: 'string' },
  compare: { type: 'boolean' },
  'compare-stage': { type: 'boolean' },
  'skip-synth': { type: 'boolean' },
} as const;

export interface CostDependencies {
  /** Runs the synth into a folder; `npx cdk synth` unless a test gives its own. */
  readonly synthesize?: Synthesize;
  /** Folder relative paths are resolved against. @default the working directory (npm runs scripts at the repository root) */
  readonly cwd?: string;
}

function load(dir: string, stage: string | undefined, region: string): StackTemplate[] {
  const all = readAssembly(dir, region);
  const stacks = stage ? stageStacks(all, stage) : all;
  if (stacks.length === 0) {
    throw new Error(`No stack templates${stage ? ` named ${stage}-*` : ''} in ${dir}. Run \`npx cdk synth\` first, or pass --out <dir>.`);
  }
  return stacks;
}

/** Runs the CLI; returns the exit code. The result goes to `io.out`, progress and errors to `io.err`. */
export function main(argv: readonly string[], io: CliIo = processIo, deps: CostDependencies = {}): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS, allowPositionals: true }, argv, io, ({ values, positionals }) => {
    const region = values.region ?? 'eu-west-1';
    const pair = values.compare || values['compare-stage'];
    if (values.compare && values['compare-stage']) throw new UsageError('--compare and --compare-stage exclude each other');
    if (pair && positionals.length !== 2)
      throw new UsageError(`${values.compare ? '--compare' : '--compare-stage'} needs two values, got ${positionals.length}`);
    if (!pair && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const explicitOut = values.out !== undefined;
    const out = values.out ?? DEFAULT_ASSEMBLY_DIR;
    const cwd = deps.cwd ?? process.cwd();
    const at = (dir: string) => path.resolve(cwd, dir);
    const stage = values.stage === undefined ? undefined : parseStage(values.stage);

    if (values.compare) {
      const [dirA, dirB] = positionals;
      progress(io, stage)(`pricing ${dirA} and ${dirB}…`);
      const comparison = compareEstimates(estimate(load(at(dirA), stage, region)), estimate(load(at(dirB), stage, region)));
      io.out(values.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison, dirA, dirB));
      return 0;
    }
    // A folder given with --out is read as it is (another checkout's, CI's); cdk.out is kept current.
    const fresh = (forStage: string) =>
      explicitOut ||
      ensureAssembly({
        dir: at(out),
        stage: forStage,
        skipSynth: values['skip-synth'] === true,
        progress: progress(io, forStage),
        synthesize: deps.synthesize,
      });
    if (values['compare-stage']) {
      const [a, b] = positionals.map(parseStage);
      fresh(a);
      fresh(b);
      const priced = (s: string) => {
        const stacks = load(at(out), s, region);
        progress(io, s)(`pricing ${countResources(stacks)} resources…`);
        return estimate(stacks);
      };
      const comparison = compareEstimates(priced(a), priced(b));
      io.out(values.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison, a, b));
      return 0;
    }
    const only = requireStage(stage);
    fresh(only);
    const stacks = load(at(out), only, region);
    progress(io, only)(`pricing ${countResources(stacks)} resources…`);
    const result = estimate(stacks);
    if (result.partial) progress(io, only)(`partial: ${unpricedCount(result)} resources not priced (listed with the estimate)`);
    io.out(values.json ? JSON.stringify({ stage: only, ...result }, null, 2) : formatEstimate(result, `Estimated monthly cost of ${only}`));
    return 0;
  });
}

function countResources(stacks: readonly StackTemplate[]): number {
  return stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
