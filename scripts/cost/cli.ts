/**
 * Pre-deploy cost estimate from synthesized templates.
 *
 *   npx cdk synth && npm run cost -- --stage prod
 *   npm run cost -- --stage prod --out path/to/cdk.out --json
 *   npm run cost -- --compare-stage dev prod
 *   npm run cost -- --stage prod --compare main.out cdk.out      (e.g. main branch vs this branch)
 */
import { readAssembly, stageStacks } from './assembly';
import { compareEstimates, estimate } from './estimate';
import { formatComparison, formatEstimate } from './format';
import type { StackTemplate } from './template';

export interface CliOptions {
  readonly stage?: string;
  readonly out: string;
  readonly compare?: readonly [string, string];
  readonly compareStages?: readonly [string, string];
  readonly json: boolean;
  readonly region: string;
}

const USAGE = `Usage: npm run cost -- --stage <stage> [--out cdk.out] [--json] [--region eu-west-1]
       npm run cost -- --compare-stage <stageA> <stageB> [--out cdk.out] [--json]
       npm run cost -- [--stage <stage>] --compare <dirA> <dirB> [--json]
Reads the templates \`npx cdk synth\` wrote (run it first) and prints an itemized monthly estimate.`;

export function parseArgs(argv: readonly string[]): CliOptions {
  let stage: string | undefined;
  let out = 'cdk.out';
  let compare: [string, string] | undefined;
  let compareStages: [string, string] | undefined;
  let json = false;
  let region = 'eu-west-1';
  const value = (i: number, flag: string) => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--stage') stage = value(++i, flag);
    else if (flag === '--out') out = value(++i, flag);
    else if (flag === '--region') region = value(++i, flag);
    else if (flag === '--json') json = true;
    else if (flag === '--compare') compare = [value(++i, flag), value(++i, flag)];
    else if (flag === '--compare-stage') compareStages = [value(++i, flag), value(++i, flag)];
    else throw new Error(`Unknown argument ${flag}.\n${USAGE}`);
  }
  if (!stage && !compare && !compareStages) throw new Error(`Say which stage: --stage <stage>.\n${USAGE}`);
  return { stage, out, compare, compareStages, json, region };
}

function load(dir: string, stage: string | undefined, region: string): StackTemplate[] {
  const all = readAssembly(dir, region);
  const stacks = stage ? stageStacks(all, stage) : all;
  if (stacks.length === 0) {
    throw new Error(`No stack templates${stage ? ` named ${stage}-*` : ''} in ${dir}. Run \`npx cdk synth\` first, or pass --out <dir>.`);
  }
  return stacks;
}

/** Runs the CLI; returns the exit code. Output goes to `write`, errors to `writeError`. */
export function main(argv: readonly string[], write: (text: string) => void, writeError: (text: string) => void): number {
  try {
    const options = parseArgs(argv);
    if (options.compare || options.compareStages) {
      const [a, b] = options.compare ?? options.compareStages!;
      const [dirA, dirB] = options.compare ? [a, b] : [options.out, options.out];
      const [stageA, stageB] = options.compare ? [options.stage, options.stage] : [a, b];
      const comparison = compareEstimates(estimate(load(dirA, stageA, options.region)), estimate(load(dirB, stageB, options.region)));
      const label = (dir: string, stage?: string) => (options.compare ? dir : (stage ?? dir));
      write(options.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison, label(dirA, stageA), label(dirB, stageB)));
      return 0;
    }
    const result = estimate(load(options.out, options.stage, options.region));
    write(
      options.json
        ? JSON.stringify({ stage: options.stage, ...result }, null, 2)
        : formatEstimate(result, `Estimated monthly cost of ${options.stage}`),
    );
    return 0;
  } catch (error) {
    writeError((error as Error).message);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = main(
    process.argv.slice(2),
    (text) => process.stdout.write(`${text}\n`),
    (text) => process.stderr.write(`${text}\n`),
  );
}
